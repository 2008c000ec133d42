import VolumeKit

/// A label map as the files saved with its sidecar (`AnnotationStore.save(…, companions:)`):
/// the NIfTI-1 `.seg.nii.gz` on the image's grid and its ITK-SNAP label table, and the SHA-256
/// of the label map file for its `segmentations` record. What the viewer's saving thread and
/// `slicemark consensus` both write.
public enum LabelMapCompanions {
    public struct Encoded: Sendable {
        public var files: [AnnotationStore.CompanionFile]
        public var sha256: String
    }

    public static func encode(_ map: LabelMap, table: LabelTable, path: String) throws -> Encoded {
        let bytes = try LabelMapNIfTIWriter.gzippedBytes(map)
        let table = completeTable(table, map)
        return Encoded(files: [
            .init(path: path, bytes: bytes),
            .init(path: SidecarLocation.labelTablePath(forLabelMap: path), bytes: Array(table.itkSnapText().utf8)),
        ], sha256: ContentHash.hex(of: bytes))
    }

    /// The table with a row for every value painted that it does not name, so ITK-SNAP and
    /// Slicer show them in the colours slicemark showed.
    public static func completeTable(_ table: LabelTable, _ map: LabelMap) -> LabelTable {
        var table = table
        let named = Set(table.entries.map(\.value))
        for value in map.counts().keys.sorted() where !named.contains(value) {
            table.entries.append(.init(value: value, name: table.name(for: value), color: table.color(for: value)))
        }
        table.entries.sort { $0.value < $1.value }
        return table
    }
}
