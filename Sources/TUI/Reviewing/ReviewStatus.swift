import Annotations
import VolumeKit

/// What the list, the status rows and the captions say about review: a rejected record is
/// flagged with the reviewer's reason where its annotator sees it; the reviewer sees what is
/// still pending.
enum ReviewStatus {
    /// "rejected by R: wrong tooth"; nil for a draft nobody has reviewed.
    static func text(of annotation: Annotation, in document: SidecarDocument) -> String? {
        let review = document.workState(of: annotation)
        guard review.review != nil || review.state != .draft && review.state != .proposed else { return nil }
        return TerminalSafeText.make(review.text)
    }

    /// A mark after a caption on the image: ✗ rejected, ✓ accepted, * changed since review.
    static func captionMark(_ annotation: Annotation, _ state: ViewerState) -> String {
        guard let document = state.annotation?.session.document, !document.reviews.isEmpty else { return "" }
        switch document.workState(of: annotation).state {
        case .rejected: return " ✗"
        case .accepted: return " ✓"
        case .changedSinceReview: return " *"
        case .draft, .proposed: return ""
        }
    }

    /// The first status row's part: a reviewer's pending count, an annotator's rejected count.
    static func part(_ state: ViewerState) -> String? {
        guard let session = state.annotation?.session else { return nil }
        let visible = ReviewVisibility.visible(state)
        if state.options.review {
            let pending = visible.filter { ReviewWalk.pending.includes($0, reviewer: session.annotator, document: session.document) }
            return "REVIEW \(pending.count) pending · walk \(TerminalSafeText.make(state.reviewWalk.words))"
        }
        let mine = visible.filter { $0.annotator == session.annotator }
        let rejected = mine.filter { session.document.workState(of: $0).state == .rejected }.count
        let changed = mine.filter { session.document.workState(of: $0).state == .changedSinceReview }.count
        var bits: [String] = []
        if rejected > 0 { bits.append("\(rejected) rejected") }
        if changed > 0 { bits.append("\(changed) changed since review") }
        return bits.isEmpty ? nil : bits.joined(separator: ", ")
    }

    /// The third row when nothing else is said: the selected record's review.
    static func hint(_ state: ViewerState) -> String? {
        guard let session = state.annotation?.session, let selected = session.selectedAnnotation,
              ReviewVisibility.shows(selected, state), let text = text(of: selected, in: session.document) else { return nil }
        return " \(selected.kind.rawValue) \"\(TerminalSafeText.make(selected.label))\" (\(TerminalSafeText.make(selected.annotator))): \(text)"
    }
}

extension ReviewStatus {
    /// What another session's save brought that concerns you: a decision on one of your
    /// records ("R rejected landmark 1: …"), or, for a reviewer, a record changed since review.
    static func news(before: SidecarDocument, after: SidecarDocument, _ state: ViewerState) -> String? {
        let me = state.options.annotator
        let known = Set(before.reviews.map(\.id))
        if let review = after.reviews.filter({ !known.contains($0.id) }).last,
           let target = after.annotation(review.target), target.annotator == me {
            let verb = ["accept": "accepted", "fix-accept": "fixed and accepted", "reject": "rejected", "reopen": "reopened"][review.decision.rawValue]!
            let reason = review.comment.map { ": \($0)" } ?? ""
            return TerminalSafeText.make("\(review.reviewer) \(verb) your \(target.kind.rawValue) \"\(target.label)\"\(reason)")
        }
        guard state.options.review else { return nil }
        let changed = after.annotations.filter { a in
            after.workState(of: a).state == .changedSinceReview && before.annotation(a.id).map { before.workState(of: $0).state } != .changedSinceReview
        }
        guard let first = changed.first else { return nil }
        return TerminalSafeText.make("\(first.annotator) changed \(first.kind.rawValue) \"\(first.label)\" since your review: pending again")
    }
}
