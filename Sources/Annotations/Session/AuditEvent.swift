import Foundation

/// One line of the audit log: who changed which record how, when, and why (a new edit, an
/// undo or a redo), with the record's revision and its whole JSON before and after the change
/// (`before` nil for a create, `after` nil for a delete). A `conflict` line records a change
/// that lost a merge to a concurrent change of the same record: `kept` and `lost` are the two
/// versions as the sidecar writes them. An `export` or `import` line records another command's
/// use of a record (`format`, `destination`). Written as JSON lines beside the sidecar, each
/// carrying `prev`, the SHA-256 of the line before it (`AuditLog`, docs/audit.md).
public struct AuditEvent: Sendable, Equatable, Codable {
    public enum Action: String, Sendable, Codable { case create, update, delete, conflict, export, `import` }
    public enum Cause: String, Sendable, Codable { case edit, undo, redo, merge, command }
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
    /// The record as the sidecar writes it, before and after the change.
    public var before: JSONValue?
    public var after: JSONValue?
    public var kept: JSONValue?
    public var lost: JSONValue?
    /// Export and import lines: the format (`csv`, `slicer`, …) and the file or folder written
    /// or read.
    public var format: String?
    public var destination: String?
    /// The SHA-256 (hex) of the line before this one in the log, as written: set when the line
    /// is appended (`AuditLog.chained`), nil in lines written before the chain existed.
    public var prev: String?

    public init(time: Timestamp, annotator: String, action: Action, cause: Cause, record: Record,
                id: UUID, kind: String? = nil, label: String? = nil, summary: String,
                revision: Int? = nil, baseRevision: Int? = nil, before: JSONValue? = nil, after: JSONValue? = nil,
                kept: JSONValue? = nil, lost: JSONValue? = nil, format: String? = nil, destination: String? = nil) {
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
        self.before = before
        self.after = after
        self.kept = kept
        self.lost = lost
        self.format = format
        self.destination = destination
    }
}

extension AuditEvent {
    /// The record's kind and label as an audit line names them: the annotation kind and label,
    /// a label's set and name, a review's decision, a label map's file, or "note".
    static func describe(_ record: some SidecarRecord) -> (kind: String?, label: String?) {
        switch record {
        case let a as Annotation: (a.kind.rawValue, a.label)
        case let l as ImageLabel: (l.labelSet, l.name)
        case let v as ReviewRecord: (v.decision.rawValue, nil)
        case let g as Segmentation: ("label map", g.file)
        default: ("note", nil)
        }
    }

    /// A record as the sidecar writes it, as JSON.
    static func json(_ record: some SidecarRecord) -> JSONValue? {
        guard let data = try? JSONEncoder().encode(record) else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: data)
    }
}
