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
        (id, annotator, created, modified, modifiedBy, revision) = try r.recordEnvelope()
        text = try r("text")
        unknown = try r.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var w = ObjectWriter(encoder)
        try w.recordEnvelope(self)
        try w("text", text)
        try w.unknown(unknown)
    }
}
