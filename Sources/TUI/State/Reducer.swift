import Rendering
import VolumeKit

/// The viewer's state machine: `reduce(&state, message)` is pure, so a key sequence can be
/// replayed in a test without a terminal; the returned effects are performed by the run loop.
public enum Reducer {
    public static func reduce(_ state: inout ViewerState, _ message: Message) -> [Effect] {
        switch message {
        case .input(let event): return input(&state, event)
        case .action(let action): return reduce(&state, action)
        case .loadProgress(let progress, let generation):
            guard state.loading?.generation == generation else { return [] }
            state.loading?.progress = progress
            return []
        case .loaded(let document, let generation):
            guard state.loading?.generation == generation else { return [] }
            state.loading = nil
            open(&state, document)
            state.documentGeneration = generation
            return AnnotationDeferral.replay(&state, generation: generation)
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
                Navigation.reduce(&state, .automaticWindow)
            }
            return []
        case .loadFailed(let reason, let generation):
            guard state.loading?.generation == generation else { return [] }
            state.loading = nil
            if state.document == nil && state.images.count <= 1 { return [.fail(reason)] }
            state.message = .init(text: reason, isError: true)
            return []
        case .discovered(let images, let problems):
            state.images = images
            guard !images.isEmpty else {
                state.loading = nil
                return [.fail(problems.first ?? "no images found in \(state.options.paths.joined(separator: ", "))")]
            }
            if !problems.isEmpty { state.message = .init(text: problems.joined(separator: "; "), isError: true) }
            if images.count > 1 { state.panel = .picker(selection: 0) }
            return startLoading(&state, index: 0)
        }
    }

    /// Starts reading image `index` of the list.
    /// Starts looking for images in the paths given (generation 0 is discovery).
    public static func startDiscovery(_ state: inout ViewerState) {
        state.loading = LoadingStatus(title: state.options.paths.joined(separator: " "), progress: nil, generation: 0)
    }

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
        state.plane = volume.depth == 1 ? volume.nativePlane : .axial
        if volume.depth == 1 { state.layout = .single }
        state.cursor = SIMD3(volume.width / 2, volume.height / 2, volume.depth / 2)
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
            if state.commandLine != nil { return CommandLine.edit(&state, key) }
            if case .none = state.panel {} else if let effects = Panels.key(&state, key) { return effects }
            guard let action = state.keymap.action(for: key) else {
                state.message = .init(text: "\(key.spelling) is not bound to anything; ? shows the keys", isError: false)
                return []
            }
            return reduce(&state, action)
        }
    }

    public static func reduce(_ state: inout ViewerState, _ action: Action) -> [Effect] {
        state.message = nil
        switch action {
        case .quit:
            if AnnotationDeferral.holdBehindWaitingKeys(&state, action) { return [] }
            state.isRunning = false
            return [.quit]
        case .help: state.panel = state.panel == .help(scroll: 0) ? .none : .help(scroll: 0)
        case .closePanel:
            if state.panel == .none, AnnotationActions.cancel(&state) { return [] }
            state.panel = .none
        case .redraw: return [.redrawAll]
        case .commandLine: state.commandLine = ""
        case .metadata:
            if case .metadata = state.panel { state.panel = .none } else { state.panel = .metadata(scroll: 0) }
        case .picker:
            if case .picker = state.panel { state.panel = .none } else { state.panel = .picker(selection: state.imageIndex) }
        case .nextImage, .previousImage:
            if AnnotationDeferral.holdBehindWaitingKeys(&state, action) { return [] }
            guard state.images.count > 1 else {
                state.message = .init(text: "this is the only image", isError: false)
                return []
            }
            let step = action == .nextImage ? 1 : -1
            let index = state.imageIndex + step
            guard state.images.indices.contains(index) else {
                state.message = .init(text: action == .nextImage ? "this is the last image" : "this is the first image", isError: false)
                return []
            }
            return [.save] + startLoading(&state, index: index)
        case .save: return [.save]
        case .landmark, .rectangle, .ellipse, .polygon, .distance, .finishShape, .moveAnnotation,
             .annotationList, .label1, .label2, .label3, .label4, .label5,
             .label6, .label7, .label8, .label9, .undo, .redo, .deleteAnnotation,
             .selectNextAnnotation, .selectPreviousAnnotation:
            return AnnotationActions.reduce(&state, action)
        case .colorMode:
            let all = ColorMode.allCases
            state.colorMode = all[(all.firstIndex(of: state.colorMode)! + 1) % all.count]
            state.message = .init(text: "colour mode \(state.colorMode.displayName)", isError: false)
        default:
            guard state.document != nil else {
                if state.loading != nil { state.message = .init(text: "still reading the image…", isError: false) }
                return []
            }
            if let effects = AnnotationActions.nudge(&state, action) { return effects }
            Navigation.reduce(&state, action)
        }
        return []
    }

    static func mouse(_ state: inout ViewerState, _ mouse: MouseEvent) -> [Effect] {
        guard state.document != nil, state.panel == .none, state.commandLine == nil else { return [] }
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
