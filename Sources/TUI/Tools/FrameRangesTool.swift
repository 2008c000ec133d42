import Annotations

/// Frame-range labels on a cine ("bleeding" from frame 120 to 340): `:range-label NAME` on the
/// first frame starts the range, on the last frame ends it; the range is an image label of the
/// label set `frames` with the frames it covers.
enum FrameRangesTool {
    static let unit = ViewerUnit(
        name: "frame-ranges",
        actions: [],
        commands: [
            CommandSpec(["range-label"], usage: "range-label NAME",
                        help: "frame range NAME: starts on this frame, or ends its open range on this frame") { state, args in
                let frame = state.cursor.z
                return AnnotationActions.command(&state) { $0.toggleFrameRange(args.text, at: frame) }
            },
            CommandSpec(["range-end"], usage: "range-end [NAME]", help: "end the open frame range (of NAME) on this frame") { state, args in
                let frame = state.cursor.z
                return AnnotationActions.command(&state) { $0.endFrameRange(args.text.isEmpty ? nil : args.text, at: frame) }
            },
            CommandSpec(["range-delete"], usage: "range-delete NAME", help: "delete your frame range NAME that covers this frame") { state, args in
                let frame = state.cursor.z
                return AnnotationActions.command(&state) { $0.deleteFrameRange(args.text, at: frame) }
            },
        ]
    ) { _, _ in [] }
}
