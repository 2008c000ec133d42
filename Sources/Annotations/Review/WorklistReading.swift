import Foundation
import VolumeKit

/// Reads the sidecars of images found on disk for the worklist: the sidecar's name comes from
/// the image's file name or Series Instance UID as discovery found them, so no image is opened
/// and no pixel is read. Nothing is written.
public enum WorklistReading {
    /// The image as a person names it: the file, or a DICOM series' folder.
    public static func displayPath(_ source: ImageSource) -> String {
        switch source {
        case .file(let path, _): return path
        case .dicomSeries(let series): return series.folder
        }
    }

    /// Where the sidecar of `source` is (in `directory` when sidecars are kept apart). A DICOM
    /// series that shares its Series Instance UID with another image in its folder has its own
    /// `<UID>.<first file>.annotations.json` (see `SidecarLocation`): that one when it exists.
    public static func sidecarPath(of source: ImageSource, directory: String?) -> String {
        switch source {
        case .file(let path, _):
            return SidecarLocation.sidecarPath(forFiles: [path], seriesInstanceUID: nil, first: path, directory: directory)
        case .dicomSeries(let series):
            if let distinct = SidecarLocation.distinctSidecarPath(forFiles: series.files, seriesInstanceUID: series.seriesInstanceUID,
                                                                  directory: directory),
               OwnedFile.kind(distinct) != nil {
                return distinct
            }
            return SidecarLocation.sidecarPath(forFiles: series.files, seriesInstanceUID: series.seriesInstanceUID,
                                               first: series.files.first ?? series.folder, directory: directory)
        }
    }

    /// One image's sidecar, read and decoded; no sidecar is not a problem (nothing done yet).
    /// A series' plain sidecar that names none of the series' files is another image's with the
    /// same UID (compared by file name: no file is hashed here), so this image has none.
    public static func read(_ source: ImageSource, directory: String?, path: String? = nil) -> WorklistImage {
        let path = path ?? displayPath(source), sidecar = sidecarPath(of: source, directory: directory)
        guard OwnedFile.kind(sidecar) != nil else { return WorklistImage(path: path, sidecarPath: sidecar, document: nil) }
        let image = read(sidecar: sidecar, path: path)
        if case .dicomSeries(let series) = source, let recorded = image.document?.image.files.map(\.name), !recorded.isEmpty {
            let names = Set(series.files.map { ($0 as NSString).lastPathComponent })
            if names.isDisjoint(with: recorded) {
                let own = SidecarLocation.distinctSidecarPath(forFiles: series.files, seriesInstanceUID: series.seriesInstanceUID,
                                                              directory: directory) ?? sidecar
                return WorklistImage(path: path, sidecarPath: own, document: nil)
            }
        }
        return image
    }

    private static func read(sidecar: String, path: String) -> WorklistImage {
        switch OwnedFile.read(sidecar) {
        case .failure(let refusal):
            let error = refusal.error(path: sidecar) { AnnotationError.unreadableSidecar(path: sidecar, reason: $0) }
            return WorklistImage(path: path, sidecarPath: sidecar, document: nil, problem: error.description)
        case .success(let bytes):
            do {
                return WorklistImage(path: path, sidecarPath: sidecar, document: try SidecarCoding.decode(bytes, path: sidecar))
            } catch {
                return WorklistImage(path: path, sidecarPath: sidecar, document: nil, problem: error.description)
            }
        }
    }

    /// Every image's sidecar, read on all cores, in the order given. Series that share a folder
    /// and a Series Instance UID are named by their first file, so each line names one image.
    public static func read(_ sources: [ImageSource], directory: String?) -> [WorklistImage] {
        let slots = Slots(count: sources.count)
        var seen: [String: Int] = [:]
        for source in sources { seen[displayPath(source), default: 0] += 1 }
        let paths = sources.map { source -> String in
            let path = displayPath(source)
            guard seen[path, default: 0] > 1, case .dicomSeries(let series) = source, let first = series.files.min() else { return path }
            return first
        }
        DispatchQueue.concurrentPerform(iterations: sources.count) { n in
            slots.set(n, read(sources[n], directory: directory, path: paths[n]))
        }
        return slots.values.map { $0! }
    }

    private final class Slots: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var values: [WorklistImage?]
        init(count: Int) { values = Array(repeating: nil, count: count) }
        func set(_ n: Int, _ value: WorklistImage) {
            lock.lock()
            values[n] = value
            lock.unlock()
        }
    }
}
