import Foundation

/// Acquisition parameters per image (DICOM series, NIfTI file) and over the dataset, so that
/// one scanner or protocol standing apart is seen before training.
///
/// Outlier rule: for each numeric parameter known for at least 3 images of one modality (NIfTI
/// files count as one), an image whose value is at least twice the median over those images, or
/// at most half of it, is named (a 5 mm
/// series among 1 mm ones; a 3 T scan among 1.5 T ones).
public struct Harmonisation: Sendable, Codable, Equatable {
    public struct Image: Sendable, Codable, Equatable {
        public var path: String
        public var series: String?
        public var modality: String?
        public var manufacturer: String?
        public var model: String?
        public var files: Int
        /// Parameter name → value (mm, T, kV, ms).
        public var values: [String: Double]
        /// Columns, rows, slices.
        public var matrix: [Int]
    }

    public struct Range: Sendable, Codable, Equatable {
        public var images: Int
        public var min: Double
        public var median: Double
        public var max: Double
    }

    public struct Outlier: Sendable, Codable, Equatable {
        public var path: String
        public var parameter: String
        public var value: Double
        public var median: Double
    }

    public static let outlierRule = "a value at least twice, or at most half, the median over the images of its modality (3 or more with the value)"

    /// In the order they are printed, with their units.
    public static let parameters: [(name: String, unit: String)] = [
        ("spacingX", "mm"), ("spacingY", "mm"), ("spacingZ", "mm"), ("sliceThickness", "mm"),
        ("fieldStrength", "T"), ("kvp", "kV"), ("repetitionTime", "ms"), ("echoTime", "ms"),
    ]

    public var images: [Image]
    public var modalities: [String: Int]
    /// "manufacturer model" → images.
    public var scanners: [String: Int]
    public var matrices: [String: Int]
    public var ranges: [String: Range]
    public var outliers: [Outlier]
    public var rule: String

    init(units: ImageUnits) {
        var images: [Image] = []
        for series in units.series {
            let d = series.first
            let geometry = SeriesGeometry(series)
            var values: [String: Double] = [:]
            if let ps = d.pixelSpacing { values["spacingX"] = ps[1]; values["spacingY"] = ps[0] }
            if let z = geometry?.spacing, geometry!.slices.count > 1 { values["spacingZ"] = z }
            values["sliceThickness"] = d.sliceThickness
            values["fieldStrength"] = d.fieldStrength
            values["kvp"] = d.kvp
            values["repetitionTime"] = d.repetitionTime
            values["echoTime"] = d.echoTime
            let slices = geometry?.slices.count ?? series.files.reduce(0) { $0 + ($1.dicom?.frames ?? 1) }
            images.append(Image(path: series.displayPath, series: series.uid, modality: d.modality, manufacturer: d.manufacturer,
                                model: d.model, files: series.files.count, values: values.compactMapValues { $0 },
                                matrix: [d.columns ?? 0, d.rows ?? 0, slices]))
        }
        for f in units.nifti {
            guard let n = f.nifti else { continue }
            let values = ["spacingX": n.spacing[0], "spacingY": n.spacing[1], "spacingZ": n.spacing[2]]
            images.append(Image(path: f.path, series: nil, modality: nil, manufacturer: nil, model: nil, files: 1,
                                values: values, matrix: Array(n.dimensions.prefix(3))))
        }
        self.images = images
        modalities = Self.count(images.map { $0.modality ?? ($0.series == nil ? "NIfTI" : "unknown") })
        scanners = Self.count(images.filter { $0.series != nil }.map {
            [$0.manufacturer ?? "unknown manufacturer", $0.model ?? "unknown model"].joined(separator: " ")
        })
        matrices = Self.count(images.map { $0.matrix.map(String.init).joined(separator: "×") })
        var ranges: [String: Range] = [:]
        var outliers: [Outlier] = []
        for (parameter, _) in Self.parameters {
            let known = images.compactMap { image in image.values[parameter].map { (image.path, $0) } }
            guard let m = median(known.map(\.1)) else { continue }
            ranges[parameter] = Range(images: known.count, min: known.map(\.1).min()!, median: m, max: known.map(\.1).max()!)
            // Outliers among images of one modality: a CT's pixel spacing says nothing about an MR's.
            var byModality: [String: [(String, Double)]] = [:]
            for image in images {
                if let v = image.values[parameter] { byModality[image.modality ?? "NIfTI", default: []].append((image.path, v)) }
            }
            for (_, group) in byModality.sorted(by: { $0.key < $1.key }) {
                guard group.count >= 3, let gm = median(group.map(\.1)), gm > 0 else { continue }
                for (path, value) in group where value >= 2 * gm || value <= gm / 2 {
                    outliers.append(Outlier(path: path, parameter: parameter, value: value, median: gm))
                }
            }
        }
        self.ranges = ranges
        self.outliers = outliers
        rule = Self.outlierRule
    }

    private static func count(_ values: [String]) -> [String: Int] {
        values.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }
}
