import Annotations
import VolumeKit

/// What the annotation tools share in the reducer: opening the session of an image, running an
/// edit on it with the cursor and plane shown, the status message, and asking the run loop to
/// save when the sidecar document changed. Nothing here touches a file.
enum AnnotationActions {
    /// Starts the session of a freshly opened image from what the loading thread found.
    static func open(_ state: inout ViewerState, _ document: ImageDocument) {
        open(&state, volume: document.volume, source: document.annotationSource)
    }

    static func open(_ state: inout ViewerState, volume: Volume, source: AnnotationSource) {
        let settings = state.options.annotationSettings
        func session(_ sidecar: SidecarDocument) -> AnnotationSession {
            AnnotationSession(document: sidecar, annotator: state.options.annotator,
                              ids: RecordIDs(seed: state.idSeed &+ UInt64(state.loadGeneration)), now: state.now,
                              labelSet: settings.labelSet, template: settings.template)
        }
        switch source {
        case .opening:
            state.annotation = AnnotationContext(session: session(SidecarDocument(unsavedFor: volume)), store: nil,
                                                 seen: nil, notSavedReason: nil)
            state.annotation?.opening = true
        case .memoryOnly:
            state.annotation = AnnotationContext(session: session(SidecarDocument(unsavedFor: volume)), store: nil,
                                                 seen: nil, notSavedReason: "annotations are kept in memory only")
        case .store(let store, let snapshot):
            state.annotation = AnnotationContext(session: session(snapshot.document), store: store, seen: snapshot.stamp,
                                                 notSavedReason: store.readOnlyReason)
            if let reason = store.readOnlyReason {
                state.message = .init(text: "annotations cannot be saved: \(reason)", isError: true)
            } else if case let count = ReviewVisibility.visible(state).count, count > 0 {
                state.message = .init(text: "\(count) annotations read from \(store.sidecarPath)",
                                      isError: false)
            }
        case .unsaved(let reason, let isError):
            state.annotation = AnnotationContext(session: session(SidecarDocument(unsavedFor: volume)), store: nil,
                                                 seen: nil, notSavedReason: reason)
            state.message = .init(text: reason, isError: isError)
        }
        state.annotation?.session.frameTiming = FrameTiming(volume: volume)
    }

    /// An image of the list could not be read: its own sidecar is being opened (image labels
    /// typed meanwhile wait for it).
    static func openUnreadable(_ state: inout ViewerState) {
        // An empty document until the loading thread has hashed the file and read its sidecar.
        let empty = SidecarDocument(image: SidecarImage(format: .nifti), geometry: .unreadable(""))
        state.annotation = AnnotationContext(session: session(state, empty), store: nil, seen: nil, notSavedReason: nil)
        state.annotation?.opening = true
    }

    private static func session(_ state: ViewerState, _ document: SidecarDocument) -> AnnotationSession {
        let settings = state.options.annotationSettings
        return AnnotationSession(document: document, annotator: state.options.annotator,
                                 ids: RecordIDs(seed: state.idSeed &+ UInt64(state.loadGeneration)), now: state.now,
                                 labelSet: settings.labelSet, template: settings.template)
    }

    /// The sidecar store of the image shown has been opened on the loading thread.
    static func opened(_ state: inout ViewerState, _ source: AnnotationSource, generation: Int) -> [Effect] {
        guard generation == state.documentGeneration, state.annotation?.opening == true else { return [] }
        guard let volume = state.volume else {
            guard state.unreadable != nil else { return [] }
            switch source {
            case .store(let store, let snapshot):
                state.annotation = AnnotationContext(session: session(state, snapshot.document), store: store,
                                                     seen: snapshot.stamp, notSavedReason: store.readOnlyReason)
            case .unsaved(let reason, _):
                state.annotation = AnnotationContext(session: session(state, SidecarDocument(image: SidecarImage(format: .nifti),
                                                                                             geometry: .unreadable(reason))),
                                                     store: nil, seen: nil, notSavedReason: reason)
            case .memoryOnly, .opening:
                state.annotation = nil
            }
            // Keys dropped when the load failed are still said after the labels are applied.
            let dropped = state.message?.isError == true ? state.message : nil
            let effects = AnnotationDeferral.replay(&state, generation: generation)
            if let dropped, let now = state.message, now != dropped {
                state.message = .init(text: now.text + " · " + dropped.text, isError: true)
            }
            return effects
        }
        open(&state, volume: volume, source: source)
        noteImageLabels(&state)
        if let pending = state.pendingLabelMaps, pending.generation == generation {
            LabelMapReading.adopt(pending.found, into: &state)
        }
        state.pendingLabelMaps = nil
        return AnnotationDeferral.replay(&state, generation: generation)
    }

