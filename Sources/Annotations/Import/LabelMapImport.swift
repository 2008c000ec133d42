import Foundation
import VolumeKit

/// A label map written by a segmentation model (TotalSegmentator, nnU-Net, MONAI): any NIfTI
/// or Analyze file `LabelMapReader` opens, on the image's grid exactly (`LabelMapGrid`; a map
/// that does not fit is refused, never resampled). Its values are named by `--labels`, else by
/// a label table beside it (`<map>.txt`, as slicemark and ITK-SNAP write one), else "Label N".
enum LabelMapImport {
    static func read(_ path: String, target: ImportTarget, labels: LabelTable?) throws(ImportError) -> ImportedFile {
        let map: LabelMap
        do {
            map = try LabelMapReader.read(path: path)
        } catch {
            throw .unreadable(path: path, reason: "not a label map: " + "\(error)".replacingOccurrences(of: path + ": ", with: ""))
        }
        if let difference = LabelMapGrid.difference(map, target.volume) {
            throw .anotherImage(path: path, reason: "its grid differs from \((target.displayName as NSString).lastPathComponent)'s: \(difference)")
        }
        var table = labels ?? LabelTable()
        if labels == nil {
            let beside = SidecarLocation.labelTablePath(forLabelMap: path)
            if beside != path, FileManager.default.fileExists(atPath: beside), let found = try? LabelTable.load(path: beside) {
                table = found
            }
        }
        let counts = map.counts()
        var file = ImportedFile()
        file.labelMap = LabelMapDraft(map: map, table: completed(table, values: counts.keys.filter { $0 != 0 }))
        if counts.keys.allSatisfy({ $0 == 0 }) { file.notes.append("the label map is empty (every voxel 0)") }
        let unnamed = counts.keys.filter { $0 != 0 && table.entry(for: $0) == nil }.sorted()
        if !unnamed.isEmpty, labels != nil {
            file.notes.append("values \(unnamed.map(String.init).joined(separator: ", ")) are not in the label table: named \"Label N\"")
        }
        return file
    }

    /// The table's entries for the values present, plus "Label N" for those it does not name.
    static func completed(_ table: LabelTable, values: [UInt16]) -> LabelTable {
        let present = Set(values)
        var entries = table.entries.filter { present.contains($0.value) }
        let named = Set(entries.map(\.value))
        for value in present.sorted() where !named.contains(value) {
            entries.append(.init(value: value, name: table.name(for: value), color: LabelTable.defaultColor(for: value)))
        }
        entries.sort { $0.value < $1.value }
        return LabelTable(entries: entries)
    }
}
