import Foundation
import VolumeKit

/// What the profile was asked to do, beyond the basic profile.
public struct DeidSettings: Sendable {
    public var options: Set<DeidOption>
    /// Rectangles blanked in every frame of native (uncompressed) pixel data.
    public var cleanPixels: [PixelRectangle]
    /// The private attributes kept under the Retain Safe Private Option (with that option only).
    public var safePrivate: SafePrivateList?

    public init(options: Set<DeidOption> = [], cleanPixels: [PixelRectangle] = [], safePrivate: SafePrivateList? = nil) {
        self.options = options
        self.cleanPixels = cleanPixels
        self.safePrivate = options.contains(.retainSafePrivate) ? safePrivate : nil
    }
}

public struct PixelRectangle: Sendable, Equatable {
    public var x: Int, y: Int, width: Int, height: Int

    /// `x,y,w,h;x,y,w,h…`
    public static func parse(_ text: String) throws(DeidError) -> [PixelRectangle] {
        var out: [PixelRectangle] = []
        for part in text.split(separator: ";") {
            let n = part.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard n.count == 4, n[0] >= 0, n[1] >= 0, n[2] > 0, n[3] > 0 else { throw .badRectangles(text) }
            out.append(PixelRectangle(x: n[0], y: n[1], width: n[2], height: n[3]))
        }
        if out.isEmpty { throw .badRectangles(text) }
        return out
    }
}

/// One de-identified DICOM file, and what the report and the map need to know of it.
public struct DeidDICOMResult: Sendable {
    public var bytes: [UInt8]
    public var pseudonym: String
    public var studyUID: String
    public var seriesUID: String
    public var sopUID: String
    /// Why its pixels may show burned-in text (empty: no known reason).
    public var burnedInRisks: [String]
    public var notes: [String]
    /// (kind, old, new) rows for the map.
    public var rows: [(String, String, String)]
    public var privateRemoved: Int
    /// Private elements kept as safe (their creators not counted).
    public var privateKept: Int
}

extension DICOMTag {
    static let deidPatientName = DICOMTag(0x0010, 0x0010)
    static let deidPatientID = DICOMTag(0x0010, 0x0020)
    static let deidStudyUID = DICOMTag(0x0020, 0x000D)
    static let deidSeriesUID = DICOMTag(0x0020, 0x000E)
    static let deidSOPUID = DICOMTag(0x0008, 0x0018)
    static let deidSOPClass = DICOMTag(0x0008, 0x0016)
    static let deidModality = DICOMTag(0x0008, 0x0060)
    static let deidImageType = DICOMTag(0x0008, 0x0008)
    static let deidConversionType = DICOMTag(0x0008, 0x0064)
    static let deidBurnedIn = DICOMTag(0x0028, 0x0301)
    static let deidIdentityRemoved = DICOMTag(0x0012, 0x0062)
    static let deidMethod = DICOMTag(0x0012, 0x0063)
    static let deidMethodCodes = DICOMTag(0x0012, 0x0064)
    static let deidLongitudinal = DICOMTag(0x0028, 0x0303)
    static let deidMediaSOPUID = DICOMTag(0x0002, 0x0003)
    static let deidPixelData = DICOMTag(0x7FE0, 0x0010)
}

/// The Basic Application Level Confidentiality Profile applied to one file's raw elements.
public struct DeidDICOM: Sendable {
    public let keys: DeidKeys
    public let settings: DeidSettings

    public init(keys: DeidKeys, settings: DeidSettings) {
        self.keys = keys
        self.settings = settings
    }

    static let vrPN = DICOMValueRepresentation.named("PN")!, vrLO = DICOMValueRepresentation.named("LO")!
    static let vrCS = DICOMValueRepresentation.named("CS")!, vrSQ = DICOMValueRepresentation.named("SQ")!
    static let vrSH = DICOMValueRepresentation.named("SH")!, vrUI = DICOMValueRepresentation.named("UI")!

