import Foundation

/// A reviewer's decision on one version of a record (`reviews` in the sidecar).
///
/// `target` is the reviewed record's id, `targetModified` the `modified` of the version the
/// reviewer saw. Reviews are records of their own, merged like any other, so a decision is
/// never lost to a concurrent edit of its target; see `SidecarDocument.reviewState(of:)`.
public struct ReviewRecord: Sendable, Equatable, Codable, Identifiable {
    public enum Decision: String, Sendable, Codable, CaseIterable {
        case accept
        case fixAccept = "fix-accept"
        case reject, reopen
    }

    public var id: UUID
    public var annotator: String
    public var created: Timestamp
    public var modified: Timestamp
    public var modifiedBy: String
    public var revision: Int
    public var target: UUID
    public var targetModified: Timestamp
    public var reviewer: String
    public var decision: Decision
    public var comment: String?
    public var tags: [String]
    /// When the decision was made.
    public var time: Timestamp
    public var unknown: UnknownKeys = [:]

    public init(id: UUID, target: UUID, targetModified: Timestamp, reviewer: String, decision: Decision,
                comment: String? = nil, tags: [String] = [], time: Timestamp, revision: Int = 0) {
        self.id = id
        self.annotator = reviewer
        self.created = time
        self.modified = time
        self.modifiedBy = reviewer
        self.revision = revision
        self.target = target
        self.targetModified = targetModified
        self.reviewer = reviewer
        self.decision = decision
        self.comment = comment
        self.tags = tags
        self.time = time
    }

    public init(from decoder: any Decoder) throws {
        var r = try ObjectReader(decoder)
        (id, annotator, created, modified, modifiedBy, revision) = try r.recordEnvelope()
        target = try r("target")
        targetModified = try r("targetModified")
        reviewer = try r("reviewer")
        decision = try r("decision")
        comment = try r.optional("comment")
        tags = try r.optional("tags") ?? []
        time = try r("time")
        unknown = try r.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var w = ObjectWriter(encoder)
        try w.recordEnvelope(self)
        try w("target", target)
        try w("targetModified", targetModified)
        try w("reviewer", reviewer)
        try w("decision", decision)
        try w.optional("comment", comment)
        try w("tags", tags)
        try w("time", time)
        try w.unknown(unknown)
    }
}

/// Where a record stands in review: its latest review of its current version decides.
public enum ReviewState: Sendable, Equatable {
    /// No review of this record at all.
    case notReviewed
    /// The latest review of the current version.
    case decided(ReviewRecord)
    /// Reviewed, but changed since: `last` is the latest review of an earlier version.
    case changedSinceReview(last: ReviewRecord)
}
