import VolumeKit

extension Action {
    static let nextSlice = Action("slice.next")
    static let previousSlice = Action("slice.previous")
    static let nextSlices10 = Action("slice.next10")
    static let previousSlices10 = Action("slice.previous10")
    static let firstSlice = Action("slice.first")
    static let lastSlice = Action("slice.last")
    static let nextTimepoint = Action("time.next")
    static let previousTimepoint = Action("time.previous")
    static let cursorLeft = Action("cursor.left")
    static let cursorRight = Action("cursor.right")
    static let cursorUp = Action("cursor.up")
    static let cursorDown = Action("cursor.down")
    static let cursorLeft10 = Action("cursor.left10")
    static let cursorRight10 = Action("cursor.right10")
    static let cursorUp10 = Action("cursor.up10")
    static let cursorDown10 = Action("cursor.down10")
    static let cursorCentre = Action("cursor.centre")
}

/// Slices, timepoints and the cursor.
enum NavigationUnit {
    static let unit = ViewerUnit(
        name: "navigation",
        actions: [
            ActionSpec(.nextSlice, .navigation, "next slice", keys: ["]"]),
            ActionSpec(.previousSlice, .navigation, "previous slice", keys: ["["]),
            ActionSpec(.nextSlices10, .navigation, "ten slices forward", keys: ["}", "PageDown"]),
            ActionSpec(.previousSlices10, .navigation, "ten slices back", keys: ["{", "PageUp"]),
            ActionSpec(.firstSlice, .navigation, "first slice", keys: ["g"]),
            ActionSpec(.lastSlice, .navigation, "last slice", keys: ["G"]),
            ActionSpec(.nextTimepoint, .navigation, "next timepoint (4D)", keys: [")"]),
            ActionSpec(.previousTimepoint, .navigation, "previous timepoint (4D)", keys: ["("]),
            ActionSpec(.cursorLeft, .navigation, "cursor one pixel left", keys: ["Left", "h"]),
            ActionSpec(.cursorRight, .navigation, "cursor one pixel right", keys: ["Right", "l"]),
            ActionSpec(.cursorUp, .navigation, "cursor one pixel up", keys: ["Up", "k"]),
            ActionSpec(.cursorDown, .navigation, "cursor one pixel down", keys: ["Down", "j"]),
            ActionSpec(.cursorLeft10, .navigation, "cursor ten pixels left", keys: ["H"]),
            ActionSpec(.cursorRight10, .navigation, "cursor ten pixels right", keys: ["L"]),
            ActionSpec(.cursorUp10, .navigation, "cursor ten pixels up", keys: ["K"]),
            ActionSpec(.cursorDown10, .navigation, "cursor ten pixels down", keys: ["J"]),
            ActionSpec(.cursorCentre, .navigation, "cursor to the centre of the volume", keys: ["Home"]),
        ],
        commands: [
            CommandSpec(["goto", "g"], usage: "goto N · goto I J K", help: "slice N (from 1, as the status line counts), or voxel [I, J, K] (from 0)",
                        run: goto),
            CommandSpec(["t", "time"], usage: "t N", help: "timepoint N (from 1)") { state, args in
                guard let volume = CommandLineEditor.image(&state) else { return [] }
                guard let n = args.first.flatMap(Int.init), (1...volume.timepoints).contains(n) else {
                    return CommandLineEditor.fail(&state, "usage: :t N with N in 1…\(volume.timepoints)")
                }
                state.timepoint = n - 1
                return []
            },
        ],
        reduce: reduce
    )

    static func reduce(_ state: inout ViewerState, _ action: Action) -> [Effect] {
        guard let volume = Navigation.imageShown(&state) else { return [] }
        switch action {
        case .nextSlice: Navigation.moveSlice(&state, by: 1)
        case .previousSlice: Navigation.moveSlice(&state, by: -1)
        case .nextSlices10: Navigation.moveSlice(&state, by: 10)
        case .previousSlices10: Navigation.moveSlice(&state, by: -10)
        case .firstSlice: Navigation.moveSlice(&state, by: -Int.max / 2)
        case .lastSlice: Navigation.moveSlice(&state, by: Int.max / 2)
        case .nextTimepoint, .previousTimepoint:
            guard volume.timepoints > 1 else {
                state.message = .init(text: "this image has one timepoint", isError: false)
                return []
            }
            let step = action == .nextTimepoint ? 1 : -1
            state.timepoint = (state.timepoint + step + volume.timepoints) % volume.timepoints
        case .cursorLeft: Navigation.moveCursor(&state, columns: -1, rows: 0)
        case .cursorRight: Navigation.moveCursor(&state, columns: 1, rows: 0)
        case .cursorUp: Navigation.moveCursor(&state, columns: 0, rows: -1)
        case .cursorDown: Navigation.moveCursor(&state, columns: 0, rows: 1)
        case .cursorLeft10: Navigation.moveCursor(&state, columns: -10, rows: 0)
        case .cursorRight10: Navigation.moveCursor(&state, columns: 10, rows: 0)
        case .cursorUp10: Navigation.moveCursor(&state, columns: 0, rows: -10)
        case .cursorDown10: Navigation.moveCursor(&state, columns: 0, rows: 10)
        case .cursorCentre: state.cursor = SIMD3(volume.width / 2, volume.height / 2, volume.depth / 2)
        default: break
        }
        return []
    }

    static func goto(_ state: inout ViewerState, _ args: CommandArguments) -> [Effect] {
        guard let volume = CommandLineEditor.image(&state) else { return [] }
        let numbers = args.words.compactMap { Int($0) }
        if numbers.count == 1, args.count == 1 {
            let layout = volume.layout(state.plane)
            guard (1...layout.sliceCount).contains(numbers[0]) else {
                return CommandLineEditor.fail(&state, "slice \(numbers[0]) is outside 1…\(layout.sliceCount)")
            }
            state.cursor[layout.normal] = numbers[0] - 1
        } else if numbers.count == 3, args.count == 3 {
            guard volume.contains(numbers[0], numbers[1], numbers[2]) else {
                return CommandLineEditor.fail(&state, "voxel [\(numbers.map(String.init).joined(separator: ", "))] is outside the image (\(volume.width)×\(volume.height)×\(volume.depth), counted from 0)")
            }
            state.cursor = SIMD3(numbers[0], numbers[1], numbers[2])
            Navigation.keepCursorVisible(&state)
        } else {
            return CommandLineEditor.fail(&state, "usage: :goto N (slice, from 1) or :goto I J K (voxel, from 0)")
        }
        return []
    }
}
