import Rendering

extension Action {
    static let quit = Action("quit")
    static let help = Action("help")
    static let closePanel = Action("panel.close")
    static let redraw = Action("redraw")
    static let commandLine = Action("command-line")
    static let metadata = Action("metadata")
    static let picker = Action("image.pick")
    static let nextImage = Action("image.next")
    static let previousImage = Action("image.previous")
    static let nextUnlabelledImage = Action("image.next-unlabelled")
    static let save = Action("save")
    static let colorMode = Action("color.next")
}

/// Quitting, panels, the command line, moving between images, saving, colour modes.
enum GeneralUnit {
    static let unit = ViewerUnit(
        name: "general",
        actions: [
            ActionSpec(.quit, .general, "quit (annotations are saved first)", keys: ["q"]),
            ActionSpec(.help, .general, "show or hide this help", keys: ["?"]),
            ActionSpec(.closePanel, .general, "close the open panel, cancel the command line or the shape being drawn, end move mode",
                       keys: ["Esc"]),
            ActionSpec(.redraw, .general, "redraw the whole screen", keys: ["Ctrl-L"]),
            ActionSpec(.commandLine, .general, "command line (Tab completes, Up/Down recall; :help lists the commands)", keys: [":"]),
            ActionSpec(.metadata, .general, "metadata browser (DICOM tags, NIfTI header)", keys: ["i"]),
            ActionSpec(.picker, .general, "pick an image from the folder", keys: ["o"]),
            ActionSpec(.nextImage, .general, "next image in the folder", keys: ["n"]),
            ActionSpec(.previousImage, .general, "previous image in the folder", keys: ["p"]),
            ActionSpec(.nextUnlabelledImage, .general, "next image with no image label yet (a QA pass)", keys: ["N"]),
            ActionSpec(.save, .general, "save annotations now"),
            ActionSpec(.colorMode, .general, "next colour mode (truecolour, 256, 16, mono)", keys: ["C"]),
        ],
        commands: [
            CommandSpec(["q", "quit", "x"], usage: "q", help: "quit (annotations are saved first)") { state, _ in
                Reducer.reduce(&state, .quit)
            },
            CommandSpec(["q!", "quit!"], usage: "q!", help: "quit without asking, even when annotations cannot be saved") { state, _ in
                state.leaveArmed = .quit
                return reduce(&state, .quit)
            },
            CommandSpec(["w", "write"], usage: "w", help: "save annotations now") { state, _ in
                state.message = .init(text: state.annotation?.notSavedReason.map { "not saved: \($0)" } ?? "annotations saved",
                                      isError: false)
                return [.save]
            },
            CommandSpec(["wq"], usage: "wq", help: "save and quit") { state, _ in
                [.save] + Reducer.reduce(&state, .quit)
            },
            CommandSpec(["help", "h"], usage: "help", help: "the keys and commands") { state, _ in
                Reducer.reduce(&state, .help)
            },
            CommandSpec(["color", "colour"], usage: "color truecolor|256|16|mono", help: "colour mode") { state, args in
                guard let mode = args.first.flatMap(ColorMode.init(argument:)) else {
                    return CommandLineEditor.fail(&state, "usage: :color truecolor|256|16|mono")
                }
                state.colorMode = mode
                return [.redrawAll]
            },
            CommandSpec(["open", "image"], usage: "open N", help: "image N of the folder") { state, args in
                guard let n = args.first.flatMap(Int.init), (1...max(state.images.count, 1)).contains(n), !state.images.isEmpty else {
                    return CommandLineEditor.fail(&state, "usage: :open N with N in 1…\(state.images.count)")
                }
                return [.save] + Reducer.startLoading(&state, index: n - 1)
            },
        ],
        reduce: reduce
    )

    static func reduce(_ state: inout ViewerState, _ action: Action) -> [Effect] {
        switch action {
        case .quit:
            if AnnotationDeferral.holdBehindWaitingKeys(&state, action) { return [] }
            if askBeforeLeaving(&state, action, "quit") { return [] }
            state.isRunning = false
            return [.quit]
        case .help: state.panel = state.panel == .help(scroll: 0) ? .closed : .help(scroll: 0)
        case .closePanel:
            if state.panel == .closed, AnnotationActions.cancel(&state) { return [] }
            state.panel = .closed
        case .redraw: return [.redrawAll]
        case .commandLine: state.commandLine = CommandLineState()
        case .metadata:
            if case .metadata = state.panel { state.panel = .closed } else { state.panel = .metadata(scroll: 0) }
        case .picker:
            if case .picker = state.panel { state.panel = .closed } else { state.panel = .picker(selection: state.imageIndex) }
        case .nextUnlabelledImage:
            if AnnotationDeferral.holdBehindWaitingKeys(&state, action) { return [] }
            let count = state.images.count, current = state.imageIndex, labelled = state.imageLabels
            guard let index = (1..<max(count, 1)).map({ (current + $0) % count }).first(where: { labelled[$0] == nil }) else {
                state.message = .init(text: count > 1 ? "every image has a label: \(count)/\(count) done" : "this is the only image",
                                      isError: false)
                return []
            }
            if askBeforeLeaving(&state, action, "leave this image") { return [] }
            return [.save] + Reducer.startLoading(&state, index: index)
        case .nextImage, .previousImage:
            if AnnotationDeferral.holdBehindWaitingKeys(&state, action) { return [] }
            if state.images.count > 1, askBeforeLeaving(&state, action, "leave this image") { return [] }
            guard state.images.count > 1 else {
                state.message = .init(text: "this is the only image", isError: false)
                return []
            }
            let index = state.imageIndex + (action == .nextImage ? 1 : -1)
            guard state.images.indices.contains(index) else {
                state.message = .init(text: action == .nextImage ? "this is the last image" : "this is the first image", isError: false)
                return []
            }
            return [.save] + Reducer.startLoading(&state, index: index)
        case .save: return [.save]
        case .colorMode:
            let all = ColorMode.allCases
            state.colorMode = all[(all.firstIndex(of: state.colorMode)! + 1) % all.count]
            state.message = .init(text: "colour mode \(state.colorMode.displayName)", isError: false)
        default: break
        }
        return []
    }

    /// Quitting or leaving the image would lose work that cannot be saved (a read-only folder,
    /// a refused sidecar, the demo, a failed save) or a shape still being drawn: the first
    /// press says so and arms; the same key again goes ahead. True when it asked.
    static func askBeforeLeaving(_ state: inout ViewerState, _ action: Action, _ what: String) -> Bool {
        guard state.leaveArmed != action else {
            state.leaveArmed = nil
            return false
        }
        guard let context = state.annotation else { return false }
        let document = context.session.document
        let work = document.annotations.count + document.labels.count + document.notes.count
        var losses: [String] = []
        if let pending = context.session.pending {
            losses.append("the \(pending.tool.rawValue) being drawn is not finished")
        }
        if context.saveFailed {
            losses.append("the last save failed")
        } else if let reason = context.notSavedReason, work > 0 {
            losses.append("\(work) annotation\(work == 1 ? "" : "s") will not be saved (\(reason))")
        }
        if !context.saveFailed, let reason = context.notSavedReason, (context.labelMap?.revision ?? 0) > 0 {
            losses.append("the label map painted will not be saved (\(reason))")
        }
        guard !losses.isEmpty else { return false }
        state.leaveArmed = action
        // What to do first: a long reason is cut at the screen's edge.
        let key = AnnotationActions.spelling(action, state)
        state.message = .init(text: "\(key) again to \(what) anyway, Esc to stay: " + losses.joined(separator: "; "),
                              isError: true)
        return true
    }
}
