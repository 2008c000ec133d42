import Testing
import TestSupport
import VolumeKit
@testable import Rendering

@Suite struct PipelineTests {
    /// The demo phantom through the whole pipeline, written as text and read back by the test
    /// terminal: every pixel the terminal shows is the renderer's screen pixel.
    @Test func truecolourOutputParsesBackToTheRenderedPixels() throws {
        let volume = DemoPhantom.volume()
        var grid = CellGrid(columns: 48, rows: 24)
        let renderer = SliceRenderer()
        let viewport = Viewport(layout: volume.layout(.axial), pane: grid.bounds)
        renderer.render(volume: volume, plane: .axial, slice: 60, settings: DisplaySettings(volume: volume),
                        viewport: viewport, overlays: [Overlay(.marker([128, 100]), color: Overlay.color(index: 1))],
                        mode: .truecolor, into: &grid)
        var screen = ANSIScreen(columns: 48, rows: 1, grows: true)
        try screen.feed(FrameEncoder.lines(grid, mode: .truecolor))
        let canvas = renderer.canvas
        var mismatches = 0
        for row in 0..<24 {
            for column in 0..<48 {
                let h = try #require(screen.halves(column: column, row: row))
                let top = canvas[column, 2 * row], bottom = canvas[column, 2 * row + 1]
                if h.top != ANSIScreen.Color(top.r, top.g, top.b) || h.bottom != ANSIScreen.Color(bottom.r, bottom.g, bottom.b) {
                    mismatches += 1
                }
            }
        }
        #expect(mismatches == 0)
        // The body is there: more than a third of the pixels are not black.
        #expect(canvas.pixels.filter { $0 != .black }.count > canvas.pixels.count / 3)
    }
}
