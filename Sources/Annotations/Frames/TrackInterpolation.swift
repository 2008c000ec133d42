import VolumeKit

/// Where a track's object is on one frame: its points' voxels, and whether that frame is one
/// of its key frames (else the points are interpolated, or held from the key frame before).
public struct TrackFrame: Sendable, Equatable {
    public var voxels: [SIMD3<Int>]
    public var isKeyframe: Bool
}

/// Linear interpolation of a track between its key frames (pure: no image needed).
///
/// - Before the first key frame, on an `outside` key frame and up to the next one: not shown.
/// - On a key frame: its points.
/// - Between key frames A and B (B not `outside`): each point at A + (B − A) × t, t = (f − A) /
///   (B − A), columns and rows rounded to the nearest pixel (halves away from zero), k = f. A
///   box (rectangle, ellipse) is interpolated as its low and high corners, so two boxes drawn
///   from opposite corners do not turn inside out. Point lists of different lengths (never
///   made by slicemark) are held at A.
/// - Between A and an `outside` B, and after the last key frame: A's points, held.
public enum TrackInterpolation {
    public static func frame(_ f: Int, of track: AnnotationTrack, kind: AnnotationKind) -> TrackFrame? {
        let keys = track.keyframes
        guard let before = keys.last(where: { $0.frame <= f }), !before.outside else { return nil }
        if before.frame == f { return TrackFrame(voxels: before.points.map(\.voxel), isKeyframe: true) }
        let a = corners(before.points.map(\.voxel), kind: kind)
        guard let next = keys.first(where: { $0.frame > f }), !next.outside, next.points.count == before.points.count else {
            return TrackFrame(voxels: a.map { onFrame($0, f) }, isKeyframe: false)
        }
        let b = corners(next.points.map(\.voxel), kind: kind)
        let t = Double(f - before.frame) / Double(next.frame - before.frame)
        let voxels = zip(a, b).map { p, q -> SIMD3<Int> in
            let c = Double(p.x) + Double(q.x - p.x) * t, r = Double(p.y) + Double(q.y - p.y) * t
            return SIMD3(Int(c.rounded()), Int(r.rounded()), f)
        }
        return TrackFrame(voxels: voxels, isKeyframe: false)
    }

    /// A box as its low and high corners; other shapes as they are.
    static func corners(_ v: [SIMD3<Int>], kind: AnnotationKind) -> [SIMD3<Int>] {
        guard kind == .rectangle || kind == .ellipse, v.count == 2 else { return v }
        return [SIMD3(min(v[0].x, v[1].x), min(v[0].y, v[1].y), v[0].z), SIMD3(max(v[0].x, v[1].x), max(v[0].y, v[1].y), v[1].z)]
    }

    static func onFrame(_ v: SIMD3<Int>, _ f: Int) -> SIMD3<Int> { SIMD3(v.x, v.y, f) }

    /// The frames a track shows its object on, among `0..<count`.
    public static func shownFrames(of track: AnnotationTrack, kind: AnnotationKind, count: Int) -> [Int] {
        guard let first = track.keyframes.first?.frame else { return [] }
        return (max(first, 0)..<max(count, 0)).filter { frame($0, of: track, kind: kind) != nil }
    }
}
