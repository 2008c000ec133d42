import Foundation
import Rendering
import VolumeKit

/// The `:` command line: typing, then running what was typed.
///
/// Commands: `goto N` (slice N, counted from 1 as the status line shows it), `goto I J K`
/// (voxel index, from 0), `window W L`, `preset NAME`, `plane axial|coronal|sagittal|three`,
/// `zoom F`, `t N`, `color MODE`, `open N`, `w`, `q`, `wq`, `help`.
enum CommandLine {
    static func edit(_ state: inout ViewerState, _ key: Key) -> [Effect] {
        guard var text = state.commandLine else { return [] }
        switch key {
        case .named(.escape), .control("c"), .control("g"):
            state.commandLine = nil
        case .named(.enter):
            state.commandLine = nil
            return run(&state, text.trimmingCharacters(in: .whitespaces))
        case .named(.backspace), .control("h"):
            if text.isEmpty { state.commandLine = nil } else { text.removeLast(); state.commandLine = text }
        case .control("u"):
            state.commandLine = ""
        case .character(let c):
            text.append(c)
            state.commandLine = text
        default:
            break
        }
        return []
    }

    static let summary = "goto N · goto I J K · window W L · preset NAME · plane P · zoom F · t N · color MODE · open N · w · q · wq"

    static func run(_ state: inout ViewerState, _ text: String) -> [Effect] {
        let words = text.split(separator: " ").map(String.init)
        guard let command = words.first else { return [] }
        let args = Array(words.dropFirst())
        func fail(_ text: String) -> [Effect] {
            state.message = .init(text: text, isError: true)
            return []
        }
        func needsImage() -> Bool {
            if state.document == nil { state.message = .init(text: "no image is open yet", isError: true) }
            return state.document != nil
        }
        switch command {
        case "q", "quit", "q!", "x":
            return Reducer.reduce(&state, .quit)
        case "w", "write":
            state.message = .init(text: state.annotation?.notSavedReason.map { "not saved: \($0)" } ?? "annotations saved",
                                  isError: false)
            return [.save]
        case "wq":
            return [.save] + Reducer.reduce(&state, .quit)
        case "help", "h":
            return Reducer.reduce(&state, .help)
        case "goto", "g":
            guard needsImage(), let volume = state.volume else { return [] }
            let numbers = args.compactMap { Int($0) }
            if numbers.count == 1, args.count == 1 {
                let layout = volume.layout(state.plane)
                guard (1...layout.sliceCount).contains(numbers[0]) else {
                    return fail("slice \(numbers[0]) is outside 1…\(layout.sliceCount)")
                }
                state.cursor[layout.normal] = numbers[0] - 1
            } else if numbers.count == 3, args.count == 3 {
                guard volume.contains(numbers[0], numbers[1], numbers[2]) else {
                    return fail("voxel [\(numbers.map(String.init).joined(separator: ", "))] is outside the image (\(volume.width)×\(volume.height)×\(volume.depth), counted from 0)")
                }
                state.cursor = SIMD3(numbers[0], numbers[1], numbers[2])
                Navigation.keepCursorVisible(&state)
            } else {
                return fail("usage: :goto N (slice, from 1) or :goto I J K (voxel, from 0)")
            }
        case "window", "wl":
            guard needsImage() else { return [] }
            guard args.count == 2, let width = Double(args[0]), let level = Double(args[1]), width > 0 else {
                return fail("usage: :window WIDTH LEVEL, e.g. :window 400 40")
            }
            Navigation.setWindow(&state, WindowLevel(center: level, width: width), presetIndex: nil)
        case "preset":
            guard needsImage(), let document = state.document else { return [] }
            let names = document.presets.map(\.name)
            if args.first?.lowercased() == "auto" {
                Navigation.reduce(&state, .automaticWindow)
                return []
            }
            guard let name = args.first?.lowercased(),
                  let index = names.firstIndex(where: { $0.lowercased() == name || $0.lowercased().hasPrefix(name) }) else {
                return fail("presets: " + names.joined(separator: ", "))
            }
            Navigation.setWindow(&state, document.presets[index], presetIndex: index)
        case "plane":
            guard needsImage() else { return [] }
            switch args.first?.lowercased() {
            case "axial", "a": Navigation.reduce(&state, .axial); state.layout = .single
            case "coronal", "c": Navigation.reduce(&state, .coronal); state.layout = .single
            case "sagittal", "s": Navigation.reduce(&state, .sagittal); state.layout = .single
            case "three", "t", "3":
                if state.layout == .single { Navigation.reduce(&state, .threePlanes) }
            default: return fail("usage: :plane axial|coronal|sagittal|three")
            }
        case "zoom":
            guard needsImage() else { return [] }
            guard let factor = args.first.flatMap(Double.init), factor > 0, factor <= 64 else {
                return fail("usage: :zoom FACTOR (1 fits the pane)")
            }
            let current = state.paneView(state.plane).zoom
            Navigation.zoom(&state, by: factor / current)
        case "t", "time":
            guard needsImage(), let volume = state.volume else { return [] }
            guard let n = args.first.flatMap(Int.init), (1...volume.timepoints).contains(n) else {
                return fail("usage: :t N with N in 1…\(volume.timepoints)")
            }
            state.timepoint = n - 1
        case "color", "colour":
            guard let mode = args.first.flatMap(ColorMode.init(argument:)) else {
                return fail("usage: :color truecolor|256|16|mono")
            }
            state.colorMode = mode
            return [.redrawAll]
        case "open", "image":
            guard let n = args.first.flatMap(Int.init), (1...max(state.images.count, 1)).contains(n), !state.images.isEmpty else {
                return fail("usage: :open N with N in 1…\(state.images.count)")
            }
            return [.save] + Reducer.startLoading(&state, index: n - 1)
        default:
            if let effects = AnnotationCommands.run(&state, command, text) { return effects }
            return fail("unknown command :\(command) — " + summary + " · " + AnnotationCommands.summary)
        }
        return []
    }
}
