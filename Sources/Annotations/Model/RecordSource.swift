/// Who or what made a record: a person (`{"type": "human"}`), or a model whose output was
/// imported (`{"type": "model", "name", "version", "score"?}`). Records from a model also carry
/// a `ProposalStatus`.
public struct RecordSource: Sendable, Equatable, Codable {
    /// `human` or `model` (a newer slicemark may write other types; they are kept).
    public var type: String
    public var name: String?
    public var version: String?
    /// The model's confidence, when it gave one.
    public var score: Double?
    public var unknown: UnknownKeys = [:]

    public static let human = RecordSource(type: "human")

    public static func model(name: String, version: String, score: Double? = nil) -> RecordSource {
        RecordSource(type: "model", name: name, version: version, score: score)
    }

    public init(type: String, name: String? = nil, version: String? = nil, score: Double? = nil) {
        self.type = type
        self.name = name
        self.version = version
        self.score = score
    }

    public var isModel: Bool { type == "model" }

    public init(from decoder: any Decoder) throws {
        var r = try ObjectReader(decoder)
        type = try r("type")
        name = try r.optional("name")
        version = try r.optional("version")
        score = try r.optional("score")
        unknown = try r.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var w = ObjectWriter(encoder)
        try w("type", type)
        try w.optional("name", name)
        try w.optional("version", version)
        try w.optional("score", score)
        try w.unknown(unknown)
    }
}

/// Where a model's proposal stands: not yet looked at, taken over, or turned down.
public enum ProposalStatus: String, Sendable, Codable, CaseIterable {
    case proposed, accepted, rejected
}
