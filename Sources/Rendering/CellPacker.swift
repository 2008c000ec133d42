/// Turns the screen pixels of a pane into cells for a colour mode: two stacked pixels per cell
/// as ▀ (foreground = upper, background = lower), quantised onto the palette the terminal has.
public enum CellPacker {
    /// The glyphs of the monochrome mode, from dark to bright.
    public static let shades: [Unicode.Scalar] = [" ", "\u{2591}", "\u{2592}", "\u{2593}", "\u{2588}"]

    /// Writes `canvas` (`pane.columns × 2·pane.rows` pixels) into the cells of `pane`.
    /// Dithering thresholds follow absolute screen positions, so a pattern does not crawl when
    /// a pane moves.
    public static func pack(_ canvas: PixelCanvas, into grid: inout CellGrid, pane: CellRect,
                            mode: ColorMode, dithering: Bool? = nil) {
        let dithering = dithering ?? mode.dithersByDefault
        let columns = min(pane.columns, canvas.width), rows = min(pane.rows, canvas.height / 2)
        guard columns > 0, rows > 0 else { return }
        let gridColumns = grid.columns
        canvas.pixels.withUnsafeBufferPointer { px in
            grid.cells.withUnsafeMutableBufferPointer { cells in
                for row in 0..<rows {
                    let gr = pane.row + row
                    guard gr >= 0, gr < grid.rows else { continue }
                    let upper = 2 * row * canvas.width, lower = upper + canvas.width
                    let y = 2 * gr
                    for column in 0..<columns {
                        let gc = pane.column + column
                        guard gc >= 0, gc < gridColumns else { continue }
                        var top = px[upper + column], bottom = px[lower + column]
                        let cell: Cell
                        switch mode {
                        case .truecolor:
                            cell = Cell(glyph: Cell.upperHalfBlock, foreground: top, background: bottom)
                        case .palette256:
                            top = TerminalPalette.quantise256(top, x: gc, y: y, dithering: dithering)
                            bottom = TerminalPalette.quantise256(bottom, x: gc, y: y + 1, dithering: dithering)
                            cell = Cell(glyph: Cell.upperHalfBlock, foreground: top, background: bottom)
                        case .ansi16:
                            top = TerminalPalette.quantise16(top, x: gc, y: y, dithering: dithering)
                            bottom = TerminalPalette.quantise16(bottom, x: gc, y: y + 1, dithering: dithering)
                            cell = Cell(glyph: Cell.upperHalfBlock, foreground: top, background: bottom)
                        case .mono:
                            let level = (TerminalPalette.luminance(top) + TerminalPalette.luminance(bottom)) * 2
                            // level / 255 is 0…4 shade steps; dither between neighbouring steps.
                            let step = min(level / 255, 4)
                            let fraction = UInt8(min((level - step * 255), 255))
                            let t = TerminalPalette.threshold(x: gc, y: gr, dithering: dithering)
                            let shade = step < 4 && fraction > t ? step + 1 : step
                            cell = Cell(glyph: shades[shade], foreground: .white, background: .black)
                        }
                        cells[gr * gridColumns + gc] = cell
                    }
                }
            }
        }
    }
}
