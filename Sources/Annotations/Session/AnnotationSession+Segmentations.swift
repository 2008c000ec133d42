import Foundation

extension AnnotationSession {
    /// This annotator's label map record (one per annotator and image), if there is one: a
    /// person's own, or one they made from a model's proposal (source the model, status accepted).
    public func segmentation(of annotator: String) -> Segmentation? {
        document.segmentations.first { $0.annotator == annotator && ($0.source == .human || $0.status == .accepted) }
    }

    /// Records a change to this annotator's label map: creates or updates its `segmentations`
    /// record (the file's name and the label table's segments) with an audit event saying what
    /// changed (`summary`: which labels, how many voxels). The file's hash is set by whoever
    /// writes the file, with the save (see `withLabelMapHash`). Label-map strokes have their
    /// own undo (`LabelHistory`), so nothing is pushed on the annotation undo stack.
    @discardableResult
    public mutating func recordLabelMapChange(file: String, segments: [Segmentation.Segment], summary: String) -> UUID {
        var record: Segmentation
        if let existing = segmentation(of: annotator) {
            record = existing
            record.file = file
            record.segments = segments
        } else {
            record = Segmentation(id: ids.next(), annotator: annotator, created: now, file: file, sha256: "",
                                  segments: segments)
        }
        return write(record, id: record.id, in: \.segmentations, record: .segmentation, cause: .edit, summary: summary)
    }
}

extension SidecarDocument {
    /// The document with `sha256` of segmentation `id` set to the hash of the file written with it.
    public func withLabelMapHash(_ sha256: String, of id: UUID) -> SidecarDocument {
        var d = self
        if let index = d.segmentations.firstIndex(where: { $0.id == id }) { d.segmentations[index].sha256 = sha256 }
        return d
    }
}
