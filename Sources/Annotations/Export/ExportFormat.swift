import VolumeKit

/// The export formats of `slicemark export --format` (DESIGN.md "Export and audit").
public enum ExportFormat: String, Sendable, CaseIterable {
    case csv, slicer, coco, nnunet, monai, labelmap

    /// Whether the format carries label maps only (images without one are left out).
    var needsLabelMaps: Bool { self == .nnunet || self == .monai || self == .labelmap }
}

/// What one export run is asked to do.
public struct ExportRequest: Sendable {
    public var format: ExportFormat
    public var out: String
    public var filter: ExportFilter
    public var dryRun: Bool
    public var commandLine: [String]
    public var version: String
    public var sidecarDirectory: String?
    /// `labelmap`: merge each image's label maps into one, a value per annotator.
    public var merge: Bool
    /// `nnunet`: the dataset's number and name (`Dataset<ID>_<Name>`).
    public var datasetID: Int
    public var datasetName: String
    /// `coco`: the window the PNGs are written with (default: the one the viewer opens with).
    public var window: WindowLevel?
    /// `coco`: the PNGs in an intensity normalisation view of each image (its own figures).
    public var normalization: IntensityNormalization = .none

    public init(format: ExportFormat, out: String, filter: ExportFilter = ExportFilter(), dryRun: Bool = false,
                commandLine: [String] = [], version: String = "", sidecarDirectory: String? = nil, merge: Bool = false,
                datasetID: Int = 1, datasetName: String = "slicemark", window: WindowLevel? = nil) {
        self.format = format
        self.out = out
        self.filter = filter
        self.dryRun = dryRun
        self.commandLine = commandLine
        self.version = version
        self.sidecarDirectory = sidecarDirectory
        self.merge = merge
        self.datasetID = datasetID
        self.datasetName = datasetName
        self.window = window
    }

    /// `Dataset001_Name`.
    public var nnunetFolder: String {
        let id = String(datasetID)
        return "Dataset" + String(repeating: "0", count: max(0, 3 - id.count)) + id + "_" + datasetName
    }
}
