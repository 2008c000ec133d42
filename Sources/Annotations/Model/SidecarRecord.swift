import Foundation

/// What the merge and undo machinery needs of every kind of record in a sidecar: a stable id
/// and the time of its last change.
public protocol SidecarRecord: Identifiable, Equatable, Sendable, Codable where ID == UUID {
    var created: Timestamp { get }
    var modified: Timestamp { get }
    /// Marks the record as changed by `annotator` at `time`.
    mutating func touch(by annotator: String, at time: Timestamp)
}

extension Annotation: SidecarRecord {
    public mutating func touch(by annotator: String, at time: Timestamp) {
        modified = time
        modifiedBy = annotator
    }
}

extension ImageLabel: SidecarRecord {
    public mutating func touch(by annotator: String, at time: Timestamp) { modified = time }
}

extension Note: SidecarRecord {
    public mutating func touch(by annotator: String, at time: Timestamp) { modified = time }
}
