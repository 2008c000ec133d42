import Foundation

/// A free-text note on the image; each annotator has at most one.
public struct Note: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var annotator: String
    public var text: String
    public var created: Timestamp
    public var modified: Timestamp
    public var modifiedBy: String
    public var revision: Int
    public var unknown: UnknownKeys = [:]

    public init(id: UUID, annotator: String, text: String, created: Timestamp, modified: Timestamp? = nil, revision: Int = 0) {
        self.id = id
        self.annotator = annotator
        self.text = text
        self.created = created
        self.modified = modified ?? created
        self.modifiedBy = annotator
        self.revision = revision
    }

    public init(from decoder: any Decoder) throws {
        var r = try ObjectReader(decoder)
        id = try r("id")
        annotator = try r("annotator")
        text = try r("text")
        created = try r("created")
        modified = try r("modified")
        modifiedBy = try r.optional("modifiedBy") ?? annotator
        revision = try r.optional("revision") ?? 0
        unknown = try r.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var w = ObjectWriter(encoder)
        try w("id", id)
        try w("annotator", annotator)
        try w("text", text)
        try w("created", created)
        try w("modified", modified)
        try w("modifiedBy", modifiedBy)
        try w("revision", revision)
        try w.unknown(unknown)
    }
}
