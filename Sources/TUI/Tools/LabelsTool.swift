extension Action {
    /// `label.1` … `label.9`: toggle label N of the label set.
    static func label(_ n: Int) -> Action { Action("label.\(n)") }

    /// 1…9 for the label toggles.
    public var labelNumber: Int? {
        guard rawValue.hasPrefix("label."), let n = Int(rawValue.dropFirst("label.".count)), (1...9).contains(n) else { return nil }
        return n
    }
}

/// Image labels (`--labels`, QA pass/fail/unsure by default): keys 1–9 toggle them.
enum LabelsTool {
    static let unit = ViewerUnit(
        name: "labels",
        actions: (1...9).map { n in
            ActionSpec(.label(n), .annotation, "toggle label \(n) of the label set", keys: ["\(n)"])
        }
    ) { state, action in
        // An image that could not be read keeps its image labels ("corrupt") in its own sidecar.
        if state.unreadable != nil, state.volume == nil, let context = state.annotation, !context.opening {
            return AnnotationActions.command(&state) { $0.toggleLabel(number: action.labelNumber ?? 0, at: [0, 0, 0]) }
        }
        let before = state.imageLabels[state.imageIndex]
        let effects = AnnotationActions.edit(&state, action) { session, voxel, _, _ in
            session.toggleLabel(number: action.labelNumber ?? 0, at: voxel)
        }
        // `--advance`: a label set moves on to the next image still to do.
        guard state.options.advanceAfterLabel, state.images.count > 1, state.annotation?.opening == false,
              let after = state.imageLabels[state.imageIndex], after != (before ?? []) else { return effects }
        return effects + Reducer.reduce(&state, .nextUnlabelledImage)
    }
}
