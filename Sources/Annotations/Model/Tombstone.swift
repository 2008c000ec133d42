import Foundation

/// The record that something was deleted: kept so that a session still holding the old copy
/// cannot bring it back when the two are merged.
public struct Tombstone: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var deletedBy: String
    public var deleted: Timestamp

    public init(id: UUID, deletedBy: String, deleted: Timestamp) {
        self.id = id
        self.deletedBy = deletedBy
        self.deleted = deleted
    }
}
