import Testing
import TestSupport
import VolumeKit
@testable import Rendering

@Suite struct PipelineTests {
    static let phantom = DemoPhantom.volume()

    /// The demo phantom through the whole pipeline, written as text and read back by the test
    /// terminal: every pixel the terminal shows is the renderer's screen pixel.
    @Test func truecolourOutputParsesBackToTheRenderedPixels() throws {
        let volume = Self.phantom
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

    /// A slice key held over the phantom: exact diffs, then drafts, then the exact refinement,
    /// all replayed in the test terminal, which must end on the last frame exactly.
    @Test(arguments: [ColorMode.truecolor, .palette256])
    func heldKeyDraftsEndOnTheExactFrame(mode: ColorMode) throws {
        let volume = Self.phantom
        var grid = CellGrid(columns: 40, rows: 20)
        grid.write("status", column: 0, row: 19)
        let renderer = SliceRenderer()
        let pane = CellRect(column: 0, row: 0, columns: 40, rows: 19)
        let viewport = Viewport(layout: volume.layout(.coronal), pane: pane)
        let settings = DisplaySettings(volume: volume)
        let encoder = FrameEncoder(mode: mode)
        var screen = ANSIScreen(columns: 40, rows: 20)
        for (n, slice) in [120, 121, 122, 140, 141, 160].enumerated() {
            renderer.render(volume: volume, plane: .coronal, slice: slice, settings: settings, viewport: viewport,
                            overlays: [Overlay(.crosshair([128, 48]), color: Overlay.cursorColor)], mode: mode, into: &grid)
            try screen.feed(encoder.encode(grid, fidelity: n < 2 ? .exact : .draft))
        }
        try screen.feed(encoder.encode(grid, fidelity: .exact))
        for row in 0..<19 {
            for column in 0..<40 {
                let cell = grid[column, row]
                let h = try #require(screen.halves(column: column, row: row))
                let top = mode == .truecolor ? cell.foreground : TerminalPalette.colors256[Int(TerminalPalette.index256(cell.foreground))]
                let bottom = mode == .truecolor ? cell.background : TerminalPalette.colors256[Int(TerminalPalette.index256(cell.background))]
                #expect(h.top == ANSIScreen.Color(top.r, top.g, top.b) && h.bottom == ANSIScreen.Color(bottom.r, bottom.g, bottom.b),
                        "cell \(column), \(row): shown \(String(describing: h.top)) \(String(describing: h.bottom)) want \(top) \(bottom) glyph \(String(describing: screen[column, row]))")
            }
        }
        #expect(screen[0, 19]?.glyph == "s")
    }
}
