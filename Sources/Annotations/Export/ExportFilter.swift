import Foundation

/// Which records an export takes: every list that is not empty must match (annotator, label,
/// kind, status, review state), and `since` keeps records modified at or after it.
///
/// - `kinds`: the annotation kinds (`landmark`, `rectangle`, …), `label` for image labels and
///   `segmentation` for label maps.
/// - `statuses`: `human` (a person's record, no proposal status), `proposed`, `accepted`,
///   `rejected`. Empty means `human` and `accepted`: a model's proposals go out only when asked
///   for (`--status proposed`), rejected ones only with `--status rejected`.
/// - `reviewStates`: `not-reviewed`, `changed-since-review`, or the decision of the record's
///   current review (`accept`, `fix-accept`, `reject`, `reopen`), as
///   `SidecarDocument.reviewState(of:)` says.
/// - `labels`: an annotation's label, an image label's name (or `labelSet:name`), a segment's
///   name (only those segments of a label map go out).
public struct ExportFilter: Sendable, Equatable {
    public static let statusNames = ["human", "proposed", "accepted", "rejected"]
    public static let reviewStateNames = ["not-reviewed", "changed-since-review"] + ReviewRecord.Decision.allCases.map(\.rawValue)
    public static let kindNames = AnnotationKind.allCases.map(\.rawValue) + ["label", "segmentation"]
    public static let defaultStatuses = ["human", "accepted"]

    public var annotators: [String]
    public var labels: [String]
    public var kinds: [String]
    public var statuses: [String]
    public var reviewStates: [String]
    public var since: Timestamp?

    public init(annotators: [String] = [], labels: [String] = [], kinds: [String] = [], statuses: [String] = [],
                reviewStates: [String] = [], since: Timestamp? = nil) {
        self.annotators = annotators
        self.labels = labels
        self.kinds = kinds
        self.statuses = statuses
        self.reviewStates = reviewStates
        self.since = since
    }

    /// The statuses that count: the ones asked for, else `defaultStatuses`.
    public var effectiveStatuses: [String] { statuses.isEmpty ? Self.defaultStatuses : statuses }

    /// Why a value given on the command line is not one this filter knows, or nil.
    public func problem() -> String? {
        if let bad = kinds.first(where: { !Self.kindNames.contains($0) }) {
            return "--kind \(bad): use one of \(Self.kindNames.joined(separator: ", "))"
        }
        if let bad = statuses.first(where: { !Self.statusNames.contains($0) }) {
            return "--status \(bad): use one of \(Self.statusNames.joined(separator: ", "))"
        }
        if let bad = reviewStates.first(where: { !Self.reviewStateNames.contains($0) }) {
            return "--review \(bad): use one of \(Self.reviewStateNames.joined(separator: ", "))"
        }
        return nil
    }

    static func statusName(_ status: ProposalStatus?) -> String { status?.rawValue ?? "human" }

    static func reviewStateName(_ state: ReviewState) -> String {
        switch state {
        case .notReviewed: return "not-reviewed"
        case .changedSinceReview: return "changed-since-review"
        case .decided(let review): return review.decision.rawValue
        }
    }

    /// The checks every record kind shares.
    private func common(id: UUID, annotator: String, kind: String, status: ProposalStatus?, modified: Timestamp,
                        in document: SidecarDocument) -> Bool {
        if !annotators.isEmpty, !annotators.contains(annotator) { return false }
        if !kinds.isEmpty, !kinds.contains(kind) { return false }
        if !effectiveStatuses.contains(Self.statusName(status)) { return false }
        if let since, modified < since { return false }
        if !reviewStates.isEmpty, !reviewStates.contains(Self.reviewStateName(document.reviewState(of: id))) { return false }
        return true
    }

    public func includes(_ a: Annotation, in document: SidecarDocument) -> Bool {
        guard common(id: a.id, annotator: a.annotator, kind: a.kind.rawValue, status: a.status, modified: a.modified,
                     in: document) else { return false }
        return labels.isEmpty || labels.contains(a.label)
    }

    public func includes(_ l: ImageLabel, in document: SidecarDocument) -> Bool {
        guard common(id: l.id, annotator: l.annotator, kind: "label", status: l.status, modified: l.modified,
                     in: document) else { return false }
        return labels.isEmpty || labels.contains(l.name) || labels.contains(l.labelSet + ":" + l.name)
    }

    /// Whether the label map goes out, and which of its segments: all of them, or those named
    /// in `labels` (nil: the map is left out).
    public func segments(of s: Segmentation, in document: SidecarDocument) -> [Segmentation.Segment]? {
        guard common(id: s.id, annotator: s.annotator, kind: "segmentation", status: s.status, modified: s.modified,
                     in: document) else { return nil }
        guard !labels.isEmpty else { return s.segments }
        let kept = s.segments.filter { labels.contains($0.name) }
        return kept.isEmpty ? nil : kept
    }

    /// The filter as the manifest records it.
    public var json: JSONText {
        .object([
            ("annotator", .array(annotators.map(JSONText.string))),
            ("label", .array(labels.map(JSONText.string))),
            ("kind", .array(kinds.map(JSONText.string))),
            ("status", .array(effectiveStatuses.map(JSONText.string))),
            ("review", .array(reviewStates.map(JSONText.string))),
            ("since", since.map { .string($0.iso8601) } ?? .null),
        ])
    }
}
