/// A DICOM attribute tag, (group, element), packed as `group << 16 | element` so tags compare in
/// the order they are stored in a dataset.
public struct DICOMTag: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32

    public init(_ group: UInt16, _ element: UInt16) {
        rawValue = UInt32(group) << 16 | UInt32(element)
    }

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public var group: UInt16 { UInt16(rawValue >> 16) }
    public var element: UInt16 { UInt16(truncatingIfNeeded: rawValue) }
    /// Odd groups (other than 1, 3, 5, 7, FFFF) hold vendor data the standard does not describe.
    public var isPrivate: Bool { group & 1 == 1 && group > 0x0008 && group != 0xFFFF }

    /// "(0010,0010)", the form radiologists and every DICOM tool print.
    public var description: String { "(\(hex4(group)),\(hex4(element)))" }

    public static func < (a: DICOMTag, b: DICOMTag) -> Bool { a.rawValue < b.rawValue }
}

func hex4(_ v: UInt16) -> String {
    let digits = Array("0123456789ABCDEF".utf8)
    var out = [UInt8](repeating: 0, count: 4)
    for n in 0..<4 { out[n] = digits[Int(v >> (12 - 4 * n)) & 0xF] }
    return String(decoding: out, as: UTF8.self)
}

/// The tags the reader itself looks at.
extension DICOMTag {
    static let fileMetaGroupLength = DICOMTag(0x0002, 0x0000)
    static let transferSyntaxUID = DICOMTag(0x0002, 0x0010)
    static let specificCharacterSet = DICOMTag(0x0008, 0x0005)
    static let imageType = DICOMTag(0x0008, 0x0008)
    static let sopClassUID = DICOMTag(0x0008, 0x0016)
    static let sopInstanceUID = DICOMTag(0x0008, 0x0018)
    static let modality = DICOMTag(0x0008, 0x0060)
    static let seriesDescription = DICOMTag(0x0008, 0x103E)
    static let studyInstanceUID = DICOMTag(0x0020, 0x000D)
    static let seriesInstanceUID = DICOMTag(0x0020, 0x000E)
    static let seriesNumber = DICOMTag(0x0020, 0x0011)
    static let instanceNumber = DICOMTag(0x0020, 0x0013)
    static let imagePositionPatient = DICOMTag(0x0020, 0x0032)
    static let imageOrientationPatient = DICOMTag(0x0020, 0x0037)
    static let frameOfReferenceUID = DICOMTag(0x0020, 0x0052)
    static let temporalPositionIndex = DICOMTag(0x0020, 0x9128)
    static let sliceThickness = DICOMTag(0x0018, 0x0050)
    static let samplesPerPixel = DICOMTag(0x0028, 0x0002)
    static let photometricInterpretation = DICOMTag(0x0028, 0x0004)
    static let planarConfiguration = DICOMTag(0x0028, 0x0006)
    static let numberOfFrames = DICOMTag(0x0028, 0x0008)
    static let rows = DICOMTag(0x0028, 0x0010)
    static let columns = DICOMTag(0x0028, 0x0011)
    static let pixelSpacing = DICOMTag(0x0028, 0x0030)
    static let imagerPixelSpacing = DICOMTag(0x0018, 0x1164)
    static let bitsAllocated = DICOMTag(0x0028, 0x0100)
    static let bitsStored = DICOMTag(0x0028, 0x0101)
    static let highBit = DICOMTag(0x0028, 0x0102)
    static let pixelRepresentation = DICOMTag(0x0028, 0x0103)
    static let windowCenter = DICOMTag(0x0028, 0x1050)
    static let windowWidth = DICOMTag(0x0028, 0x1051)
    static let windowExplanation = DICOMTag(0x0028, 0x1055)
    static let rescaleIntercept = DICOMTag(0x0028, 0x1052)
    static let rescaleSlope = DICOMTag(0x0028, 0x1053)
    static let redPaletteDescriptor = DICOMTag(0x0028, 0x1101)
    static let greenPaletteDescriptor = DICOMTag(0x0028, 0x1102)
    static let bluePaletteDescriptor = DICOMTag(0x0028, 0x1103)
    static let redPaletteData = DICOMTag(0x0028, 0x1201)
    static let greenPaletteData = DICOMTag(0x0028, 0x1202)
    static let bluePaletteData = DICOMTag(0x0028, 0x1203)
    static let segmentedRedPaletteData = DICOMTag(0x0028, 0x1221)
    static let segmentedGreenPaletteData = DICOMTag(0x0028, 0x1222)
    static let segmentedBluePaletteData = DICOMTag(0x0028, 0x1223)
    static let realWorldValueMappingSequence = DICOMTag(0x0040, 0x9096)
    static let realWorldValueIntercept = DICOMTag(0x0040, 0x9224)
    static let realWorldValueSlope = DICOMTag(0x0040, 0x9225)
    static let sharedFunctionalGroups = DICOMTag(0x5200, 0x9229)
    static let perFrameFunctionalGroups = DICOMTag(0x5200, 0x9230)
    static let pixelMeasuresSequence = DICOMTag(0x0028, 0x9110)
    static let planePositionSequence = DICOMTag(0x0020, 0x9113)
    static let planeOrientationSequence = DICOMTag(0x0020, 0x9116)
    static let pixelValueTransformationSequence = DICOMTag(0x0028, 0x9145)
    static let frameContentSequence = DICOMTag(0x0020, 0x9111)
    static let dimensionIndexValues = DICOMTag(0x0020, 0x9157)
    static let stackID = DICOMTag(0x0020, 0x9056)
    static let inStackPositionNumber = DICOMTag(0x0020, 0x9057)
    static let gridFrameOffsetVector = DICOMTag(0x3004, 0x000C)
    static let doseGridScaling = DICOMTag(0x3004, 0x000E)
    static let extendedOffsetTable = DICOMTag(0x7FE0, 0x0001)
    static let extendedOffsetTableLengths = DICOMTag(0x7FE0, 0x0002)
    static let floatPixelData = DICOMTag(0x7FE0, 0x0008)
    static let doubleFloatPixelData = DICOMTag(0x7FE0, 0x0009)
    static let pixelData = DICOMTag(0x7FE0, 0x0010)
    static let item = DICOMTag(0xFFFE, 0xE000)
    static let itemDelimitation = DICOMTag(0xFFFE, 0xE00D)
    static let sequenceDelimitation = DICOMTag(0xFFFE, 0xE0DD)
}
