import Foundation

/// The review field of a slicemark/1 annotation (`{status, reviewer?, reviewed?, comment?}`),
/// read only to be turned into a slicemark/2 review record:
///
/// - `draft` and `submitted` say nothing about a reviewer's decision: no review record.
/// - `accepted` becomes an `accept` review, `rejected` a `reject` review, by `reviewer`
///   ("unknown" when absent) at `reviewed` (the annotation's `modified` when absent), with the
///   comment. slicemark/1 touched the annotation when it was reviewed, so the review is of its
///   current version: `targetModified` is the annotation's `modified`.
/// - The review's id is derived from the annotation's id, so two sessions upgrading the same
///   file make the same record, and merging them gives one review, not two.
struct LegacyReview: Sendable, Equatable, Codable {
    var status: String
    var reviewer: String?
    var reviewed: Timestamp?
    var comment: String?
}

extension SidecarDocument {
    mutating func upgradeVersion1Reviews() {
        for n in annotations.indices {
            guard let legacy = annotations[n].legacyReview else { continue }
            annotations[n].legacyReview = nil
            let decision: ReviewRecord.Decision
            switch legacy.status {
            case "accepted": decision = .accept
            case "rejected": decision = .reject
            default: continue
            }
            let a = annotations[n]
            reviews.append(ReviewRecord(id: RecordIDs.derived(from: a.id, purpose: "slicemark/1 review"),
                                        target: a.id, targetModified: a.modified,
                                        reviewer: legacy.reviewer ?? "unknown", decision: decision,
                                        comment: legacy.comment, time: legacy.reviewed ?? a.modified,
                                        revision: a.revision))
        }
    }
}
