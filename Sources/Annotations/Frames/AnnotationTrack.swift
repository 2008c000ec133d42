import Foundation

/// A track (CVAT's track mode): one object — a landmark, rectangle, ellipse or polygon — on
/// key frames of a cine, shown on every frame from its first key frame on, interpolated
/// linearly between key frames, until a key frame marked `outside` (the object has left the
/// image; a later key frame brings it back). After the last key frame the object stays where
/// that key frame put it, to the last frame.
///
/// A track is one record: the annotation it belongs to is the object (its label, kind,
/// reviews), and `keyframes` its positions. The annotation's own `points`, `voxel`, `lps` and
/// `frame` are those of the first key frame, so a reader that knows nothing of tracks sees the
/// object where it was first drawn.
public struct AnnotationTrack: Sendable, Equatable, Codable {
    public var keyframes: [TrackKeyframe]
    public var unknown: UnknownKeys = [:]

    /// Key frames sorted by frame; one per frame (a later one for the same frame replaces it).
    public init(keyframes: [TrackKeyframe]) {
        var byFrame: [Int: TrackKeyframe] = [:]
        for k in keyframes { byFrame[k.frame] = k }
        self.keyframes = byFrame.values.sorted { $0.frame < $1.frame }
    }

    public func keyframe(at frame: Int) -> TrackKeyframe? { keyframes.first { $0.frame == frame } }

    /// Adds key frame `k`, replacing one on the same frame.
    public mutating func set(_ k: TrackKeyframe) {
        self = AnnotationTrack(keyframes: keyframes.filter { $0.frame != k.frame } + [k], unknown: unknown)
    }

    public mutating func removeKeyframe(at frame: Int) {
        keyframes.removeAll { $0.frame == frame }
    }

    /// Whether the object is on some frame: a key frame that is not `outside`.
    public var isVisibleSomewhere: Bool { keyframes.contains { !$0.outside } }

    init(keyframes: [TrackKeyframe], unknown: UnknownKeys) {
        self.init(keyframes: keyframes)
        self.unknown = unknown
    }

    public init(from decoder: any Decoder) throws {
        var r = try ObjectReader(decoder)
        let read: [TrackKeyframe] = try r("keyframes")
        self.init(keyframes: read)
        unknown = try r.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var w = ObjectWriter(encoder)
        try w("keyframes", keyframes)
        try w.unknown(unknown)
    }
}

/// One key frame of a track: the object's points on frame `frame` (each `{voxel, lps}` with
/// voxel k = `frame`), the frame's time, and whether the object leaves the image here.
public struct TrackKeyframe: Sendable, Equatable, Codable {
    public var frame: Int
    public var seconds: Double?
    public var points: [AnnotationPoint]
    /// From this frame on (to the next key frame) the object is not in the image.
    public var outside: Bool
    public var unknown: UnknownKeys = [:]

    public init(frame: Int, seconds: Double?, points: [AnnotationPoint], outside: Bool = false) {
        self.frame = frame
        self.seconds = seconds
        self.points = points
        self.outside = outside
    }

    public init(from decoder: any Decoder) throws {
        var r = try ObjectReader(decoder)
        frame = try r("frame")
        seconds = try r.optional("seconds")
        points = try r("points")
        outside = try r.optional("outside") ?? false
        unknown = try r.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var w = ObjectWriter(encoder)
        try w("frame", frame)
        try w.optional("seconds", seconds)
        try w("points", points)
        if outside { try w("outside", true) }
        try w.unknown(unknown)
    }
}
