import Foundation
import VolumeKit

/// Where a volume's sidecar lives (DESIGN.md): beside an image file as
/// `<file name>.annotations.json` (the `.hdr` of a pair), or for a DICOM series
/// `<SeriesInstanceUID>.annotations.json` in the series' folder (the folder holding all its
/// files). The audit log sits beside it as `….annotations.audit.jsonl`.
public enum SidecarLocation {
    public static let suffix = ".annotations.json"

    public static func sidecarPath(for volume: Volume) throws(AnnotationError) -> String {
        let files = volume.metadata.sourceFiles
        guard volume.metadata.format != .demo, let first = files.first else { throw AnnotationError.noImageFile }
        if volume.metadata.format == .dicom, let series = volume.metadata.identity.seriesInstanceUID, !series.isEmpty {
            let safe = String(series.unicodeScalars.map { scalar -> Character in
                CharacterSet.alphanumerics.contains(scalar) || scalar == "." || scalar == "-" ? Character(scalar) : "_"
            })
            return (commonFolder(of: files) as NSString).appendingPathComponent(safe + suffix)
        }
        return absolute(first) + suffix
    }

    /// Relative paths are taken from the current folder, so the sidecar's folder is never "".
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    public static func auditPath(forSidecar sidecar: String) -> String {
        (sidecar.hasSuffix(".json") ? String(sidecar.dropLast(5)) : sidecar) + ".audit.jsonl"
    }

    /// The deepest folder containing every file.
    static func commonFolder(of files: [String]) -> String {
        let folders = files.map { URL(fileURLWithPath: $0).standardizedFileURL.deletingLastPathComponent().pathComponents }
        var common = folders[0]
        for folder in folders.dropFirst() {
            var n = 0
            while n < min(common.count, folder.count), common[n] == folder[n] { n += 1 }
            common = Array(common[0..<n])
        }
        guard !common.isEmpty else { return "/" }
        return NSString.path(withComponents: common)
    }
}
