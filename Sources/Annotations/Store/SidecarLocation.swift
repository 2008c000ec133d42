import Foundation
import VolumeKit

/// Where a volume's sidecar lives (DESIGN.md): beside an image file as
/// `<file name>.annotations.json` (the `.hdr` of a pair), or for a DICOM series
/// `<SeriesInstanceUID>.annotations.json` in the series' folder (the folder holding all its
/// files). The audit log sits beside it as `….annotations.audit.jsonl`.
///
/// Several images in one folder may carry one Series Instance UID (anonymised copies, the same
/// image stored twice): the first one annotated keeps the plain name, and another one uses
/// `<SeriesInstanceUID>.<its first file's name>.annotations.json` (`AnnotationStore` decides,
/// from what the plain one holds). With a sidecar folder (`--sidecar-dir`) the same names are
/// used in that folder instead.
public enum SidecarLocation {
    public static let suffix = ".annotations.json"

    /// The sidecar's usual path; in `directory` instead of beside the image when one is given.
    public static func sidecarPath(for volume: Volume, directory: String? = nil) throws(AnnotationError) -> String {
        let files = volume.metadata.sourceFiles
        guard volume.metadata.format != .demo, let first = files.first else { throw AnnotationError.noImageFile }
        if let series = seriesName(volume) {
            return (folder(for: files, directory) as NSString).appendingPathComponent(series + suffix)
        }
        guard let directory else { return absolute(first) + suffix }
        return (absolute(directory) as NSString).appendingPathComponent((first as NSString).lastPathComponent + suffix)
    }

    /// The sidecar's usual path for files read as one image but not as a volume (an image that
    /// could not be read): beside the first file, or the series' name in its folder.
    public static func sidecarPath(forFiles files: [String], seriesInstanceUID: String?, first: String,
                                   directory: String? = nil) -> String {
        if let seriesInstanceUID {
            return (folder(for: files, directory) as NSString).appendingPathComponent(safe(seriesInstanceUID) + suffix)
        }
        guard let directory else { return absolute(first) + suffix }
        return (absolute(directory) as NSString).appendingPathComponent((first as NSString).lastPathComponent + suffix)
    }

    /// The name a DICOM image uses when another image with its Series Instance UID holds the
    /// plain one: `<SeriesInstanceUID>.<first file name>.annotations.json` (first by path;
    /// characters other than letters, digits, `.`, `-` and `_` become `_`). Nil for other formats.
    public static func distinctSidecarPath(for volume: Volume, directory: String? = nil) -> String? {
        guard volume.metadata.format != .demo, let series = seriesName(volume) else { return nil }
        return distinctSidecarPath(forFiles: volume.metadata.sourceFiles, seriesInstanceUID: series, directory: directory)
    }

    /// The same for a series' files as discovery found them (no volume read).
    public static func distinctSidecarPath(forFiles files: [String], seriesInstanceUID: String,
                                           directory: String? = nil) -> String? {
        guard !seriesInstanceUID.isEmpty, let first = files.min() else { return nil }
        let name = safe((first as NSString).lastPathComponent, keeping: "_")
        return (folder(for: files, directory) as NSString).appendingPathComponent(safe(seriesInstanceUID) + "." + name + suffix)
    }

    private static func seriesName(_ volume: Volume) -> String? {
        guard volume.metadata.format == .dicom, let series = volume.metadata.identity.seriesInstanceUID,
              !series.isEmpty else { return nil }
        return safe(series)
    }

    private static func folder(for files: [String], _ directory: String?) -> String {
        directory.map(absolute) ?? commonFolder(of: files)
    }

    private static func safe(_ text: String, keeping extra: Unicode.Scalar? = nil) -> String {
        String(text.unicodeScalars.map { scalar -> Character in
            (scalar.isASCII && CharacterSet.alphanumerics.contains(scalar)) || scalar == "." || scalar == "-" || scalar == extra
                ? Character(scalar) : "_"
        })
    }

    /// Relative paths are taken from the current folder, so the sidecar's folder is never "".
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// An annotator's (or model's) label map beside a sidecar: `<image>.<annotator>.seg.nii.gz`,
    /// the name keeping `[A-Za-z0-9._-]` (DESIGN.md, "Files next to an image").
    public static func labelMapPath(forSidecar sidecar: String, annotator: String) -> String {
        imageBase(ofSidecar: sidecar) + "." + safe(annotator, keeping: "_") + ".seg.nii.gz"
    }

    /// The label table written with a label map, in ITK-SNAP's label description format.
    public static func labelTablePath(forLabelMap labelMap: String) -> String {
        (labelMap.hasSuffix(".nii.gz") ? String(labelMap.dropLast(7)) : labelMap) + ".txt"
    }

    /// Whether `source` is a label map slicemark wrote (`<image>.<annotator>.seg.nii.gz`) beside
    /// its image or its sidecar: in a folder it is drawn over its image, not listed as one.
    public static func isLabelMapBesideItsImage(_ source: ImageSource) -> Bool {
        guard case .file(let path, _) = source, path.hasSuffix(".seg.nii.gz") else { return false }
        let folder = (path as NSString).deletingLastPathComponent
        // The annotator's name may hold dots: try every split of `<image>.<annotator>`.
        var parts = String((path as NSString).lastPathComponent.dropLast(".seg.nii.gz".count))
            .split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        while parts.count > 1 {
            parts.removeLast()
            let image = (folder as NSString).appendingPathComponent(parts.joined(separator: "."))
            if FileManager.default.fileExists(atPath: image + suffix) || FileManager.default.fileExists(atPath: image) {
                return true
            }
        }
        return false
    }

    private static func imageBase(ofSidecar sidecar: String) -> String {
        sidecar.hasSuffix(suffix) ? String(sidecar.dropLast(suffix.count)) : sidecar
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
