import Annotations
import Rendering
import VolumeKit

/// The viewer's state machine: `reduce(&state, message, at: time)` is pure (the time comes in
/// with the message, new record ids from the session's seeded generator), so a recorded
/// session replays to the same state and the same sidecar bytes; the returned effects are
/// performed by the run loop, and their outcomes come back as messages.
public enum Reducer {
    /// The run loop's entry: a message and the time it arrived.
    public static func reduce(_ state: inout ViewerState, _ message: Message, at time: Timestamp) -> [Effect] {
        state.now = time
        return reduce(&state, message)
    }

    /// A message at `state.now` (tests that do not care about time).
    public static func reduce(_ state: inout ViewerState, _ message: Message) -> [Effect] {
        AnnotationSaving.resolve(handle(&state, message), &state)
    }

    static func handle(_ state: inout ViewerState, _ message: Message) -> [Effect] {
        switch message {
        case .input(let event): return input(&state, event)
        case .action(let action): return reduce(&state, action)
        case .tick: return AnnotationSaving.tick(&state)
        case .frameClock: return FramesUnit.clock(&state)
        case .frameUnreadable(let text):
            state.playback = nil
            state.message = .init(text: TerminalSafeText.make(text), isError: true)
            return []
        case .loadProgress(let progress, let generation):
            guard state.loading?.generation == generation else { return [] }
            state.loading?.progress = progress
            return []
        case .loaded(let document, let generation):
            guard state.loading?.generation == generation else { return [] }
            // A preview keeps the progress: the rest of the volume is still being read.
            if document.isPreview { state.loading?.showsPreview = true } else { state.loading = nil }
            open(&state, document)
            state.documentGeneration = generation
            return AnnotationDeferral.replay(&state, generation: generation)
        case .volumeCompleted(let document, let generation):
            guard state.documentGeneration == generation, let shown = state.document, shown.isPreview,
                  state.loading?.generation == generation else { return [] }
            state.loading = nil
            // What the person changed while the preview was up stays; what they did not
            // follows the whole volume (the cursor is the same voxel either way).
            let windowUntouched = state.window == shown.initialWindow
            state.document = document
            state.paneViews = [:]
            if windowUntouched { state.window = document.initialWindow }
            state.presetIndex = document.presets.firstIndex { $0.center == state.window.center && $0.width == state.window.width }
            return AnnotationDeferral.replay(&state, generation: generation)
        case .labelJobProgress(let voxels, let generation):
            guard generation == state.documentGeneration else { return [] }
            state.annotation?.labelMap?.job?.voxels = voxels
            return []
        case .imageLabelsScanned(let labels):
            // What this session set since wins over what the files said when scanned.
            state.imageLabels = labels.merging(state.imageLabels) { _, mine in mine }
            return []
        case .labelJobFinished(let result):
            return LabelMapTools.finished(&state, result)
        case .labelMapsOpened(let found, let generation):
            state.pendingLabelMaps = (found, generation)
            return []
        case .annotationsOpened(let source, let generation):
            return AnnotationActions.opened(&state, source, generation: generation)
        case .statisticsReady(let document, let generation):
            guard state.documentGeneration == generation, state.document != nil else { return [] }
            state.document = document
            if let index = state.presetIndex, !state.window.name.isEmpty {
                state.presetIndex = document.presets.firstIndex { $0.name == state.window.name } ?? index
            }
            if state.automaticWindowPending {
                state.automaticWindowPending = false
                state.message = nil
                return WindowUnit.reduce(&state, .automaticWindow)
            }
            return []
        case .loadFailed(let reason, let generation):
            guard let loading = state.loading, loading.generation == generation else { return [] }
            state.loading = nil
            if state.document == nil && state.unreadable == nil && state.images.count <= 1 { return [.fail(reason)] }
            // The image on screen goes: keys typed now must not reach its annotations.
            state.document = nil
            state.documentGeneration = generation
            state.unreadable = UnreadableImage(title: loading.title, reason: reason)
            AnnotationActions.openUnreadable(&state)
            state.panel = state.panel == .closed ? .closed : state.panel
            state.message = .init(text: reason, isError: true)
            return AnnotationDeferral.dropForFailedLoad(&state, generation: generation, title: loading.title)
        case .discovered(let images, let problems):
            state.images = images
            guard !images.isEmpty else {
                state.loading = nil
                return [.fail(problems.first ?? "no images found in \(state.options.paths.joined(separator: ", "))")]
            }
            if !problems.isEmpty { state.message = .init(text: problems.joined(separator: "; "), isError: true) }
            if images.count > 1 { state.panel = .picker(selection: 0) }
            return startLoading(&state, index: 0)
        case .saved(let result): return AnnotationSaving.saved(&state, result)
        case .saveFailed(let failure): return AnnotationSaving.failed(&state, failure)
        case .externalChange(let snapshot, let generation): return AnnotationSaving.external(&state, snapshot, generation: generation)
        }
    }

