import Annotations

extension Action {
    static let trackKeyframe = Action("track.keyframe")
    static let trackDeleteKeyframe = Action("track.delete-keyframe")
    static let trackEnd = Action("track.end")
}

/// Tracks on a cine (CVAT's track mode): the selected landmark or region becomes a track; on
/// another frame, moving it (M) or `T` makes that frame a key frame, and the frames between key
/// frames show it interpolated. The frame is the slice shown (the cine's frame index).
enum TrackTool {
    static let unit = ViewerUnit(
        name: "tracks",
        actions: [
            ActionSpec(.trackKeyframe, .annotation,
                       "track: make the selected annotation a track, or make this frame one of its key frames", keys: ["T"]),
            ActionSpec(.trackDeleteKeyframe, .annotation, "track: delete the selected track's key frame on this frame", keys: ["X"]),
            ActionSpec(.trackEnd, .annotation, "track: end the selected track on this frame (outside from here)", keys: ["|"]),
        ],
        commands: [
            CommandSpec(["track"], usage: "track", help: "make the selected annotation a track, or this frame a key frame (T)") { state, _ in
                reduce(&state, .trackKeyframe)
            },
            CommandSpec(["key-delete"], usage: "key-delete", help: "delete the selected track's key frame on this frame (X)") { state, _ in
                reduce(&state, .trackDeleteKeyframe)
            },
            CommandSpec(["track-end"], usage: "track-end", help: "end the selected track on this frame (|)") { state, _ in
                reduce(&state, .trackEnd)
            },
        ],
        reduce: reduce
    )

    static func reduce(_ state: inout ViewerState, _ action: Action) -> [Effect] {
        // The frame is k of the cursor's voxel: the slice of the cine's one (native) plane.
        AnnotationActions.edit(&state, action) { session, voxel, _, volume in
            let frame = voxel.z
            switch action {
            case .trackKeyframe: return session.keyframeSelected(at: frame, volume: volume)
            case .trackDeleteKeyframe: return session.deleteKeyframeSelected(at: frame, volume: volume)
            default: return session.endTrackSelected(at: frame, volume: volume)
            }
        }
    }
}
