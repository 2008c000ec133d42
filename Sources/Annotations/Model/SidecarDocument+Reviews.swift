import Foundation

extension SidecarDocument {
    /// The `modified` of the record with this id, whatever its kind; nil when there is none.
    public func modifiedOfRecord(_ id: UUID) -> Timestamp? {
        annotations.first { $0.id == id }?.modified ?? labels.first { $0.id == id }?.modified
            ?? notes.first { $0.id == id }?.modified ?? segmentations.first { $0.id == id }?.modified
    }

    /// Where a record stands in review: its latest review of its current version (latest by
    /// revision, then time); "changed since review" when it was reviewed but edited after.
    public func reviewState(of id: UUID) -> ReviewState {
        let all = reviews.filter { $0.target == id }
        func latest(_ r: [ReviewRecord]) -> ReviewRecord? {
            r.max { ($0.revision, $0.time, $0.id.uuidString) < ($1.revision, $1.time, $1.id.uuidString) }
        }
        guard let last = latest(all) else { return .notReviewed }
        guard let current = modifiedOfRecord(id) else { return .decided(last) }
        if let review = latest(all.filter { $0.targetModified == current }) { return .decided(review) }
        return .changedSinceReview(last: last)
    }
}
