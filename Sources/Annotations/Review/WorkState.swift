import Foundation

/// Where one record stands in the ground-truth workflow, as `status` counts it and the viewer
/// flags it: a person's work not yet decided (`draft`), a model's proposal not yet looked at
/// (`proposed`), accepted or rejected by a reviewer (or, for a proposal, taken over or turned
/// down), or edited after its last review (`changedSinceReview`).
///
/// A review of the record's current version decides first; a `reopen` makes it a draft again.
/// Without one, a proposal's own `status` decides.
public enum WorkState: String, Sendable, CaseIterable, Comparable {
    case draft, proposed, accepted, rejected
    case changedSinceReview = "changed_since_review"

    /// The words a person reads: "changed since review".
    public var words: String {
        self == .changedSinceReview ? "changed since review" : rawValue
    }

    /// Whether a reviewer still has to look at a record in this state.
    public var awaitsReview: Bool { self == .draft || self == .proposed || self == .changedSinceReview }

    public static func < (a: WorkState, b: WorkState) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A record's work state with the review that decided it (or the last one, for a record
/// changed since).
public struct RecordReview: Sendable, Equatable {
    public var state: WorkState
    public var review: ReviewRecord?

    public init(state: WorkState, review: ReviewRecord?) {
        self.state = state
        self.review = review
    }

    /// "rejected by R: wrong tooth", "accepted by R (fixed)", "changed since review (rejected by
    /// R: …)", "draft"; the comment is the reviewer's text, to be made terminal-safe by the caller.
    public var text: String {
        guard let review else { return state.words }
        let comment = review.comment.map { ": \($0)" } ?? ""
        switch state {
        case .accepted:
            return "accepted by \(review.reviewer)" + (review.decision == .fixAccept ? " (fixed)" : "")
        case .rejected: return "rejected by \(review.reviewer)\(comment)"
        case .changedSinceReview:
            let was = review.decision == .reject ? "rejected" : review.decision == .reopen ? "reopened" : "accepted"
            return "changed since review (\(was) by \(review.reviewer)\(comment))"
        case .draft where review.decision == .reopen: return "reopened by \(review.reviewer)\(comment)"
        case .draft, .proposed: return state.words
        }
    }
}

extension SidecarDocument {
    /// The work state of the record `id` that has this source and proposal status.
    public func workState(of id: UUID, source: RecordSource, status: ProposalStatus?) -> RecordReview {
        let proposal: WorkState? = source.isModel ? {
            switch status ?? .proposed {
            case .proposed: return .proposed
            case .accepted: return .accepted
            case .rejected: return .rejected
            }
        }() : nil
        switch reviewState(of: id) {
        case .notReviewed:
            return RecordReview(state: proposal ?? .draft, review: nil)
        case .changedSinceReview(let last):
            return RecordReview(state: .changedSinceReview, review: last)
        case .decided(let review):
            switch review.decision {
            case .accept, .fixAccept: return RecordReview(state: .accepted, review: review)
            case .reject: return RecordReview(state: .rejected, review: review)
            case .reopen: return RecordReview(state: proposal == .proposed ? .proposed : .draft, review: review)
            }
        }
    }

    public func workState(of annotation: Annotation) -> RecordReview {
        workState(of: annotation.id, source: annotation.source, status: annotation.status)
    }

    /// Every record a reviewer decides on (annotations, image labels, label maps; notes are
    /// the annotator's own remarks), as one list.
    public var reviewableRecords: [ReviewableRecord] {
        annotations.map { a in
            ReviewableRecord(id: a.id, annotator: a.annotator, kind: a.kind.rawValue, label: a.label,
                             review: workState(of: a))
        } + labels.map { l in
            ReviewableRecord(id: l.id, annotator: l.annotator, kind: "label", label: "\(l.labelSet):\(l.name)",
                             review: workState(of: l.id, source: l.source, status: l.status))
        } + segmentations.map { s in
            ReviewableRecord(id: s.id, annotator: s.annotator, kind: "segmentation", label: s.file,
                             review: workState(of: s.id, source: s.source, status: s.status))
        }
    }
}

/// One record as the worklist sees it.
public struct ReviewableRecord: Sendable, Equatable {
    public var id: UUID
    public var annotator: String
    /// The annotation kind (`landmark`, `rectangle`…), `label` or `segmentation`.
    public var kind: String
    public var label: String
    public var review: RecordReview

    public var state: WorkState { review.state }
    /// A landmark, region or measurement (not an image label or a label map).
    public var isAnnotation: Bool { kind != "label" && kind != "segmentation" }
}
