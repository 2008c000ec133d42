import Rendering
import VolumeKit

/// Slices, cursor, planes, window and zoom: the actions that need an image on screen.
enum Navigation {
    static func reduce(_ state: inout ViewerState, _ action: Action) {
        guard let document = state.document else { return }
        let volume = document.volume
        switch action {
        case .nextSlice: moveSlice(&state, by: 1)
        case .previousSlice: moveSlice(&state, by: -1)
        case .nextSlices10: moveSlice(&state, by: 10)
        case .previousSlices10: moveSlice(&state, by: -10)
        case .firstSlice: moveSlice(&state, by: -Int.max / 2)
        case .lastSlice: moveSlice(&state, by: Int.max / 2)
        case .nextTimepoint, .previousTimepoint:
            guard volume.timepoints > 1 else {
                state.message = .init(text: "this image has one timepoint", isError: false)
                return
            }
            let step = action == .nextTimepoint ? 1 : -1
            state.timepoint = (state.timepoint + step + volume.timepoints) % volume.timepoints
        case .cursorLeft: moveCursor(&state, columns: -1, rows: 0)
        case .cursorRight: moveCursor(&state, columns: 1, rows: 0)
        case .cursorUp: moveCursor(&state, columns: 0, rows: -1)
        case .cursorDown: moveCursor(&state, columns: 0, rows: 1)
        case .cursorLeft10: moveCursor(&state, columns: -10, rows: 0)
        case .cursorRight10: moveCursor(&state, columns: 10, rows: 0)
        case .cursorUp10: moveCursor(&state, columns: 0, rows: -10)
        case .cursorDown10: moveCursor(&state, columns: 0, rows: 10)
        case .cursorCentre:
            state.cursor = SIMD3(volume.width / 2, volume.height / 2, volume.depth / 2)
        case .axial: choose(&state, .axial)
        case .coronal: choose(&state, .coronal)
        case .sagittal: choose(&state, .sagittal)
        case .threePlanes:
            guard volume.depth > 1 else {
                state.message = .init(text: "a single 2D image has only one plane", isError: false)
                return
            }
            state.layout = state.layout == .single ? .threePlanes : .single
        case .nextWindowPreset, .previousWindowPreset:
            let presets = document.presets
            guard !presets.isEmpty else { return }
            let step = action == .nextWindowPreset ? 1 : -1
            let next = state.presetIndex.map { ($0 + step + presets.count) % presets.count } ?? 0
            setWindow(&state, presets[next], presetIndex: next)
        case .automaticWindow:
            guard let statistics = document.statistics else {
                state.automaticWindowPending = true
                state.message = .init(text: "measuring the image… the automatic window follows", isError: false)
                return
            }
            let auto = WindowPresets.automatic(for: volume, statistics: statistics)
            setWindow(&state, auto, presetIndex: document.presets.firstIndex { $0.center == auto.center && $0.width == auto.width })
        case .windowWider, .windowNarrower:
            var w = state.window
            w.width *= action == .windowWider ? 1.25 : 0.8
            w.name = ""
            setWindow(&state, w, presetIndex: nil)
        case .levelUp, .levelDown:
            var w = state.window
            w.center += (action == .levelUp ? 1 : -1) * w.width / 20
            w.name = ""
            setWindow(&state, w, presetIndex: nil)
        case .invert:
            state.inverted.toggle()
        case .zoomIn: zoom(&state, by: 1.5)
        case .zoomOut: zoom(&state, by: 1 / 1.5)
        case .zoomFit: state.paneViews[state.plane] = nil
        case .panLeft: pan(&state, columns: -4, rows: 0)
        case .panRight: pan(&state, columns: 4, rows: 0)
        case .panUp: pan(&state, columns: 0, rows: -2)
        case .panDown: pan(&state, columns: 0, rows: 2)
        default:
            break
        }
    }

    static func moveSlice(_ state: inout ViewerState, by step: Int) {
        guard let volume = state.volume else { return }
        let layout = volume.layout(state.plane)
        let current = state.cursor[layout.normal]
        let next = min(max(current + step, 0), layout.sliceCount - 1)
        if next == current, layout.sliceCount > 1 {
            state.message = .init(text: step > 0 ? "last slice" : "first slice", isError: false)
        }
        state.cursor[layout.normal] = next
    }

    static func moveCursor(_ state: inout ViewerState, columns: Int, rows: Int) {
        guard let volume = state.volume else { return }
        let layout = volume.layout(state.plane)
        let p = layout.position(of: state.cursor)
        let c = min(max(p.column + columns, 0), layout.width - 1)
        let r = min(max(p.row + rows, 0), layout.height - 1)
        state.cursor = layout.voxel(column: c, row: r, slice: p.slice)
        keepCursorVisible(&state)
    }

    static func choose(_ state: inout ViewerState, _ plane: Plane) {
        guard let volume = state.volume else { return }
        if volume.depth == 1, plane != volume.nativePlane {
            state.message = .init(text: "a single 2D image has only its own plane", isError: false)
            return
        }
        state.plane = plane
    }

    static func setWindow(_ state: inout ViewerState, _ window: WindowLevel, presetIndex: Int?) {
        state.window = window
        state.presetIndex = presetIndex
    }

    static func zoom(_ state: inout ViewerState, by factor: Double) {
        guard let viewport = state.viewport(state.plane), let cursor = state.cursorPoint(in: state.plane) else { return }
        let zoomed = viewport.zoomed(by: factor, around: cursor)
        if zoomed.zoom <= 1.0001 && factor < 1 {
            state.paneViews[state.plane] = nil
        } else {
            state.paneViews[state.plane] = .init(zoom: zoomed.zoom, center: zoomed.center)
        }
    }

    static func pan(_ state: inout ViewerState, columns: Int, rows: Int) {
        guard let viewport = state.viewport(state.plane) else { return }
        let moved = viewport.panned(columns: columns, rows: rows)
        state.paneViews[state.plane] = .init(zoom: moved.zoom, center: moved.center)
    }

    /// When zoomed in, pans just enough to keep the cursor on screen.
    static func keepCursorVisible(_ state: inout ViewerState) {
        guard let view = state.paneViews[state.plane], view.zoom > 1,
              let viewport = state.viewport(state.plane), let cursor = state.cursorPoint(in: state.plane) else { return }
        let moved = viewport.keepingVisible(cursor, margin: 2)
        state.paneViews[state.plane]?.center = moved.center
    }
}
