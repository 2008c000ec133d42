import Foundation
import VolumeKit

/// One image going out: the volume, its sidecar (as read, with the SHA-256 of its bytes) and
/// what the export needs to name it and its slices.
public struct ExportImage: Sendable {
    public var volume: Volume
    /// The image as the user knows it: the file, or a DICOM series' folder.
    public var path: String
    public var sidecarPath: String
    public var sidecarSHA256: String
    public var document: SidecarDocument
    /// When another image of the export has the same `name`: 2 for the second one, and so on
    /// (in path order), so its files are `<name>-2…`.
    public var ordinal = 1

    public var isDICOM: Bool { volume.metadata.format == .dicom }

    /// The base of every file written for this image: its file name, or for DICOM its Series
    /// Instance UID (the sidecar's own naming), characters outside `[A-Za-z0-9._-]` as `_`.
    public var name: String {
        let sidecar = (sidecarPath as NSString).lastPathComponent
        return String(sidecar.dropLast(SidecarLocation.suffix.count))
    }

    /// `name`, with `-<ordinal>` after it for the second and later images of one name.
    public var outputName: String { ordinal == 1 ? name : name + "-\(ordinal)" }

    /// The DICOM file slice `k` was read from, and its SOP Instance UID; nil for other formats.
    public func sliceFile(_ k: Int) -> (file: String, sopInstanceUID: String?)? {
        let slices = volume.metadata.slices
        guard isDICOM, slices.indices.contains(k) else { return nil }
        let file = slices[k].file
        let files = volume.metadata.sourceFiles, uids = volume.metadata.identity.sopInstanceUIDs
        let uid = files.count == uids.count ? files.firstIndex(of: file).map { uids[$0] } : nil
        return (file, uid)
    }

    /// The path of a label map the sidecar names, in the sidecar's folder.
    public func labelMapPath(_ segmentation: Segmentation) -> String {
        ((sidecarPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent(segmentation.file)
    }
}

/// Finding the images of the paths given and reading their sidecars, as the viewer does.
public enum ExportInput {
    /// What happened to one image found in the paths.
    public enum Outcome: Sendable {
        case image(ExportImage)
        /// No sidecar: nothing was annotated.
        case noSidecar(path: String)
        /// Unreadable image, or a sidecar refused (invalid, another image's): the message.
        case failed(path: String, message: String)
    }

    /// Every image in `paths` (folders scanned; slicemark's own label maps beside their images
    /// left out), in a stable order: by path.
    public static func sources(_ paths: [String]) throws -> [ImageSource] {
        var found: [ImageSource] = []
        for path in paths {
            let sources = try VolumeLoader.sources(at: path)
            var isFolder: ObjCBool = false
            let scanned = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
            found += scanned ? sources.filter { !SidecarLocation.isLabelMapBesideItsImage($0) } : sources
        }
        var seen = Set<String>()
        return found.filter { seen.insert(key($0)).inserted }.sorted { key($0) < key($1) }
    }

    static func key(_ source: ImageSource) -> String {
        switch source {
        case .file(let path, _): return SidecarLocation.absolute(path)
        case .dicomSeries(let series):
            // The first file too: discovery reads apart files that share a UID but not a size.
            return SidecarLocation.absolute(series.folder) + "/" + series.seriesInstanceUID + "/" + (series.files.min() ?? "")
        }
    }

    static func displayPath(_ source: ImageSource) -> String {
        switch source {
        case .file(let path, _): return path
        case .dicomSeries(let series): return series.folder
        }
    }

    /// Reads one image and its sidecar (in `sidecarDirectory` when given). Nothing is written.
    public static func open(_ source: ImageSource, sidecarDirectory: String?) -> Outcome {
        let path = displayPath(source)
        let volume: Volume
        do {
            volume = try VolumeLoader.load(source)
        } catch {
            return .failed(path: path, message: "\(error)")
        }
        do {
            let store = try AnnotationStore(volume: volume, sidecarDirectory: sidecarDirectory)
            guard FileManager.default.fileExists(atPath: store.sidecarPath) else { return .noSidecar(path: path) }
            let bytes: [UInt8]
            switch OwnedFile.read(store.sidecarPath) {
            case .success(let b): bytes = b
            case .failure(let refusal):
                let error = refusal.error(path: store.sidecarPath) { AnnotationError.unreadableSidecar(path: store.sidecarPath, reason: $0) }
                return .failed(path: path, message: error.description)
            }
            // The document the store accepts (same image, valid), hashed as the bytes read.
            let document = try store.load().document
            return .image(ExportImage(volume: volume, path: path, sidecarPath: store.sidecarPath,
                                      sidecarSHA256: ContentHash.hex(of: bytes), document: document))
        } catch {
            return .failed(path: path, message: error.description)
        }
    }
}
