import Annotations
import VolumeKit

/// Annotation keys in the reducer: each calls the pure `AnnotationSession` with the cursor and
/// the plane shown, puts its message in the status line, and asks the run loop to save when
/// the sidecar document changed. Nothing here touches a file.
enum AnnotationActions {
    /// Starts the session of a freshly opened image from what the loading thread found.
    static func open(_ state: inout ViewerState, _ document: ImageDocument) {
        open(&state, volume: document.volume, source: document.annotationSource)
    }

    static func open(_ state: inout ViewerState, volume: Volume, source: AnnotationSource) {
        let deferred = state.annotation?.deferred ?? []
        defer { state.annotation?.deferred = deferred }
        let settings = state.options.annotationSettings
        func session(_ sidecar: SidecarDocument) -> AnnotationSession {
            AnnotationSession(document: sidecar, annotator: state.options.annotator,
                              ids: RecordIDs(seed: .random(in: 0 ... .max)), now: .now(),
                              labelSet: settings.labelSet, template: settings.template)
        }
        switch source {
        case .opening:
            state.annotation = AnnotationContext(session: session(SidecarDocument(unsavedFor: volume)), store: nil,
                                                 saved: nil, notSavedReason: nil)
            state.annotation?.opening = true
        case .none:
            state.annotation = AnnotationContext(session: session(SidecarDocument(unsavedFor: volume)), store: nil,
                                                 saved: nil, notSavedReason: "annotations are kept in memory only")
        case .store(let store, let snapshot):
            state.annotation = AnnotationContext(session: session(snapshot.document), store: store, saved: snapshot,
                                                 notSavedReason: store.readOnlyReason)
            if let reason = store.readOnlyReason {
                state.message = .init(text: "annotations cannot be saved: \(reason)", isError: true)
            } else if !snapshot.document.annotations.isEmpty {
                state.message = .init(text: "\(snapshot.document.annotations.count) annotations read from \(store.sidecarPath)",
                                      isError: false)
            }
        case .unsaved(let reason, let isError):
            state.annotation = AnnotationContext(session: session(SidecarDocument(unsavedFor: volume)), store: nil,
                                                 saved: nil, notSavedReason: reason)
            state.message = .init(text: reason, isError: isError)
        }
    }

    /// The sidecar store of the image shown has been opened on the loading thread.
    static func opened(_ state: inout ViewerState, _ source: AnnotationSource, generation: Int) -> [Effect] {
        guard generation == state.documentGeneration, state.annotation?.opening == true, let volume = state.volume else { return [] }
        open(&state, volume: volume, source: source)
        return AnnotationDeferral.replay(&state, generation: generation)
    }

    static func reduce(_ state: inout ViewerState, _ action: Action) -> [Effect] {
        if AnnotationDeferral.deferIfWaiting(&state, action) { return [] }
        guard let volume = state.volume, var context = state.annotation else {
            state.message = .init(text: state.loading != nil ? "still reading the image…" : "no image is open", isError: false)
            return []
        }
        let voxel = state.cursor, plane = state.plane
        context.session.timepoint = state.timepoint
        context.session.now = .now()
        let change: SessionChange
        switch action {
        case .landmark: change = context.session.placeLandmark(at: voxel, plane: plane, volume: volume)
        case .rectangle: change = context.session.click(.rectangle, at: voxel, plane: plane, volume: volume)
        case .ellipse: change = context.session.click(.ellipse, at: voxel, plane: plane, volume: volume)
        case .polygon: change = context.session.click(.polygon, at: voxel, plane: plane, volume: volume)
        case .distance: change = context.session.click(.distance, at: voxel, plane: plane, volume: volume)
        case .finishShape: change = context.session.closePolygon(volume: volume)
        case .undo: change = context.session.undo()
        case .redo: change = context.session.redo()
        case .deleteAnnotation:
            change = context.session.deleteSelected()
            if context.session.selection == nil { context.moving = false }
        case .selectNextAnnotation, .selectPreviousAnnotation:
            change = action == .selectNextAnnotation ? context.session.selectNext() : context.session.selectPrevious()
            if let selected = context.session.selectedAnnotation { show(selected, in: &state) }
        case .moveAnnotation:
            guard context.session.selection != nil || context.moving else {
                change = .info("nothing is selected: Tab selects an annotation to move")
                break
            }
            context.moving.toggle()
            change = .info(context.moving
                ? "move mode: the cursor keys move the selected annotation; Esc or \(spelling(.moveAnnotation, state)) ends it"
                : "move mode ended")
        case .annotationList:
            if case .annotations = state.panel { state.panel = .none } else { state.panel = .annotations(scroll: 0) }
            change = .info(nil)
        default:
            guard let n = action.labelNumber else { return [] }
            change = context.session.toggleLabel(number: n, at: voxel)
        }
        return apply(change, context, to: &state)
    }

    /// Move mode: a cursor action nudges the selected annotation (and the cursor follows it).
    /// Returns nil when the action is not the nudge's to handle.
    static func nudge(_ state: inout ViewerState, _ action: Action) -> [Effect]? {
        guard var context = state.annotation, context.moving, let volume = state.volume else { return nil }
        let steps: [Action: (Int, Int)] = [
            .cursorLeft: (-1, 0), .cursorRight: (1, 0), .cursorUp: (0, -1), .cursorDown: (0, 1),
            .cursorLeft10: (-10, 0), .cursorRight10: (10, 0), .cursorUp10: (0, -10), .cursorDown10: (0, 10),
        ]
        guard let (columns, rows) = steps[action] else { return nil }
        guard context.session.selection != nil else {
            context.moving = false
            state.annotation = context
            state.message = .init(text: "move mode ended: nothing is selected", isError: false)
            return []
        }
        context.session.now = .now()
        let change = context.session.nudgeSelected(columns: columns, rows: rows, plane: state.plane, volume: volume)
        if change.documentChanged, let moved = context.session.selectedAnnotation { show(moved, in: &state) }
        return apply(change, context, to: &state)
    }

    /// Esc with no panel open: drops the shape being drawn, or ends move mode. False when
    /// there was neither.
    static func cancel(_ state: inout ViewerState) -> Bool {
        guard var context = state.annotation else { return false }
        if context.session.pending != nil {
            let change = context.session.cancelPending()
            state.annotation = context
            state.message = change.message.map { .init(text: $0, isError: false) }
            return true
        }
        if context.moving {
            context.moving = false
            state.annotation = context
            state.message = .init(text: "move mode ended", isError: false)
            return true
        }
        return false
    }

    /// Stores the session back, shows the message, and asks for a save when something changed.
    static func apply(_ change: SessionChange, _ context: AnnotationContext, to state: inout ViewerState) -> [Effect] {
        var context = context
        if let text = change.message { state.message = .init(text: text, isError: false) }
        guard change.documentChanged else {
            state.annotation = context
            return []
        }
        context.unsavedChanges += 1
        state.annotation = context
        if let reason = context.notSavedReason, let text = change.message {
            state.message = .init(text: text + " (not saved: \(reason))", isError: false)
        }
        return context.isSaving ? [.save] : []
    }

    /// Puts the cursor on an annotation's anchor so that its slice is the one shown.
    static func show(_ annotation: Annotation, in state: inout ViewerState) {
        guard let volume = state.volume, volume.contains(annotation.voxel.x, annotation.voxel.y, annotation.voxel.z) else { return }
        state.cursor = annotation.voxel
        Navigation.keepCursorVisible(&state)
    }

    static func spelling(_ action: Action, _ state: ViewerState) -> String {
        state.keymap.keys(for: action).first?.spelling ?? action.rawValue
    }
}
