extension Action {
    static let annotationList = Action("annotate.list")
    static let undo = Action("annotate.undo")
    static let redo = Action("annotate.redo")
    static let deleteAnnotation = Action("annotate.delete")
    static let selectNextAnnotation = Action("annotate.select-next")
    static let selectPreviousAnnotation = Action("annotate.select-previous")
}

/// What applies to every annotation: the list, selection, undo and redo, deleting, naming,
/// the image note, the name given to new regions.
enum EditingUnit {
    static let unit = ViewerUnit(
        name: "editing",
        actions: [
            ActionSpec(.annotationList, .annotation, "annotation list: measurements, template progress, labels", keys: ["A"]),
            ActionSpec(.undo, .annotation, "undo", keys: ["u"]),
            ActionSpec(.redo, .annotation, "redo", keys: ["Ctrl-R"]),
            ActionSpec(.deleteAnnotation, .annotation, "delete the selected annotation", keys: ["x"]),
            ActionSpec(.selectNextAnnotation, .annotation, "select the next annotation", keys: ["Tab"]),
            ActionSpec(.selectPreviousAnnotation, .annotation, "select the previous annotation", keys: ["Shift-Tab"]),
        ],
        commands: [
            CommandSpec(["name", "rename"], usage: "name TEXT", help: "rename the selected annotation") { state, args in
                AnnotationActions.command(&state) { session in
                    guard !args.text.isEmpty else { return .info("usage: :name TEXT (renames the selected annotation)") }
                    return session.renameSelected(to: args.text)
                }
            },
            CommandSpec(["note"], usage: "note TEXT", help: "your note on the image (:note alone removes it)") { state, args in
                AnnotationActions.command(&state) { $0.setNote(args.text) }
            },
            CommandSpec(["region"], usage: "region NAME", help: "name the regions drawn next (:region alone: rectangle 1, …)") { state, args in
                AnnotationActions.command(&state) { session in
                    session.regionLabel = args.text.isEmpty ? nil : args.text
                    return .info(args.text.isEmpty ? "new regions are named rectangle 1, ellipse 1, …"
                                                   : "new regions are labelled \"\(args.text)\"")
                }
            },
        ]
    ) { state, action in
        if action == .annotationList {
            if case .annotations = state.panel { state.panel = .closed } else { state.panel = .annotations(scroll: 0) }
            return []
        }
        // Undo and redo go to the label map when its stroke is the latest edit.
        if let context = state.annotation, context.session.pending == nil {
            if action == .undo, context.undoOrder.last == .labelMap { return LabelMapEditing.undo(&state, redo: false) }
            if action == .redo, context.redoOrder.last == .labelMap { return LabelMapEditing.undo(&state, redo: true) }
        }
        var selected: Bool = false
        let effects = AnnotationActions.edit(&state, action) { session, _, _, _ in
            switch action {
            case .undo: return session.undo()
            case .redo: return session.redo()
            case .deleteAnnotation: return session.deleteSelected()
            case .selectNextAnnotation: selected = true; return session.selectNext()
            default: selected = true; return session.selectPrevious()
            }
        }
        if state.annotation?.session.selection == nil { state.annotation?.moving = false }
        if selected, let annotation = state.annotation?.session.selectedAnnotation { AnnotationActions.show(annotation, in: &state) }
        return effects
    }
}
