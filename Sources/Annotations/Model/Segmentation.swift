import Foundation

/// One annotator's (or model's) label map of the image: a NIfTI file in the image's folder
/// (`file`, its SHA-256 in `sha256`) and what its values mean.
public struct Segmentation: Sendable, Equatable, Codable, Identifiable {
    /// One value of the label map: its number, name and display colour (`#RRGGBB`).
    public struct Segment: Sendable, Equatable, Codable {
        public var value: Int
        public var name: String
        public var color: String
        public var unknown: UnknownKeys = [:]

        public init(value: Int, name: String, color: String) {
            self.value = value
            self.name = name
            self.color = color
        }

        public init(from decoder: any Decoder) throws {
            var r = try ObjectReader(decoder)
            value = try r("value")
            name = try r("name")
            color = try r("color")
            unknown = try r.unknown()
        }

        public func encode(to encoder: any Encoder) throws {
            var w = ObjectWriter(encoder)
            try w("value", value)
            try w("name", name)
            try w("color", color)
            try w.unknown(unknown)
        }
    }

    public var id: UUID
    public var annotator: String
    public var created: Timestamp
    public var modified: Timestamp
    public var modifiedBy: String
    public var revision: Int
    /// The label map's file name, in the sidecar's folder.
    public var file: String
    public var sha256: String
    public var segments: [Segment]
    public var source: RecordSource
    public var status: ProposalStatus?
    public var unknown: UnknownKeys = [:]

    public init(id: UUID, annotator: String, created: Timestamp, file: String, sha256: String,
                segments: [Segment], source: RecordSource = .human, status: ProposalStatus? = nil, revision: Int = 0) {
        self.id = id
        self.annotator = annotator
        self.created = created
        self.modified = created
        self.modifiedBy = annotator
        self.revision = revision
        self.file = file
        self.sha256 = sha256
        self.segments = segments
        self.source = source
        self.status = status
    }

    public init(from decoder: any Decoder) throws {
        var r = try ObjectReader(decoder)
        (id, annotator, created, modified, modifiedBy, revision) = try r.recordEnvelope()
        file = try r("file")
        sha256 = try r("sha256")
        segments = try r("segments")
        source = try r.optional("source") ?? .human
        status = try r.optional("status")
        unknown = try r.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var w = ObjectWriter(encoder)
        try w.recordEnvelope(self)
        try w("file", file)
        try w("sha256", sha256)
        try w("segments", segments)
        try w("source", source)
        try w.optional("status", status)
        try w.unknown(unknown)
    }
}
