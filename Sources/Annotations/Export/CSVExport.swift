import Foundation

/// `annotations.csv`: one row per point of every annotation (DESIGN.md "Export and audit"),
/// image labels as rows of kind `label` with no point. Columns, always all of them:
/// `image, annotation_id, annotator, kind, label, status, point, i, j, k, x, y, z, length_mm,
/// area_mm2, mean, std, min, max, series_uid, sop_uid, file`. `x y z` are LPS millimetres, `i j k`
/// the zero-based voxel index, `point` the point's number in the annotation (from 0);
/// measurements are repeated on every row of their annotation; `series_uid`, `sop_uid` and
/// `file` (the DICOM file the point's slice was read from) are empty for NIfTI/Analyze. An
/// image label's `label` is `labelSet:name` and its `k` the slice it was set on, if any.
///
/// On a cine, `frame` and `time_s` are the point's frame (its k) and that frame's time; a track
/// writes its object on every frame it is shown on (its rows share the track's id), `interpolated`
/// `true` on frames between key frames and after the last, `false` on key frames (empty for
/// annotations that are not tracks); its measurements are those of the object on that frame. A
/// frame-range label's row has `frame`, `time_s`, `last_frame`, `last_time_s` (`last_frame` empty
/// while the range is open).
/// Quoting is RFC 4180's: a field holding a comma, quote or line break is quoted.
public enum CSVExport {
    public static let fileName = "annotations.csv"
    public static let columns = ["image", "annotation_id", "annotator", "kind", "label", "status", "point", "i", "j", "k",
                                 "x", "y", "z", "length_mm", "area_mm2", "mean", "std", "min", "max",
                                 "series_uid", "sop_uid", "file", "frame", "time_s", "last_frame", "last_time_s", "interpolated"]

    public static var header: String { columns.joined(separator: ",") + "\r\n" }

    /// The rows of one image.
    public static func rows(_ image: ExportImage, _ selection: ExportSelection) -> String {
        var out = ""
        let series = image.isDICOM ? image.document.image.seriesInstanceUID ?? "" : ""
        let timing = FrameTiming(volume: image.volume)
        for instance in ExportFrames.instances(selection.annotations, image, timing) {
            let a = instance.annotation
            let interpolated = instance.isTrack ? String(instance.interpolated) : ""
            let status = a.status?.rawValue ?? ""
            let stats = a.statistics
            let measures = [a.lengthMM, stats?.areaMM2, stats?.mean, stats?.std, stats?.min, stats?.max].map(number)
            for (n, p) in a.points.enumerated() {
                let slice = image.sliceFile(p.voxel.z)
                var fields = [image.path, a.id.uuidString.lowercased(), a.annotator, a.kind.rawValue, a.label, status, String(n),
                              String(p.voxel.x), String(p.voxel.y), String(p.voxel.z),
                              number(p.lps.x), number(p.lps.y), number(p.lps.z)]
                fields += measures
                fields += [series, slice?.sopInstanceUID ?? "", slice?.file ?? ""]
                // On a cine a point's frame is its k.
                let frame = timing.map { _ in p.voxel.z }
                out += line(fields + [frame.map(String.init) ?? "", number(frame.flatMap { timing?.seconds($0) }), "", "", interpolated])
            }
        }
        for l in selection.labels {
            let slice = l.slice.flatMap { image.sliceFile($0) }
            var fields = [image.path, l.id.uuidString.lowercased(), l.annotator, "label", l.labelSet + ":" + l.name,
                          l.status?.rawValue ?? "", "", "", "", l.slice.map(String.init) ?? "", "", "", ""]
            fields += Array(repeating: "", count: 6)
            fields += [series, slice?.sopInstanceUID ?? "", slice?.file ?? ""]
            let range = l.frames
            fields += [range.map { String($0.first) } ?? "", number(range?.firstSeconds),
                       range?.last.map(String.init) ?? "", number(range?.lastSeconds), ""]
            out += line(fields)
        }
        return out
    }

    static func number(_ d: Double?) -> String {
        guard let d, d.isFinite else { return "" }
        return d.description
    }

    static func line(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",") + "\r\n"
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
