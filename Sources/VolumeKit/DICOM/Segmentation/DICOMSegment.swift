/// One segment of a DICOM Segmentation, as its Segment Sequence (0062,0002) item describes it.
public struct DICOMSegment: Sendable, Equatable {
    /// Segment Number (0062,0004): 1, 2, …; it becomes the label value in a label map.
    public var number: Int
    /// Segment Label (0062,0005).
    public var label: String
    /// Segment Description (0062,0006).
    public var description: String?
    /// Segment Algorithm Type (0062,0008): AUTOMATIC, SEMIAUTOMATIC or MANUAL.
    public var algorithmType: String?
    /// Segment Algorithm Name (0062,0009).
    public var algorithmName: String?
    /// Code Meaning of the Segmented Property Category and Type codes ("Tissue", "Liver").
    public var propertyCategory: String?
    public var propertyType: String?
    /// Recommended Display CIELab Value (0062,000D), when the file gives one.
    public var recommendedColor: CIELabColor?

    public init(number: Int, label: String, description: String? = nil, algorithmType: String? = nil,
                algorithmName: String? = nil, propertyCategory: String? = nil, propertyType: String? = nil,
                recommendedColor: CIELabColor? = nil) {
        self.number = number
        self.label = label
        self.description = description
        self.algorithmType = algorithmType
        self.algorithmName = algorithmName
        self.propertyCategory = propertyCategory
        self.propertyType = propertyType
        self.recommendedColor = recommendedColor
    }

    /// The recommended colour in 8-bit sRGB, nil when the file recommends none.
    public var color: SIMD3<UInt8>? { recommendedColor?.sRGB }

    static func read(_ item: DICOMDataset) -> DICOMSegment? {
        guard let number = item.int(.segmentNumber) else { return nil }
        let lab = item.numbers(.recommendedDisplayCIELabValue)
        var color: CIELabColor?
        if lab.count >= 3, lab.prefix(3).allSatisfy({ $0 >= 0 && $0 <= 65535 }) {
            color = CIELabColor(dicomValue: SIMD3(UInt16(lab[0]), UInt16(lab[1]), UInt16(lab[2])))
        }
        return DICOMSegment(
            number: number,
            label: item.string(.segmentLabel) ?? "segment \(number)",
            description: item.string(.segmentDescription),
            algorithmType: item.string(.segmentAlgorithmType),
            algorithmName: item.string(.segmentAlgorithmName),
            propertyCategory: item.items(.segmentedPropertyCategoryCodeSequence).first?.string(.codeMeaning),
            propertyType: item.items(.segmentedPropertyTypeCodeSequence).first?.string(.codeMeaning),
            recommendedColor: color)
    }
}

/// Segmentation Type (0062,0001).
public enum DICOMSegmentationType: String, Sendable, Equatable {
    /// One bit a pixel: in the segment or not.
    case binary = "BINARY"
    /// A fraction a pixel (probability or occupancy), 0…Maximum Fractional Value (0062,000E);
    /// a pixel is taken to be in the segment when its value is at least half the maximum.
    case fractional = "FRACTIONAL"
    /// A Label Map Segmentation (SOP Class …66.7): 8 or 16 bits a pixel, each value the number
    /// of the segment the pixel is in, 0 none.
    case labelMap = "LABELMAP"
}
