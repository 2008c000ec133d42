import Foundation

/// The record that something was deleted: kept so that a session still holding the old copy
/// cannot bring it back when the two are merged. A deletion is a change like any other: it has
/// a `revision`, and the merge orders it against edits of the same id by that.
public struct Tombstone: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var deletedBy: String
    public var deleted: Timestamp
    public var revision: Int
    public var unknown: UnknownKeys = [:]

    public init(id: UUID, deletedBy: String, deleted: Timestamp, revision: Int = 0) {
        self.id = id
        self.deletedBy = deletedBy
        self.deleted = deleted
        self.revision = revision
    }

    public init(from decoder: any Decoder) throws {
        var r = try ObjectReader(decoder)
        id = try r("id")
        deletedBy = try r("deletedBy")
        deleted = try r("deleted")
        revision = try r.optional("revision") ?? 0
        unknown = try r.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var w = ObjectWriter(encoder)
        try w("id", id)
        try w("deletedBy", deletedBy)
        try w("deleted", deleted)
        try w("revision", revision)
        try w.unknown(unknown)
    }
}