    /// Runs one annotation edit for `action` on the session of the image shown, with the
    /// cursor voxel and plane: the shared step of every drawing and editing tool. A key for an
    /// image whose sidecar is not open yet waits (`AnnotationDeferral`).
    static func edit(_ state: inout ViewerState, _ action: Action,
                     _ body: (inout AnnotationSession, SIMD3<Int>, Plane, Volume) -> SessionChange) -> [Effect] {
        if AnnotationDeferral.deferIfWaiting(&state, action) { return [] }
        guard let volume = state.volume, var context = state.annotation else {
            state.message = .init(text: state.loading != nil ? "still reading the image…" : "no image is open", isError: false)
            return []
        }
        context.session.timepoint = state.timepoint
        context.session.now = state.now
        let hadPendingShape = context.session.pending != nil
        let change = body(&context.session, state.cursor, state.plane, volume)
        if change.documentChanged {
            switch action {
            case .undo where !hadPendingShape: context.recordUndo(.annotations)
            case .redo: context.recordRedo(.annotations)
            default: context.recordEdit(.annotations)
            }
        }
        return apply(change, context, to: &state)
    }

    /// Runs a `:` command's edit on the session of the image shown.
    static func command(_ state: inout ViewerState, _ body: (inout AnnotationSession) -> SessionChange) -> [Effect] {
        guard var context = state.annotation else {
            state.message = .init(text: "no image is open yet", isError: true)
            return []
        }
        context.session.now = state.now
        let change = body(&context.session)
        if change.documentChanged { context.recordEdit(.annotations) }
        return apply(change, context, to: &state)
    }

    /// The status row of a two-press shape (rectangle, ellipse) waiting for its second press.
    @Sendable static func twoPressHint(_ pending: PendingShape, _ key: String) -> String {
        " \(pending.tool.rawValue): move to the other corner and press \(key) · Esc cancels"
    }

    /// Esc with no panel open: drops the shape being drawn, or ends move mode. False when
    /// there was neither.
    static func cancel(_ state: inout ViewerState) -> Bool {
        if state.brush.penDown {
            LabelMapEditing.endPen(&state)
            state.message = .init(text: "pen up", isError: false)
            return true
        }
        if state.brush.active {
            state.brush.active = false
            state.brush.rangeAnchor = nil
            state.message = .init(text: "brush mode off", isError: false)
            return true
        }
        guard var context = state.annotation else { return false }
        if context.session.pending != nil {
            let change = context.session.cancelPending()
            state.annotation = context
            state.message = change.message.map { .init(text: $0, isError: false) }
            return true
        }
        if context.moving {
            context.moving = false
            context.session.endMoveRun()
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
        noteImageLabels(&state)
        if let reason = context.notSavedReason, let text = change.message {
            state.message = .init(text: text + " (not saved: \(reason))", isError: false)
        }
        return context.isSaving ? [.save] : []
    }

    /// Keeps the picker's record of the image's labels up to date.
    static func noteImageLabels(_ state: inout ViewerState) {
        guard let context = state.annotation, !context.opening else { return }
        let blind = state.options.blind ? state.options.annotator : nil
        let labels = context.session.document.labels.filter { $0.slice == nil && $0.frames == nil && (blind == nil || $0.annotator == blind) }.map(\.name)
        state.imageLabels[state.imageIndex] = labels.isEmpty ? nil : labels
    }

    /// Puts the cursor on an annotation's anchor so that its slice is the one shown.
    /// A track stays on the frame shown when its object is on it (the cursor goes to it there).
    static func show(_ annotation: Annotation, in state: inout ViewerState) {
        guard let volume = state.volume, volume.contains(annotation.voxel.x, annotation.voxel.y, annotation.voxel.z) else { return }
        if annotation.track != nil, let here = annotation.onFrame(state.cursor.z, geometry: volume.geometry,
                                                                  timing: state.annotation?.session.frameTiming) {
            state.cursor = here.annotation.voxel
            Navigation.keepCursorVisible(&state)
            return
        }
        state.cursor = annotation.voxel
        Navigation.keepCursorVisible(&state)
    }

    static func spelling(_ action: Action, _ state: ViewerState) -> String {
        state.keymap.keys(for: action).first?.spelling ?? action.rawValue
    }
}
