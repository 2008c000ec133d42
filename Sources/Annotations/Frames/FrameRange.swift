/// The frames a frame-range label covers ("bleeding" from frame 120 to 340), both ends
/// included, with their times in seconds. `last` is nil while the range is still open (its
/// start was marked, its end not yet).
public struct FrameRange: Sendable, Equatable, Codable {
    public var first: Int
    public var last: Int?
    public var firstSeconds: Double?
    public var lastSeconds: Double?
    public var unknown: UnknownKeys = [:]

    public init(first: Int, last: Int? = nil, timing: FrameTiming?) {
        self.first = first
        self.last = last
        firstSeconds = timing?.seconds(first)
        lastSeconds = last.flatMap { timing?.seconds($0) }
    }

    public var isOpen: Bool { last == nil }

    public func contains(_ frame: Int) -> Bool {
        guard let last else { return frame == first }
        return (min(first, last)...max(first, last)).contains(frame)
    }

    /// "120–340", or "120–…" while open (frames counted from 0, as in the sidecar).
    public var text: String { "\(first)–" + (last.map(String.init) ?? "…") }

    public init(from decoder: any Decoder) throws {
        var r = try ObjectReader(decoder)
        first = try r("first")
        last = try r.optional("last")
        firstSeconds = try r.optional("firstSeconds")
        lastSeconds = try r.optional("lastSeconds")
        unknown = try r.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var w = ObjectWriter(encoder)
        try w("first", first)
        try w.optional("last", last)
        try w.optional("firstSeconds", firstSeconds)
        try w.optional("lastSeconds", lastSeconds)
        try w.unknown(unknown)
    }
}
