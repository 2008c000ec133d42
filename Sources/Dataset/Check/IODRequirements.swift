import VolumeKit

/// The Type 1 attributes each SOP Class needs (`IODRequirementsTable`, generated from the
/// standard's tables), parsed once.
enum IODRequirements {
    struct Requirement: Sendable {
        var iod: String
        var tags: [DICOMTag]
    }

    static let bySOPClass: [String: Requirement] = {
        var modules: [String: [DICOMTag]] = [:]
        for line in IODRequirementsTable.modules.split(separator: "\n") {
            let parts = line.split(separator: "|", omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            modules[String(parts[0])] = parts[2].split(separator: ",").compactMap(tag)
        }
        var out: [String: Requirement] = [:]
        for line in IODRequirementsTable.sopClasses.split(separator: "\n") {
            let parts = line.split(separator: "|", omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            var tags: [DICOMTag] = []
            for module in parts[2].split(separator: ",") {
                for t in modules[String(module)] ?? [] where !tags.contains(t) { tags.append(t) }
            }
            out[String(parts[0])] = Requirement(iod: String(parts[1]), tags: tags.sorted())
        }
        return out
    }()

    static let keywords: [DICOMTag: String] = {
        var out: [DICOMTag: String] = [:]
        for line in IODRequirementsTable.keywords.split(separator: "\n") {
            let parts = line.split(separator: "|")
            if parts.count == 2, let t = tag(parts[0]) { out[t] = String(parts[1]) }
        }
        return out
    }()

    static func keyword(_ tag: DICOMTag) -> String { keywords[tag] ?? DICOMDictionary.name(for: tag) }

    private static func tag(_ hex: Substring) -> DICOMTag? {
        UInt32(hex, radix: 16).map(DICOMTag.init(rawValue:))
    }

    /// Attributes without which an image cannot be placed in space, its pixels not read, or its
    /// modality's values not turned into units: missing, they are errors; other Type 1 attributes
    /// missing are warnings.
    static let essential: Set<String> = [
        "SOPClassUID", "SOPInstanceUID", "SeriesInstanceUID", "StudyInstanceUID", "Modality",
        "Rows", "Columns", "BitsAllocated", "BitsStored", "HighBit", "PixelRepresentation", "SamplesPerPixel",
        "PhotometricInterpretation", "PixelData", "ImagePositionPatient", "ImageOrientationPatient",
        "PixelSpacing", "FrameOfReferenceUID", "RescaleIntercept", "RescaleSlope", "ImageType",
        "ScanningSequence", "SequenceVariant",
    ]
}

/// Attributes that `check` reads by keyword.
enum CheckTags {
    static let sopClassUID = DICOMTag(0x0008, 0x0016)
    static let sopInstanceUID = DICOMTag(0x0008, 0x0018)
    static let modality = DICOMTag(0x0008, 0x0060)
    static let manufacturer = DICOMTag(0x0008, 0x0070)
    static let model = DICOMTag(0x0008, 0x1090)
    static let seriesDescription = DICOMTag(0x0008, 0x103E)
    static let studyInstanceUID = DICOMTag(0x0020, 0x000D)
    static let seriesInstanceUID = DICOMTag(0x0020, 0x000E)
    static let seriesNumber = DICOMTag(0x0020, 0x0011)
    static let imagePosition = DICOMTag(0x0020, 0x0032)
    static let imageOrientation = DICOMTag(0x0020, 0x0037)
    static let rows = DICOMTag(0x0028, 0x0010)
    static let columns = DICOMTag(0x0028, 0x0011)
    static let numberOfFrames = DICOMTag(0x0028, 0x0008)
    static let pixelSpacing = DICOMTag(0x0028, 0x0030)
    static let sliceThickness = DICOMTag(0x0018, 0x0050)
    static let kvp = DICOMTag(0x0018, 0x0060)
    static let repetitionTime = DICOMTag(0x0018, 0x0080)
    static let echoTime = DICOMTag(0x0018, 0x0081)
    static let fieldStrength = DICOMTag(0x0018, 0x0087)
    static let patientIdentityRemoved = DICOMTag(0x0012, 0x0062)
    static let directoryRecordClass = "1.2.840.10008.1.3.10"
    static let directoryRecordSequence = DICOMTag(0x0004, 0x1220)

    /// Patient and study attributes that every file of a series must share.
    static let identity: [(String, DICOMTag)] = [
        ("PatientID", DICOMTag(0x0010, 0x0020)), ("PatientName", DICOMTag(0x0010, 0x0010)),
        ("PatientBirthDate", DICOMTag(0x0010, 0x0030)), ("PatientSex", DICOMTag(0x0010, 0x0040)),
        ("StudyInstanceUID", studyInstanceUID), ("StudyDate", DICOMTag(0x0008, 0x0020)),
        ("StudyID", DICOMTag(0x0020, 0x0010)), ("AccessionNumber", DICOMTag(0x0008, 0x0050)),
        ("FrameOfReferenceUID", DICOMTag(0x0020, 0x0052)),
    ]

    /// Attributes that identify a person or a place directly (PS3.15 Annex E marks them all for
    /// removal or replacement). Patient Name and ID are left out when Patient Identity Removed
    /// (0012,0062) is YES: they are then pseudonyms.
    static let identifying: [(String, DICOMTag)] = [
        ("PatientName", DICOMTag(0x0010, 0x0010)), ("PatientID", DICOMTag(0x0010, 0x0020)),
        ("PatientBirthDate", DICOMTag(0x0010, 0x0030)), ("OtherPatientIDs", DICOMTag(0x0010, 0x1000)),
        ("OtherPatientNames", DICOMTag(0x0010, 0x1001)), ("PatientAddress", DICOMTag(0x0010, 0x1040)),
        ("PatientTelephoneNumbers", DICOMTag(0x0010, 0x2154)), ("PatientMotherBirthName", DICOMTag(0x0010, 0x1060)),
        ("MilitaryRank", DICOMTag(0x0010, 0x1080)), ("MedicalRecordLocator", DICOMTag(0x0010, 0x1090)),
        ("ReferringPhysicianName", DICOMTag(0x0008, 0x0090)), ("PerformingPhysicianName", DICOMTag(0x0008, 0x1050)),
        ("OperatorsName", DICOMTag(0x0008, 0x1070)), ("InstitutionName", DICOMTag(0x0008, 0x0080)),
        ("InstitutionAddress", DICOMTag(0x0008, 0x0081)), ("AccessionNumber", DICOMTag(0x0008, 0x0050)),
    ]
    static let pseudonymised: Set<String> = ["PatientName", "PatientID"]
}
