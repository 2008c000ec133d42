import Foundation
import VolumeKit

/// One landmark, region or measurement on an image.
///
/// `voxel` / `lps` is the annotation's anchor: a landmark's point, a region's or measurement's
/// first point. `points` holds every point in both systems (see `AnnotationKind.pointCount`);
/// all points of a region, an angle or a Cobb angle lie on one slice of `plane`.
public struct Annotation: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var kind: AnnotationKind
    public var label: String
    public var description: String?
    public var annotator: String
    public var created: Timestamp
    public var modified: Timestamp
    public var modifiedBy: String
    /// The merge counter (see `SidecarDocument.merged(with:)`).
    public var revision: Int
    public var plane: Plane
    /// The timepoint of a 4D image it was drawn at; absent for 3D images.
    public var timepoint: Int?
    /// The frame of a cine it was drawn on (its voxel's k) and that frame's time in seconds from
    /// the first frame; absent for images of slices. A track's are those of its first key frame.
    public var frame: Int?
    public var seconds: Double?
    /// Set when the annotation is a track: the object on key frames (`AnnotationTrack`).
    public var track: AnnotationTrack?
    public var voxel: SIMD3<Int>
    public var lps: SIMD3<Double>
    public var points: [AnnotationPoint]
    public var statistics: RegionStatistics?
    public var lengthMM: Double?
    /// A distance's length in pixels (voxel index units), instead of `lengthMM` on an image
    /// whose pixel spacing is unknown.
    public var lengthPx: Double?
    /// An angle's or Cobb angle's measurement, degrees.
    public var angleDegrees: Double?
    public var source: RecordSource
    /// Set on a model's proposals only.
    public var status: ProposalStatus?
    public var unknown: UnknownKeys = [:]
    /// A slicemark/1 annotation's review, until the document turns it into a review record.
    var legacyReview: LegacyReview?

    public init(id: UUID, kind: AnnotationKind, label: String, description: String? = nil,
                annotator: String, created: Timestamp, modified: Timestamp? = nil, modifiedBy: String? = nil,
                revision: Int = 0, plane: Plane, timepoint: Int? = nil, points: [AnnotationPoint],
                statistics: RegionStatistics? = nil, lengthMM: Double? = nil, angleDegrees: Double? = nil,
                source: RecordSource = .human, status: ProposalStatus? = nil) {
        precondition(!points.isEmpty, "an annotation has at least one point")
        self.id = id
        self.kind = kind
        self.label = label
        self.description = description
        self.annotator = annotator
        self.created = created
        self.modified = modified ?? created
        self.modifiedBy = modifiedBy ?? annotator
        self.revision = revision
        self.plane = plane
        self.timepoint = timepoint
        self.voxel = points[0].voxel
        self.lps = points[0].lps
        self.points = points
        self.statistics = statistics
        self.lengthMM = lengthMM
        self.angleDegrees = angleDegrees
        self.source = source
        self.status = status
    }

    /// Replaces the points, keeping the anchor in step with the first one.
    public mutating func setPoints(_ newPoints: [AnnotationPoint]) {
        precondition(!newPoints.isEmpty)
        points = newPoints
        voxel = newPoints[0].voxel
        lps = newPoints[0].lps
    }

    public init(from decoder: any Decoder) throws {
        var r = try ObjectReader(decoder)
        (id, annotator, created, modified, modifiedBy, revision) = try r.recordEnvelope()
        kind = try r("kind")
        label = try r("label")
        description = try r.optional("description")
        plane = try r("plane")
        timepoint = try r.optional("timepoint")
        frame = try r.optional("frame")
        seconds = try r.optional("seconds")
        track = try r.optional("track")
        voxel = try r("voxel")
        lps = try r("lps")
        points = try r("points")
        statistics = try r.optional("statistics")
        lengthMM = try r.optional("lengthMM")
        lengthPx = try r.optional("lengthPx")
        angleDegrees = try r.optional("angleDegrees")
        source = try r.optional("source") ?? .human
        status = try r.optional("status")
        if r.isVersion1 { legacyReview = try r.optional("review") }
        unknown = try r.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var w = ObjectWriter(encoder)
        try w.recordEnvelope(self)
        try w("kind", kind)
        try w("label", label)
        try w.optional("description", description)
        try w("plane", plane)
        try w.optional("timepoint", timepoint)
        try w.optional("frame", frame)
        try w.optional("seconds", seconds)
        try w.optional("track", track)
        try w("voxel", voxel)
        try w("lps", lps)
        try w("points", points)
        try w.optional("statistics", statistics)
        try w.optional("lengthMM", lengthMM)
        try w.optional("lengthPx", lengthPx)
        try w.optional("angleDegrees", angleDegrees)
        try w("source", source)
        try w.optional("status", status)
        try w.unknown(unknown)
    }
}
