import Foundation

/// Progress of a long read, for a progress bar: `completed` of `total` units of `phase`.
public struct LoadProgress: Sendable, Equatable {
    public var phase: String
    public var completed: Int
    public var total: Int

    public init(phase: String, completed: Int, total: Int) {
        self.phase = phase
        self.completed = completed
        self.total = total
    }
}

public typealias ProgressHandler = @Sendable (LoadProgress) -> Void

/// Something that can be opened as one volume: a NIfTI/Analyze file, a single DICOM file, or a
/// DICOM series (its files, already grouped).
public enum ImageSource: Sendable, Equatable {
    case file(path: String, format: ImageFormat)
    case dicomSeries(DICOMSeriesSource)

    /// What the picker shows.
    public var title: String {
        switch self {
        case .file(let path, _): return path
        case .dicomSeries(let series): return series.title
        }
    }
}

/// The files of one DICOM series, as discovery found them (sorting happens when it is read).
public struct DICOMSeriesSource: Sendable, Equatable {
    public var folder: String
    public var seriesInstanceUID: String
    public var files: [String]
    public var title: String
    /// What discovery noticed and the viewer says when the series opens (a Series Instance UID
    /// shared with files read apart, say).
    public var warnings: [String]
    /// DICOM Segmentation files found with it that reference it: drawn over it as label maps.
    public var segmentations: [String] = []

    public init(folder: String, seriesInstanceUID: String, files: [String], title: String, warnings: [String] = []) {
        self.folder = folder
        self.seriesInstanceUID = seriesInstanceUID
        self.files = files
        self.title = title
        self.warnings = warnings
    }
}

/// The one entry point for reading images: detects the format from the bytes, not the name.
public enum VolumeLoader {
    /// Format of a single file from its first bytes (and, for Analyze, its `.hdr`/`.img` name).
    public static func detectFormat(path: String) throws -> ImageFormat {
        // A folder is not an image; a FIFO or device is refused without blocking on it.
        let head = try ReadableFile(path: path).bytes(offset: 0, count: 352)
        if head.isEmpty { throw VolumeKitError.emptyFile(path: path) }
        return try FormatSniffer.format(of: Data(head), path: path)
    }

    /// Reads one file or a folder's only image. A folder holding several images needs
    /// `sources(at:)` and a choice.
    public static func load(path: String, progress: ProgressHandler? = nil) throws -> Volume {
        let found = try sources(at: path, progress: progress)
        guard let first = found.first else { throw VolumeKitError.noImagesFound(path: path) }
        return try load(first, progress: progress)
    }

    /// Everything under `path` that opens as a volume, in a stable order.
    public static func sources(at path: String, progress: ProgressHandler? = nil) throws -> [ImageSource] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw VolumeKitError.fileNotFound(path: path)
        }
        if isDirectory.boolValue {
            let found = try FolderScanner.scan(folder: path, progress: progress)
            if found.isEmpty { throw VolumeKitError.noImagesFound(path: path) }
            return found
        }
        return [.file(path: path, format: try detectFormat(path: path))]
    }

    /// Reads `source`; with `cancellation`, a DICOM read stops between files and frames once
    /// it is cancelled (throwing `VolumeKitError.cancelled`).
    /// With `preview`, a gzipped NIfTI's middle slice may be handed over first (`VolumePreview`).
    public static func load(_ source: ImageSource, progress: ProgressHandler? = nil,
                            cancellation: LoadCancellation? = nil, preview: PreviewHandler? = nil) throws -> Volume {
        switch source {
        case .file(let path, let format):
            switch format {
            case .nifti, .analyze: return try NIfTIReader.read(path: path, preview: preview)
            case .dicom: return try DICOMVolumeReader.read(files: [path], progress: progress, cancellation: cancellation)
            case .demo: return DemoPhantom.volume()
            }
        case .dicomSeries(let series):
            return try DICOMVolumeReader.read(files: series.files, notes: series.warnings, progress: progress,
                                              cancellation: cancellation)
        }
    }
}
