import Foundation

/// What the merge and undo machinery needs of every kind of record in a sidecar: a stable id,
/// who changed it last, when, and its revision.
///
/// `revision` is a Lamport counter: every change sets it to one more than the highest revision
/// the changing session knows of (in its whole document), so a change made after seeing
/// another one always has the higher revision, whatever the two machines' clocks say.
public protocol SidecarRecord: Identifiable, Equatable, Sendable, Codable where ID == UUID {
    var annotator: String { get }
    var created: Timestamp { get }
    var modified: Timestamp { get set }
    var modifiedBy: String { get set }
    var revision: Int { get set }
    /// The record's kind as the audit log names it.
    static var auditRecord: AuditEvent.Record { get }
}

extension SidecarRecord {
    /// Marks the record as changed by `annotator` at `time`, as revision `revision`.
    mutating func touch(by annotator: String, at time: Timestamp, revision: Int) {
        modified = time
        modifiedBy = annotator
        self.revision = revision
    }
}

extension Annotation: SidecarRecord { public static var auditRecord: AuditEvent.Record { .annotation } }
extension ImageLabel: SidecarRecord { public static var auditRecord: AuditEvent.Record { .label } }
extension Note: SidecarRecord { public static var auditRecord: AuditEvent.Record { .note } }
extension ReviewRecord: SidecarRecord { public static var auditRecord: AuditEvent.Record { .review } }
extension Segmentation: SidecarRecord { public static var auditRecord: AuditEvent.Record { .segmentation } }