    /// What the run loop does first: looks for images in the paths given, or opens the first
    /// of those already known (generation 0 is discovery).
    public static func start(_ state: inout ViewerState) -> [Effect] {
        guard state.images.isEmpty else {
            if state.images.count > 1 { state.panel = .picker(selection: 0) }
            return startLoading(&state, index: 0)
        }
        state.loading = LoadingStatus(title: state.options.paths.joined(separator: " "), progress: nil, generation: 0)
        return [.discover(paths: state.options.paths)]
    }

    /// Starts reading image `index` of the list.
    public static func startLoading(_ state: inout ViewerState, index: Int) -> [Effect] {
        guard state.images.indices.contains(index) else { return [] }
        state.imageIndex = index
        state.loadGeneration += 1
        state.loading = LoadingStatus(title: state.images[index].title, progress: nil, generation: state.loadGeneration)
        return [.load(index: index, generation: state.loadGeneration)]
    }

    /// Shows a freshly read volume: native plane, cursor at the centre of the middle slice.
    public static func open(_ state: inout ViewerState, _ document: ImageDocument) {
        let volume = document.volume
        state.document = document
        state.unreadable = nil
        let ownPlaneOnly = volume.depth == 1 || document.presentation.isCine || !document.presentation.isOriented
        state.plane = ownPlaneOnly ? volume.nativePlane : .axial
        if ownPlaneOnly { state.layout = .single }
        state.playback = nil
        // A cine starts at its first frame.
        state.cursor = SIMD3(volume.width / 2, volume.height / 2, document.presentation.isCine ? 0 : volume.depth / 2)
        state.timepoint = 0
        state.window = document.initialWindow
        state.presetIndex = document.presets.firstIndex { $0.center == document.initialWindow.center && $0.width == document.initialWindow.width }
        state.inverted = false
        state.automaticWindowPending = false
        state.paneViews = [:]
        if !volume.metadata.warnings.isEmpty {
            state.message = .init(text: volume.metadata.warnings.joined(separator: "; "), isError: false)
        }
        AnnotationActions.open(&state, document)
    }

    static func input(_ state: inout ViewerState, _ event: InputEvent) -> [Effect] {
        switch event {
        case .resize(let columns, let rows):
            state.screenColumns = columns
            state.screenRows = rows
            return [.redrawAll]
        case .mouse(let mouse):
            return Self.mouse(&state, mouse)
        case .reply:
            return []
        case .unknownSequence(let spelled):
            state.message = .init(text: "unknown key sequence \(spelled) (ignored)", isError: false)
            return []
        case .key(let key):
            if state.commandLine != nil { return CommandLineEditor.edit(&state, key) }
            if state.panel != .closed, let effects = Panels.key(&state, key) { return effects }
            guard let action = state.keymap.action(for: key) else {
                state.message = .init(text: "\(key.spelling) is not bound to anything; ? shows the keys", isError: false)
                return []
            }
            return reduce(&state, action)
        }
    }

    /// One action: a unit that is active may take it first (move mode takes the cursor keys),
    /// else the unit that declares it handles it.
    public static func reduce(_ state: inout ViewerState, _ action: Action) -> [Effect] {
        let proposals = ProposalEdits.snapshot(state)
        let effects = dispatch(&state, action)
        return effects + ProposalEdits.acceptEdited(&state, since: proposals, action: action)
    }

    private static func dispatch(_ state: inout ViewerState, _ action: Action) -> [Effect] {
        state.message = nil
        if action != state.leaveArmed { state.leaveArmed = nil }
        for intercept in ViewerUnits.interceptors {
            if let effects = intercept(&state, action) { return effects }
        }
        guard let unit = ViewerUnits.unit(for: action) else {
            state.message = .init(text: "\(action.rawValue) is not an action", isError: true)
            return []
        }
        return unit.reduce(&state, action)
    }

    static func mouse(_ state: inout ViewerState, _ mouse: MouseEvent) -> [Effect] {
        guard state.document != nil, state.panel == .closed, state.commandLine == nil else { return [] }
        let layout = state.screenLayout
        guard let pane = layout.panes.first(where: { $0.rect.contains(column: mouse.column, row: mouse.row) }) else { return [] }
        switch mouse.kind {
        case .wheelUp, .wheelDown:
            state.plane = pane.plane
            return reduce(&state, mouse.kind == .wheelUp ? .previousSlice : .nextSlice)
        case .press:
            guard let viewport = state.viewport(pane.plane, in: pane.rect), let volume = state.volume,
                  let pixel = viewport.slicePixel(column: mouse.column, row: mouse.row) else { return [] }
            state.message = nil
            state.plane = pane.plane
            let layout = volume.layout(pane.plane)
            state.cursor = layout.voxel(column: pixel.column, row: pixel.row, slice: state.cursor[layout.normal])
            return []
        }
    }
}

extension ColorMode {
    /// How the status line names the mode.
    public var displayName: String {
        switch self {
        case .truecolor: return "truecolour"
        case .palette256: return "256 colours"
        case .ansi16: return "16 colours"
        case .mono: return "mono"
        }
    }
}
