import Rendering
import VolumeKit

/// Draws the whole screen for a state: image panes, orientation letters, status rows and
/// whatever panel is open. Holds one `SliceRenderer` per plane so their buffers are reused
/// from frame to frame; apart from that cache, the picture depends only on the state.
public final class ScreenView {
    private var renderers: [Plane: SliceRenderer] = [:]
    /// The images of the last frame, one a pane, when `state.cellPixels` is set (kitty, sixel):
    /// empty in half blocks, and while a panel or the loading box covers the image area.
    public private(set) var images: [PlacedImage] = []

    public init() {}

    public func render(_ state: ViewerState) -> CellGrid {
        images.removeAll(keepingCapacity: true)
        let layout = state.screenLayout
        var grid = CellGrid(columns: layout.columns, rows: layout.rows,
                            fill: Cell(glyph: " ", foreground: Theme.text, background: Theme.background))
        if layout.isTooSmall {
            drawTooSmall(&grid, layout)
            return grid
        }
        if let document = state.document {
            for pane in layout.panes { drawPane(&grid, state, document, pane, focused: layout.panes.count > 1 && pane.plane == state.plane) }
            if let info = layout.infoRect { InfoPanel.draw(&grid, state, document, in: info) }
            ReviewLegend.draw(&grid, state, in: layout.imageArea)
        } else if let unreadable = state.unreadable {
            let labels = state.annotation.flatMap { context -> String? in
                let active = context.session.activeLabels()
                return active.isEmpty ? nil : "labels: " + active.joined(separator: ", ")
            }
            UnreadablePanel.draw(&grid, unreadable, labels: labels, in: layout.imageArea)
        }
        StatusLine.draw(&grid, state, row: layout.statusRow)
        switch state.panel {
        case .closed: break
        case .help(let scroll): HelpPanel.draw(&grid, state, in: layout.imageArea, scroll: scroll)
        case .metadata(let scroll): MetadataPanel.draw(&grid, state, in: layout.imageArea, scroll: scroll)
        case .picker(let selection): PickerPanel.draw(&grid, state, in: layout.imageArea, selection: selection)
        case .annotations(let scroll): AnnotationListPanel.draw(&grid, state, in: layout.imageArea, scroll: scroll)
        case .segments(let scroll): SegmentsPanel.draw(&grid, state, in: layout.imageArea, scroll: scroll)
        }
        if let loading = state.loading { LoadingPanel.draw(&grid, loading, in: layout.imageArea) }
        return grid
    }

    private func drawPane(_ grid: inout CellGrid, _ state: ViewerState, _ document: ImageDocument,
                          _ pane: ScreenLayout.Pane, focused: Bool) {
        guard pane.rect.columns > 0, pane.rect.rows > 0, let viewport = state.viewport(pane.plane, in: pane.rect),
              let cursor = state.cursorPoint(in: pane.plane) else { return }
        let volume = document.volume
        let renderer = renderers[pane.plane] ?? SliceRenderer()
        renderers[pane.plane] = renderer
        var settings = DisplaySettings(volume: volume, window: state.window)
        settings.inverted = volume.metadata.isInvertedGrey != state.inverted
        let overlays = (state.showsCrosshair ? [Overlay(.crosshair(cursor), color: Overlay.cursorColor)] : [])
            + AnnotationOverlays.overlays(state, plane: pane.plane)
        if let cellPixels = state.cellPixels, case .closed = state.panel, state.loading == nil {
            settings.dithering = false
            let canvas = renderer.image(volume: volume, plane: pane.plane, slice: state.slice(of: pane.plane),
                                        timepoint: state.timepoint, settings: settings, viewport: viewport,
                                        cellPixels: cellPixels, labels: LabelMapLayers.layers(state), overlays: overlays,
                                        blank: Cell(glyph: " ", foreground: Theme.text, background: Theme.background),
                                        into: &grid)
            images.append(PlacedImage(rect: pane.rect, canvas: canvas))
        } else {
            // Half blocks: two square pixels a cell, whatever the state's viewport assumes.
            renderer.render(volume: volume, plane: pane.plane, slice: state.slice(of: pane.plane), timepoint: state.timepoint,
                            settings: settings, viewport: viewport.withCellPixels(SIMD2(1, 2)),
                            labels: LabelMapLayers.layers(state), overlays: overlays, mode: state.colorMode, into: &grid)
        }
        drawOrientation(&grid, pane, document.presentation)
        if state.layout == .threePlanes {
            let layout = volume.layout(pane.plane)
            let title = " \(pane.plane.rawValue) \(state.slice(of: pane.plane) + 1)/\(layout.sliceCount) "
            grid.write(title.fitted(to: pane.rect.columns - 2), column: pane.rect.column + 1, row: pane.rect.row,
                       foreground: focused ? .black : Theme.statusText,
                       background: focused ? Theme.accent : Theme.statusBackground, bold: focused)
        }
    }

    /// R/L/A/P/S/I at the middle of each pane edge, in radiological convention; a projection
    /// image's own directions; nothing where the file gives no direction.
    private func drawOrientation(_ grid: inout CellGrid, _ pane: ScreenLayout.Pane, _ presentation: ImagePresentation) {
        let r = pane.rect
        guard r.columns >= 3, r.rows >= 3, let letters = Orientation.edgeLetters(pane.plane, presentation) else { return }
        let midColumn = r.column + r.columns / 2, midRow = r.row + r.rows / 2
        let places: [(String, Int, Int)] = [
            (letters.left, r.column, midRow), (letters.right, r.column + r.columns - 1, midRow),
            (letters.top, midColumn, r.row),
            (letters.bottom, midColumn, r.row + r.rows - 1),
        ]
        for (letter, c, row) in places {
            let c = min(c, r.column + r.columns - letter.unicodeScalars.count)
            let under = grid[c, row]
            grid.write(letter, column: c, row: row, foreground: Theme.orientation,
                       background: under.background, bold: true)
        }
    }

    private func drawTooSmall(_ grid: inout CellGrid, _ layout: ScreenLayout) {
        let lines = ["Terminal too small", "\(layout.columns)×\(layout.rows), need \(ScreenLayout.minimumColumns)×\(ScreenLayout.minimumRows)",
                     "enlarge it, or q quits"]
        let top = max(0, layout.rows / 2 - 1)
        for (n, line) in lines.enumerated() {
            let text = line.fitted(to: layout.columns)
            grid.write(text, column: max(0, (layout.columns - text.unicodeScalars.count) / 2), row: top + n,
                       foreground: n == 0 ? Theme.accent : Theme.text, background: Theme.background, bold: n == 0)
        }
    }
}

/// Which anatomical direction each pane edge faces.
public enum Orientation {
    public static func edgeLetters(_ plane: Plane, _ presentation: ImagePresentation)
        -> (left: String, right: String, top: String, bottom: String)? {
        guard presentation.isOriented else {
            // Patient Orientation names where the rows and the columns run to.
            return presentation.projection.map {
                (ImagePresentation.opposite($0.rows), $0.rows, ImagePresentation.opposite($0.columns), $0.columns)
            }
        }
        return edgeLetters(plane)
    }

    public static func edgeLetters(_ plane: Plane) -> (left: String, right: String, top: String, bottom: String) {
        switch plane {
        case .axial: return ("R", "L", "A", "P")
        case .coronal: return ("R", "L", "S", "I")
        case .sagittal: return ("A", "P", "S", "I")
        }
    }
}