    public func run(_ input: DICOMRawFile, path: String) throws(DeidError) -> DeidDICOMResult {
        var run = Run(deid: self, top: input.dataset)
        var file = input
        file.dataset = run.elements(input.dataset)
        if !settings.cleanPixels.isEmpty { run.cleanPixels(&file.dataset, encapsulated: input.transferSyntax.isEncapsulated) }
        file.dataset = run.markers(file.dataset)
        file.meta = input.meta.compactMap { e -> DICOMRawElement? in
            switch e.tag.rawValue {
            case 0x0002_0016, 0x0002_0017, 0x0002_0018, 0x0002_0100, 0x0002_0102: return nil
            case 0x0002_0003 where !settings.options.contains(.retainUIDs):
                return .text(e.tag, e.vr, run.mapUID(Run.text(e.bytes)))
            default: return e
            }
        }
        if file.meta.isEmpty || file.preamble == nil { addFileMeta(&file) }
        let bytes: [UInt8]
        do { bytes = try DICOMRawWriter.write(file) } catch { throw .unreadable(path: path, reason: error.description) }
        let value = { (tag: DICOMTag) in file.dataset.first { $0.tag == tag }.map { Run.text($0.bytes) } ?? "" }
        return DeidDICOMResult(bytes: [], pseudonym: run.pseudonym, studyUID: value(.deidStudyUID),
                               seriesUID: value(.deidSeriesUID), sopUID: value(.deidSOPUID),
                               burnedInRisks: Self.burnedInRisks(input.dataset), notes: run.notes,
                               rows: run.rows, privateRemoved: run.privateRemoved,
                               privateKept: run.privateKept)
            .with(bytes: bytes)
    }

    /// A file without a preamble or meta group is written as a proper Part 10 file.
    func addFileMeta(_ file: inout DICOMRawFile) {
        file.preamble = [UInt8](repeating: 0, count: 128)
        guard file.meta.isEmpty else { return }
        func value(_ tag: DICOMTag) -> String { file.dataset.first { $0.tag == tag }.map { Run.text($0.bytes) } ?? "" }
        let ob = DICOMValueRepresentation.named("OB")!
        file.meta = [
            DICOMRawElement(tag: DICOMTag(0x0002, 0x0001), vr: ob, value: .bytes([0, 1])),
            .text(DICOMTag(0x0002, 0x0002), Self.vrUI, value(.deidSOPClass)),
            .text(.deidMediaSOPUID, Self.vrUI, value(.deidSOPUID)),
            .text(DICOMTag(0x0002, 0x0010), Self.vrUI, file.transferSyntax.uid),
            .text(DICOMTag(0x0002, 0x0012), Self.vrUI, Self.implementationClassUID),
        ]
    }

    /// slicemark's Implementation Class UID, fixed.
    static let implementationClassUID = DeidKeys(secret: Array("slicemark".utf8)).uid(for: "implementation class")

    /// Reasons the pixels of a dataset may show text (PS3.15 E.3.1: the profile does not clean them).
    public static func burnedInRisks(_ dataset: [DICOMRawElement]) -> [String] {
        func value(_ tag: DICOMTag) -> String { dataset.first { $0.tag == tag }.map { Run.text($0.bytes) } ?? "" }
        var risks: [String] = []
        if value(.deidBurnedIn).uppercased() == "YES" { risks.append("Burned In Annotation is YES") }
        let sopClass = value(.deidSOPClass), modality = value(.deidModality).uppercased()
        if sopClass.hasPrefix("1.2.840.10008.5.1.4.1.1.7") { risks.append("secondary capture") }
        if modality == "US" || sopClass.hasPrefix("1.2.840.10008.5.1.4.1.1.6.") || sopClass.hasPrefix("1.2.840.10008.5.1.4.1.1.3.") {
            risks.append("ultrasound")
        }
        let imageType = value(.deidImageType).uppercased()
        if imageType.contains("SCREEN") || ["WSD", "SD", "DRW"].contains(value(.deidConversionType).uppercased()) {
            risks.append("screen capture")
        }
        if modality == "OT" || modality == "DOC" { risks.append("modality \(modality)") }
        return risks
    }
}

extension DeidDICOMResult {
    func with(bytes: [UInt8]) -> DeidDICOMResult {
        var copy = self
        copy.bytes = bytes
        return copy
    }
}
