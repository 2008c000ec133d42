extension Action {
    static let moveAnnotation = Action("annotate.move")
}

/// Move mode: the cursor keys nudge the selected annotation (the cursor follows it) until Esc
/// or the move key again.
enum MoveTool {
    private static let steps: [Action: (columns: Int, rows: Int)] = [
        .cursorLeft: (-1, 0), .cursorRight: (1, 0), .cursorUp: (0, -1), .cursorDown: (0, 1),
        .cursorLeft10: (-10, 0), .cursorRight10: (10, 0), .cursorUp10: (0, -10), .cursorDown10: (0, 10),
    ]

    static let unit = ViewerUnit(
        name: "move",
        actions: [ActionSpec(.moveAnnotation, .annotation, "move mode: cursor keys move the selected annotation (Esc ends)", keys: ["M"])],
        intercept: nudge
    ) { state, action in
        if AnnotationDeferral.deferIfWaiting(&state, action) { return [] }
        guard var context = state.annotation else { return [] }
        guard context.session.selection != nil || context.moving else {
            state.message = .init(text: "nothing is selected: Tab selects an annotation to move", isError: false)
            return []
        }
        context.moving.toggle()
        context.session.endMoveRun()
        state.annotation = context
        state.message = .init(text: context.moving
            ? "move mode: the cursor keys move the selected annotation; Esc or \(AnnotationActions.spelling(.moveAnnotation, state)) ends it"
            : "move mode ended", isError: false)
        return []
    }

    /// In move mode, a cursor action nudges the selected annotation instead of the cursor.
    static func nudge(_ state: inout ViewerState, _ action: Action) -> [Effect]? {
        guard let context = state.annotation, context.moving, state.volume != nil, let step = steps[action] else { return nil }
        guard context.session.selection != nil else {
            state.annotation?.moving = false
            state.message = .init(text: "move mode ended: nothing is selected", isError: false)
            return []
        }
        // On a cine a track moves on the frame shown (k of the cursor), which becomes a key frame.
        let effects = AnnotationActions.edit(&state, action) { session, voxel, plane, volume in
            session.nudgeSelected(columns: step.columns, rows: step.rows, plane: plane, volume: volume,
                                  frame: session.frameTiming == nil ? nil : voxel.z)
        }
        if let moved = state.annotation?.session.selectedAnnotation { AnnotationActions.show(moved, in: &state) }
        return effects
    }
}
