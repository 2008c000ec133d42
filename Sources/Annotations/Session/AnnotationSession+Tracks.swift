import Foundation
import VolumeKit

/// Tracks on a cine: the selected landmark or region becomes a track, key frames are set,
/// moved, deleted, and the track ended (`AnnotationTrack`). Every call is one undoable edit of
/// the one annotation record the track is.
extension AnnotationSession {
    /// `T`: the selected annotation becomes a track with its own frame as the first key frame;
    /// on a track, frame `frame` becomes a key frame where the object is shown there (or, where
    /// it is not shown, where the nearest key frame before, else after, has it).
    public mutating func keyframeSelected(at frame: Int, volume: Volume) -> SessionChange {
        guard let timing = frameTiming else { return .info("tracks are for cines (frames in time); this image has slices") }
        guard let before = selectedAnnotation else { return .info("nothing is selected (Tab selects)") }
        guard timing.contains(frame) else { return .info("frame \(frame + 1) is not in the image") }
        guard let track = before.track else {
            guard before.kind.canBeTracked else {
                return .info("a \(before.kind.rawValue) cannot be a track: landmarks, rectangles, ellipses and polygons can")
            }
            guard before.plane == volume.nativePlane else { return .info("a track is drawn on the frames themselves (\(volume.nativePlane.rawValue))") }
            var after = before
            let first = TrackKeyframe(frame: before.voxel.z, seconds: timing.seconds(before.voxel.z), points: before.points)
            after.track = AnnotationTrack(keyframes: [first])
            after.anchorTrack()
            return commit(Edit(summary: "make \(Self.describe(before)) a track", changes: [.annotation(before: before, after: after)]),
                          message: "\(Self.describe(before)) is a track: key frame \(first.frame + 1); on another frame M moves it there, T keeps it there")
        }
        if let key = track.keyframe(at: frame), !key.outside { return .info("frame \(frame + 1) is already a key frame of \(Self.describe(before))") }
        let points = shownPoints(of: before, track: track, on: frame, volume: volume)
        return setKeyframe(before, TrackKeyframe(frame: frame, seconds: timing.seconds(frame), points: points),
                           summary: "key frame \(frame + 1) of \(Self.describe(before))", volume: volume)
    }

    /// Deletes the selected track's key frame on `frame` (the object is interpolated there
    /// again); the last key frame where the object is shown cannot go (`x` deletes the track).
    public mutating func deleteKeyframeSelected(at frame: Int, volume: Volume) -> SessionChange {
        guard let before = selectedAnnotation, var track = before.track else { return .info("no track is selected (Tab selects)") }
        guard track.keyframe(at: frame) != nil else { return .info("frame \(frame + 1) is not a key frame of \(Self.describe(before))") }
        track.removeKeyframe(at: frame)
        guard track.isVisibleSomewhere else { return .info("that is the track's only key frame: x deletes the whole track") }
        var after = before
        after.track = track
        after.anchorTrack()
        after = Self.measured(after, volume: volume)
        return commit(Edit(summary: "delete key frame \(frame + 1) of \(Self.describe(before))",
                           changes: [.annotation(before: before, after: after)]))
    }

    /// Ends the selected track on `frame`: from there the object is outside the image (a key
    /// frame marked `outside`), until a later key frame brings it back.
    public mutating func endTrackSelected(at frame: Int, volume: Volume) -> SessionChange {
        guard let timing = frameTiming else { return .info("tracks are for cines (frames in time); this image has slices") }
        guard let before = selectedAnnotation, let track = before.track else { return .info("no track is selected (Tab selects)") }
        guard let first = track.keyframes.first?.frame, frame > first else {
            return .info("a track ends after its first key frame (frame \((track.keyframes.first?.frame ?? 0) + 1)); x deletes it")
        }
        if track.keyframe(at: frame)?.outside == true { return .info("\(Self.describe(before)) already ends on frame \(frame + 1)") }
        let points = shownPoints(of: before, track: track, on: frame, volume: volume)
        return setKeyframe(before, TrackKeyframe(frame: frame, seconds: timing.seconds(frame), points: points, outside: true),
                           summary: "end \(Self.describe(before)) on frame \(frame + 1)", volume: volume)
    }

    /// A cursor key in move mode on a track: the object as shown on `frame`, moved, becomes the
    /// key frame there.
    mutating func nudgeTrack(_ before: Annotation, columns: Int, rows: Int, frame: Int, volume: Volume) -> SessionChange {
        guard let track = before.track else { return .info(nil) }
        let layout = volume.layout(before.plane)
        var moved: [SIMD3<Int>] = []
        for voxel in shownPoints(of: before, track: track, on: frame, volume: volume).map(\.voxel) {
            let p = layout.position(of: voxel)
            let c = p.column + columns, r = p.row + rows
            guard c >= 0, r >= 0, c < layout.width, r < layout.height else { return .info("\(Self.describe(before)) would leave the image") }
            moved.append(layout.voxel(column: c, row: r, slice: frame))
        }
        let key = TrackKeyframe(frame: frame, seconds: frameTiming?.seconds(frame),
                                points: moved.map { AnnotationPoint(voxel: $0, geometry: volume.geometry) })
        var after = before
        after.track?.set(key)
        after.anchorTrack()
        after = Self.measured(after, volume: volume)
        let edit = Edit(summary: "move \(Self.describe(before)) on frame \(frame + 1)", changes: [.annotation(before: before, after: after)])
        if movingRunFrame != frame { movingRun = nil }
        movingRunFrame = frame
        return commitMove(edit, of: before.id, message: "moved \(Self.describe(after)) on frame \(frame + 1) (a key frame)")
    }

    /// The object's points on `frame`: as shown there, else those of the nearest key frame
    /// before (else after) where it is shown, put on this frame.
    func shownPoints(of a: Annotation, track: AnnotationTrack, on frame: Int, volume: Volume) -> [AnnotationPoint] {
        if let shown = a.onFrame(frame, geometry: volume.geometry, timing: frameTiming) { return shown.annotation.points }
        let visible = track.keyframes.filter { !$0.outside }
        let near = visible.last { $0.frame < frame } ?? visible.first ?? track.keyframes[0]
        return near.points.map { AnnotationPoint(voxel: SIMD3($0.voxel.x, $0.voxel.y, frame), geometry: volume.geometry) }
    }

    private mutating func setKeyframe(_ before: Annotation, _ key: TrackKeyframe, summary: String, volume: Volume) -> SessionChange {
        var after = before
        after.track?.set(key)
        after.anchorTrack()
        after = Self.measured(after, volume: volume)
        return commit(Edit(summary: summary, changes: [.annotation(before: before, after: after)]))
    }

}
