import Foundation

/// A categorical label one annotator set on the image (`slice` absent: the whole series or
/// volume), on one 2D image of it (`slice`: index k along the volume's third axis), or on a
/// range of a cine's frames (`frames`).
public struct ImageLabel: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var labelSet: String
    public var name: String
    public var slice: Int?
    /// A frame-range label of a cine: the frames it covers (then `slice` is absent).
    public var frames: FrameRange?
    public var annotator: String
    public var created: Timestamp
    public var modified: Timestamp
    public var modifiedBy: String
    public var revision: Int
    public var source: RecordSource
    public var status: ProposalStatus?
    public var unknown: UnknownKeys = [:]

    public init(id: UUID, labelSet: String, name: String, slice: Int? = nil, annotator: String,
                created: Timestamp, modified: Timestamp? = nil, revision: Int = 0,
                source: RecordSource = .human, status: ProposalStatus? = nil, frames: FrameRange? = nil) {
        self.id = id
        self.frames = frames
        self.labelSet = labelSet
        self.name = name
        self.slice = slice
        self.annotator = annotator
        self.created = created
        self.modified = modified ?? created
        self.modifiedBy = annotator
        self.revision = revision
        self.source = source
        self.status = status
    }

    public init(from decoder: any Decoder) throws {
        var r = try ObjectReader(decoder)
        (id, annotator, created, modified, modifiedBy, revision) = try r.recordEnvelope()
        labelSet = try r("labelSet")
        name = try r("name")
        slice = try r.optional("slice")
        frames = try r.optional("frames")
        source = try r.optional("source") ?? .human
        status = try r.optional("status")
        unknown = try r.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var w = ObjectWriter(encoder)
        try w.recordEnvelope(self)
        try w("labelSet", labelSet)
        try w("name", name)
        try w.optional("slice", slice)
        try w.optional("frames", frames)
        try w("source", source)
        try w.optional("status", status)
        try w.unknown(unknown)
    }
}
