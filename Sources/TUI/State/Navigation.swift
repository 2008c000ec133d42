import Rendering
import VolumeKit

/// What the navigation, plane and window units share: moving the cursor and slice, choosing a
/// plane, setting the window, zooming and panning.
enum Navigation {
    /// The volume on screen; nil (with a word on the status row while loading) when there is none.
    static func imageShown(_ state: inout ViewerState) -> Volume? {
        guard let volume = state.volume else {
            if state.loading != nil { state.message = .init(text: "still reading the image…", isError: false) }
            return nil
        }
        return volume
    }

    static func moveSlice(_ state: inout ViewerState, by step: Int) {
        guard let volume = state.volume else { return }
        let layout = volume.layout(state.plane)
        let current = state.cursor[layout.normal]
        let next = min(max(current + step, 0), layout.sliceCount - 1)
        if next == current, layout.sliceCount > 1 {
            let unit = state.document?.presentation.isCine == true ? "frame" : "slice"
            state.message = .init(text: step > 0 ? "last \(unit)" : "first \(unit)", isError: false)
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

    /// Why the image shown has no planes but its own (a cine, an image with no orientation in
    /// the patient), nil when it has them.
    static func onlyOwnPlane(_ state: ViewerState) -> String? {
        guard let presentation = state.document?.presentation else { return nil }
        if presentation.isCine { return "a cine is frames in time: it has no other planes (Ctrl-P plays it)" }
        if !presentation.isOriented { return "this image has no orientation in the patient: it has no other planes" }
        return nil
    }

    static func choose(_ state: inout ViewerState, _ plane: Plane) {
        guard let volume = state.volume else { return }
        if plane != volume.nativePlane, let reason = onlyOwnPlane(state) {
            state.message = .init(text: reason, isError: false)
            return
        }
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
