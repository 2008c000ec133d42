/// The figures `slicemark agree` prints, pair by pair (annotator names sorted in each pair).
public struct AgreementReport: Sendable {
    /// The radii (mm) of the landmark success rates: the cephalometric convention.
    public static let successRadii: [Double] = [2, 2.5, 3, 4]

    public struct LandmarkFigures: Sendable, Equatable {
        public var matched: Int
        public var mreMM: Double
        public var sdMM: Double
        /// Share (0–100) of matched landmarks within each of `successRadii` (distance ≤ r).
        public var successPercent: [Double]
    }

    public struct LandmarkPair: Sendable {
        public var annotators: [String]
        public var images: [String]
        public var overall: LandmarkFigures
        public var perLandmark: [(name: String, figures: LandmarkFigures)]
    }

    public struct LabelPair: Sendable {
        public var annotators: [String]
        public var labelSet: String
        public var images: [String]
        public var n: Int
        public var cohenKappa: Double?
        public var percentAgreement: Double?
    }

    /// Fleiss' kappa or Krippendorff's alpha of one label set over all its annotators.
    public struct LabelSetFigure: Sendable {
        public var labelSet: String
        public var annotators: [String]
        /// Units (an image, or a slice of one) that entered the figure.
        public var n: Int
        public var images: [String]
        public var value: Double?
    }

    public struct MaskResult: Sendable {
        public var image: String
        public var figures: MaskAgreement
    }

    public struct SegmentationPair: Sendable {
        public var annotators: [String]
        /// `labelmap` (label value `value`) or `roi` (regions named `name`).
        public var source: String
        public var value: Int?
        public var name: String
        public var perImage: [MaskResult]

        public var images: [String] { perImage.map(\.image) }
        public var dice: Double { AgreementReport.average(perImage.map(\.figures.dice))! }
        public var jaccard: Double { AgreementReport.average(perImage.map(\.figures.jaccard))! }
        public var hd95MM: Double? { AgreementReport.average(perImage.compactMap(\.figures.hd95MM)) }
        public var assdMM: Double? { AgreementReport.average(perImage.compactMap(\.figures.assdMM)) }
    }

    /// A model's proposals against one person's work.
    public struct ModelPair: Sendable {
        public var model: String
        public var human: String
        public var accepted: Int
        public var rejected: Int
        public var proposed: Int
        /// Mean over images and label values of the Dice of the model's label map (whatever its
        /// status) and the person's.
        public var dice: Double?
        public var images: [String]

        public var acceptanceRate: Double? {
            let all = accepted + rejected + proposed
            return all == 0 ? nil : Double(accepted) / Double(all)
        }
    }

    public struct Exclusion: Sendable {
        public var image: String
        public var id: String
        public var annotator: String
        public var reason: AgreementExclusion
    }

    public var images: [String] = []
    public var annotators: [String] = []
    public var models: [String] = []
    public var landmarks: [LandmarkPair] = []
    public var labels: [LabelPair] = []
    public var fleiss: [LabelSetFigure] = []
    public var krippendorff: [LabelSetFigure] = []
    public var segmentations: [SegmentationPair] = []
    public var modelPairs: [ModelPair] = []
    public var excluded: [Exclusion] = []
    /// Sidecars or label maps that could not be used, with the reason.
    public var problems: [String] = []

    static func average(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}
