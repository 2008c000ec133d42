import Annotations
import Foundation
import VolumeKit

/// A label map as the files written with the sidecar: the NIfTI-1 `.seg.nii.gz` on the image's
/// grid and its ITK-SNAP label table, and the SHA-256 of the label map file for the record.
/// Run on the saving thread: compressing a large map takes a while.
enum LabelMapFiles {
    struct Encoded {
        var files: [AnnotationStore.CompanionFile]
        var sha256: String
    }

    static func encode(_ save: LabelMapSave) throws -> Encoded {
        let bytes = try LabelMapNIfTIWriter.gzippedBytes(save.map)
        let table = completeTable(save.table, save.map)
        return Encoded(files: [
            .init(path: save.path, bytes: bytes),
            .init(path: SidecarLocation.labelTablePath(forLabelMap: save.path), bytes: Array(table.itkSnapText().utf8)),
        ], sha256: ContentHash.hex(of: bytes))
    }

    /// The table with a row for every value painted that it does not name, so ITK-SNAP and
    /// Slicer show them in the colours slicemark showed.
    static func completeTable(_ table: LabelTable, _ map: LabelMap) -> LabelTable {
        var table = table
        let named = Set(table.entries.map(\.value))
        for value in map.counts().keys.sorted() where !named.contains(value) {
            table.entries.append(.init(value: value, name: table.name(for: value), color: table.color(for: value)))
        }
        table.entries.sort { $0.value < $1.value }
        return table
    }
}
