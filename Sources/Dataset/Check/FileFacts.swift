import Foundation

/// What `check` knows about one file after reading it once: enough to find every problem
/// without opening it again. Facts are cached (`FactCache`) and travel in `--json` reports, so
/// shards checked on different machines merge into the findings of one run.
public struct FileFacts: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case dicom, nifti, sidecar, labelMap, unreadable
        /// Anything else (reports, audit logs, label tables): counted, not checked.
        case other
    }

    public var path: String
    /// The path relative to the folder named on the command line (`DatasetFile.key`).
    public var key: String
    public var size: Int
    public var modifiedNanoseconds: Int
    public var kind: Kind
    /// Why an image file could not be read (kind `unreadable`).
    public var problem: String?
    /// SHA-256 of the whole file (images and label maps), as sidecars record it.
    public var sha256: String?
    public var dicom: DICOMFacts?
    /// NIfTI/Analyze images and label maps.
    public var nifti: NIfTIFacts?
    public var sidecar: SidecarFacts?

    public init(path: String, key: String, size: Int, modifiedNanoseconds: Int, kind: Kind) {
        self.path = path
        self.key = key
        self.size = size
        self.modifiedNanoseconds = modifiedNanoseconds
        self.kind = kind
    }

    public var folder: String { (path as NSString).deletingLastPathComponent }
    public var name: String { (path as NSString).lastPathComponent }
}

public struct DICOMFacts: Sendable, Codable, Equatable {
    public var sopClassUID: String?
    public var sopInstanceUID: String?
    public var seriesInstanceUID: String?
    public var studyInstanceUID: String?
    public var modality: String?
    public var seriesNumber: String?
    public var seriesDescription: String?
    /// Patient and study attributes that must agree within a series, by keyword.
    public var identity: [String: String] = [:]
    public var rows: Int?
    public var columns: Int?
    public var frames: Int = 1
    public var imagePosition: [Double]?
    public var imageOrientation: [Double]?
    /// Row spacing, column spacing (mm), as stored in Pixel Spacing.
    public var pixelSpacing: [Double]?
    public var sliceThickness: Double?
    public var manufacturer: String?
    public var model: String?
    public var fieldStrength: Double?
    public var kvp: Double?
    public var repetitionTime: Double?
    public var echoTime: Double?
    /// Type 1 attributes of the IOD's mandatory modules that are absent or empty (keywords).
    public var missing: [String] = []
    /// Identifying attributes present with a value (keywords).
    public var identifying: [String] = []
    /// SHA-256 of the Pixel Data element's bytes as stored (no decoding); nil without pixel data.
    public var pixelSHA256: String?
    public var hasPixelData: Bool = false

    public init() {}
}

public struct NIfTIFacts: Sendable, Codable, Equatable {
    public var format: String
    public var dimensions: [Int]
    public var spacing: [Double]
    public var origin: [Double]
    /// Direction cosines, column by column (LPS).
    public var direction: [[Double]]
    public var datatype: String
    /// The `.img` of a `.hdr`/`.img` pair (its name).
    public var pairedImage: String?
    /// SHA-256 of the `.img` of a pair.
    public var pairedSHA256: String?
    /// The header's free-text fields that hold text (`descrip`, `aux_file`, `intent_name`),
    /// by name only: what `deid` clears and `phi-present` warns of.
    public var textFields: [String]?

    public init(format: String, dimensions: [Int], spacing: [Double], origin: [Double], direction: [[Double]],
                datatype: String) {
        self.format = format
        self.dimensions = dimensions
        self.spacing = spacing
        self.origin = origin
        self.direction = direction
        self.datatype = datatype
    }
}

/// What a sidecar says about its image, and how much it holds.
public struct SidecarFacts: Sendable, Codable, Equatable {
    public var format: String
    public var studyInstanceUID: String?
    public var seriesInstanceUID: String?
    public var sopInstanceUIDs: [String]
    public var files: [[String]]  // [name, sha256]
    public var dimensions: [Int]
    public var spacing: [Double]
    public var records: Int
    public var labelMaps: [String]

    public init(format: String, studyInstanceUID: String?, seriesInstanceUID: String?, sopInstanceUIDs: [String],
                files: [[String]], dimensions: [Int], spacing: [Double], records: Int, labelMaps: [String]) {
        self.format = format
        self.studyInstanceUID = studyInstanceUID
        self.seriesInstanceUID = seriesInstanceUID
        self.sopInstanceUIDs = sopInstanceUIDs
        self.files = files
        self.dimensions = dimensions
        self.spacing = spacing
        self.records = records
        self.labelMaps = labelMaps
    }
}
