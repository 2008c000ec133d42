import Foundation

/// The kinds of file `import` reads, told by name and, for JSON, by content.
public enum ImportFormat: String, Sendable, CaseIterable {
    case labelMap = "labelmap"
    case slicer
    case csv
    case coco

    /// The format of `path` (bytes already read for JSON); nil when it is none of them.
    static func detect(path: String, bytes: [UInt8]) -> ImportFormat? {
        let name = (path as NSString).lastPathComponent.lowercased()
        if name.hasSuffix(".nii") || name.hasSuffix(".nii.gz") || name.hasSuffix(".hdr") || name.hasSuffix(".hdr.gz")
            || name.hasSuffix(".img") || name.hasSuffix(".img.gz") {
            return .labelMap
        }
        if name.hasSuffix(".mrk.json") { return .slicer }
        if name.hasSuffix(".csv") || name.hasSuffix(".tsv") { return .csv }
        if name.hasSuffix(".json"), case .success(let json) = JSONValue.parse(bytes) {
            if json["markups"] != nil { return .slicer }
            if json["images"] != nil, json["annotations"] != nil { return .coco }
        }
        return nil
    }

    /// The format a `predict` command's output is read as, by its name alone.
    public static func byName(_ path: String) -> ImportFormat? {
        let name = (path as NSString).lastPathComponent.lowercased()
        if name.hasSuffix(".nii") || name.hasSuffix(".nii.gz") { return .labelMap }
        if name.hasSuffix(".mrk.json") { return .slicer }
        if name.hasSuffix(".csv") { return .csv }
        if name.hasSuffix(".json") { return .coco }
        return nil
    }
}
