import Rendering
import VolumeKit

enum FrameBytes {
    /// Bytes the viewer sends to draw one whole frame on a screen it knows nothing about.
    static func full(volume: Volume, slice: Int, settings: DisplaySettings, mode: ColorMode) -> Int {
        let renderer = SliceRenderer()
        let viewport = Viewport(layout: volume.layout(.axial), pane: pane)
        var grid = CellGrid(columns: pane.columns, rows: pane.rows)
        renderer.render(volume: volume, plane: .axial, slice: slice, settings: settings, viewport: viewport,
                        mode: mode, into: &grid)
        return FrameEncoder(mode: mode).encode(grid, fidelity: .exact).count
    }
}
