import Foundation

/// One line of the audit log: who changed which record how, when, and why (a new edit, an
/// undo or a redo), with the record's revision before and after. A `conflict` line records a
/// change that lost a merge to a concurrent change of the same record: `kept` and `lost` are
/// the two versions as the sidecar writes them. Written as JSON lines beside the sidecar.
public struct AuditEvent: Sendable, Equatable, Codable {
    public enum Action: String, Sendable, Codable { case create, update, delete, conflict }
    public enum Cause: String, Sendable, Codable { case edit, undo, redo, merge }
    public enum Record: String, Sendable, Codable { case annotation, label, note, review, segmentation }

    public var time: Timestamp
    public var annotator: String
    public var action: Action
    public var cause: Cause
    public var record: Record
    public var id: UUID
    /// The annotation kind, label set, review decision or "note", as the record says.
    public var kind: String?
    public var label: String?
    public var summary: String
    /// The record's revision after this change, and the one it replaced (0: none).
    public var revision: Int?
    public var baseRevision: Int?
    public var kept: JSONValue?
    public var lost: JSONValue?

    public init(time: Timestamp, annotator: String, action: Action, cause: Cause, record: Record,
                id: UUID, kind: String? = nil, label: String? = nil, summary: String,
                revision: Int? = nil, baseRevision: Int? = nil, kept: JSONValue? = nil, lost: JSONValue? = nil) {
        self.time = time
        self.annotator = annotator
        self.action = action
        self.cause = cause
        self.record = record
        self.id = id
        self.kind = kind
        self.label = label
        self.summary = summary
        self.revision = revision
        self.baseRevision = baseRevision
        self.kept = kept
        self.lost = lost
    }
}
