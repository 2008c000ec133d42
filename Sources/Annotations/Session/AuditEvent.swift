import Foundation

/// One line of the audit log: who changed which record how, when, and why (a new edit, an
/// undo or a redo). Written as JSON lines beside the sidecar.
public struct AuditEvent: Sendable, Equatable, Codable {
    public enum Action: String, Sendable, Codable { case create, update, delete }
    public enum Cause: String, Sendable, Codable { case edit, undo, redo }
    public enum Record: String, Sendable, Codable { case annotation, label, note }

    public var time: Timestamp
    public var annotator: String
    public var action: Action
    public var cause: Cause
    public var record: Record
    public var id: UUID
    /// The annotation kind, label or note, as the record says.
    public var kind: String?
    public var label: String?
    public var summary: String

    public init(time: Timestamp, annotator: String, action: Action, cause: Cause, record: Record,
                id: UUID, kind: String? = nil, label: String? = nil, summary: String) {
        self.time = time
        self.annotator = annotator
        self.action = action
        self.cause = cause
        self.record = record
        self.id = id
        self.kind = kind
        self.label = label
        self.summary = summary
    }
}
