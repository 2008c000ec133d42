import VolumeKit

/// An annotation as it is on one frame of a cine: itself, or a track's object on a frame it
/// is shown on (points interpolated or held between key frames, or a key frame's).
public struct FrameInstance: Sendable, Equatable {
    /// The annotation with that frame's points, `frame` and `seconds` (a track keeps its `track`).
    public var annotation: Annotation
    public var frame: Int
    /// A track's object on a frame that is not one of its key frames.
    public var interpolated: Bool
    public var isTrack: Bool { annotation.track != nil }
}

extension AnnotationKind {
    /// Kinds that can be tracks: a point or a shape on one frame.
    public var canBeTracked: Bool { self == .landmark || isRegion }
}

extension Annotation {
    /// Records the frame (its voxel's k) and its time, on a cine; clears them otherwise.
    public mutating func stampFrame(_ timing: FrameTiming?) {
        guard let timing else { frame = nil; seconds = nil; return }
        frame = voxel.z
        seconds = timing.seconds(voxel.z)
    }

    /// Keeps a track's anchor (`points`, `frame`, `seconds`) on its first key frame.
    public mutating func anchorTrack() {
        guard let first = track?.keyframes.first else { return }
        setPoints(first.points)
        frame = first.frame
        seconds = first.seconds
    }

    /// The annotation on frame `f`: a track's object where it is on that frame (nil where it is
    /// not shown), any other annotation only on its own frame.
    public func onFrame(_ f: Int, geometry: VolumeGeometry, timing: FrameTiming?) -> FrameInstance? {
        guard let track else {
            return voxel.z == f ? FrameInstance(annotation: self, frame: f, interpolated: false) : nil
        }
        guard let shown = TrackInterpolation.frame(f, of: track, kind: kind) else { return nil }
        var a = self
        if let key = track.keyframe(at: f) {
            a.setPoints(key.points)
        } else {
            a.setPoints(shown.voxels.map { AnnotationPoint(voxel: $0, geometry: geometry) })
        }
        a.frame = f
        a.seconds = timing?.seconds(f) ?? track.keyframe(at: f)?.seconds
        return FrameInstance(annotation: a, frame: f, interpolated: !shown.isKeyframe)
    }

    /// Every frame the annotation is on: a track's object on each frame it is shown, any other
    /// annotation once.
    public func frameInstances(geometry: VolumeGeometry, timing: FrameTiming?, frameCount: Int) -> [FrameInstance] {
        guard let track else { return [FrameInstance(annotation: self, frame: voxel.z, interpolated: false)] }
        return TrackInterpolation.shownFrames(of: track, kind: kind, count: frameCount).compactMap {
            onFrame($0, geometry: geometry, timing: timing)
        }
    }
}

extension Annotation {
    /// A copy with its frame and time recorded (`stampFrame`).
    public func onFrames(_ timing: FrameTiming?) -> Annotation {
        var a = self
        a.stampFrame(timing)
        return a
    }
}
