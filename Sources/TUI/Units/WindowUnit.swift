import VolumeKit

extension Action {
    static let nextWindowPreset = Action("window.next-preset")
    static let previousWindowPreset = Action("window.previous-preset")
    static let automaticWindow = Action("window.auto")
    static let windowWider = Action("window.wider")
    static let windowNarrower = Action("window.narrower")
    static let levelUp = Action("window.level-up")
    static let levelDown = Action("window.level-down")
    static let invert = Action("window.invert")
    static let windowWiderLarge = Action("window.wider-large")
    static let windowNarrowerLarge = Action("window.narrower-large")
    static let levelUpLarge = Action("window.level-up-large")
    static let levelDownLarge = Action("window.level-down-large")
}

/// Window and level: presets, the automatic window, manual steps, inversion.
enum WindowUnit {
    static let unit = ViewerUnit(
        name: "window",
        actions: [
            ActionSpec(.nextWindowPreset, .window, "next window preset", keys: ["w"]),
            ActionSpec(.previousWindowPreset, .window, "previous window preset", keys: ["Ctrl-W"]),
            ActionSpec(.automaticWindow, .window, "automatic window (1st–99th percentile)", keys: ["W"]),
            ActionSpec(.windowWider, .window, "wider window (less contrast)", keys: [">"]),
            ActionSpec(.windowNarrower, .window, "narrower window (more contrast)", keys: ["<"]),
            ActionSpec(.levelUp, .window, "raise the level (darker)", keys: ["."]),
            ActionSpec(.levelDown, .window, "lower the level (brighter)", keys: [","]),
            ActionSpec(.invert, .window, "invert grey levels", keys: ["I"]),
            ActionSpec(.windowWiderLarge, .window, "much wider window (twice the width)", keys: ["Ctrl-Right"]),
            ActionSpec(.windowNarrowerLarge, .window, "much narrower window (half the width)", keys: ["Ctrl-Left"]),
            ActionSpec(.levelUpLarge, .window, "raise the level by a quarter of the width", keys: ["Ctrl-Up"]),
            ActionSpec(.levelDownLarge, .window, "lower the level by a quarter of the width", keys: ["Ctrl-Down"]),
        ],
        commands: [
            CommandSpec(["window", "wl"], usage: "window W L", help: "window width and level, e.g. :window 400 40") { state, args in
                guard CommandLineEditor.image(&state) != nil else { return [] }
                guard args.count == 2, let width = Double(args.words[0]), let level = Double(args.words[1]), width > 0 else {
                    return CommandLineEditor.fail(&state, "usage: :window WIDTH LEVEL, e.g. :window 400 40")
                }
                Navigation.setWindow(&state, WindowLevel(center: level, width: width, function: state.window.function), presetIndex: nil)
                return []
            },
            CommandSpec(["preset"], usage: "preset NAME", help: "a window preset by name (or auto)") { state, args in
                guard CommandLineEditor.image(&state) != nil, let document = state.document else { return [] }
                if args.first?.lowercased() == "auto" { return reduce(&state, .automaticWindow) }
                let names = document.presets.map(\.name)
                guard let name = args.first?.lowercased(),
                      let index = names.firstIndex(where: { $0.lowercased() == name || $0.lowercased().hasPrefix(name) }) else {
                    return CommandLineEditor.fail(&state, "presets: " + names.joined(separator: ", "))
                }
                Navigation.setWindow(&state, document.presets[index], presetIndex: index)
                return []
            },
        ],
        reduce: reduce
    )

    static func reduce(_ state: inout ViewerState, _ action: Action) -> [Effect] {
        guard let volume = Navigation.imageShown(&state), let document = state.document else { return [] }
        switch action {
        case .nextWindowPreset, .previousWindowPreset:
            let presets = document.presets
            guard !presets.isEmpty else { return [] }
            let step = action == .nextWindowPreset ? 1 : -1
            let next = state.presetIndex.map { ($0 + step + presets.count) % presets.count } ?? 0
            Navigation.setWindow(&state, presets[next], presetIndex: next)
        case .automaticWindow:
            guard let statistics = document.statistics else {
                state.automaticWindowPending = true
                state.message = .init(text: "measuring the image… the automatic window follows", isError: false)
                return []
            }
            let auto = WindowPresets.automatic(for: volume, statistics: statistics)
            Navigation.setWindow(&state, auto, presetIndex: document.presets.firstIndex { $0.center == auto.center && $0.width == auto.width })
        case .windowWider, .windowNarrower, .windowWiderLarge, .windowNarrowerLarge:
            // Steps scale with the window: small ones a quarter wider (a fifth narrower), large ones double.
            let factors: [Action: Double] = [.windowWider: 1.25, .windowNarrower: 0.8, .windowWiderLarge: 2, .windowNarrowerLarge: 0.5]
            let factor = factors[action] ?? 1
            var w = state.window
            w.width *= factor
            w.name = ""
            w.lut = nil  // a file's VOI LUT becomes the window it spans, then changes
            Navigation.setWindow(&state, w, presetIndex: nil)
        case .levelUp, .levelDown, .levelUpLarge, .levelDownLarge:
            // A twentieth of the width a small step, a quarter a large one: the same feel on a
            // bone window and a brain window.
            let steps: [Action: Double] = [.levelUp: 0.05, .levelDown: -0.05, .levelUpLarge: 0.25, .levelDownLarge: -0.25]
            let step = steps[action] ?? 0
            var w = state.window
            w.center += step * w.width
            w.name = ""
            w.lut = nil
            Navigation.setWindow(&state, w, presetIndex: nil)
        case .invert:
            state.inverted.toggle()
        default: break
        }
        return []
    }
}
