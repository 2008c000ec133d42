import Foundation

extension AnnotationSession {
    /// Records a review decision on the record `id` (an annotation, label, note or label map)
    /// as a review record of its current version, with this session's annotator as reviewer.
    /// Undo removes the review again.
    public mutating func review(_ decision: ReviewRecord.Decision, of id: UUID, comment: String? = nil,
                                tags: [String] = []) -> SessionChange {
        guard let targetModified = document.modifiedOfRecord(id) else { return .info("that record no longer exists") }
        let review = ReviewRecord(id: ids.next(), target: id, targetModified: targetModified, reviewer: annotator,
                                  decision: decision, comment: comment, tags: tags, time: now)
        let what = document.annotation(id).map(Self.describe) ?? "record"
        return commit(Edit(summary: "\(decision.rawValue) \(what)", changes: [.review(before: nil, after: review)]))
    }

    /// Where the record stands in review (see `SidecarDocument.reviewState(of:)`).
    public func reviewState(of id: UUID) -> ReviewState { document.reviewState(of: id) }
}
