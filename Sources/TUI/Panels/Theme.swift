import Rendering

/// The colours of the viewer's own text (the image keeps its own).
enum Theme {
    static let text = RGB(220, 220, 220)
    static let dim = RGB(140, 140, 150)
    static let background = RGB.black
    static let statusBackground = RGB(38, 44, 60)
    static let statusText = RGB(235, 235, 235)
    static let accent = RGB(255, 214, 0)
    static let error = RGB(255, 90, 90)
    static let panelBackground = RGB(20, 24, 34)
    static let panelBorder = RGB(110, 130, 170)
    static let selection = RGB(60, 80, 130)
    static let orientation = RGB(255, 214, 0)
}

extension CellGrid {
    /// Text padded with spaces (or cut) to exactly `width` cells.
    mutating func writePadded(_ text: String, column: Int, row: Int, width: Int,
                              foreground: RGB, background: RGB, bold: Bool = false) {
        let cut = text.fitted(to: width)
        write(cut + String(repeating: " ", count: max(0, width - cut.unicodeScalars.count)),
              column: column, row: row, foreground: foreground, background: background, bold: bold)
    }

    /// A box with a one-cell border and a title, its inside cleared.
    mutating func drawBox(_ rect: CellRect, title: String) {
        guard rect.columns >= 4, rect.rows >= 3 else { return }
        fill(rect, with: Cell(glyph: " ", foreground: Theme.text, background: Theme.panelBackground))
        let right = rect.column + rect.columns - 1, bottom = rect.row + rect.rows - 1
        for c in rect.column...right {
            self[c, rect.row] = Cell(glyph: "─", foreground: Theme.panelBorder, background: Theme.panelBackground)
            self[c, bottom] = Cell(glyph: "─", foreground: Theme.panelBorder, background: Theme.panelBackground)
        }
        for r in rect.row...bottom {
            self[rect.column, r] = Cell(glyph: "│", foreground: Theme.panelBorder, background: Theme.panelBackground)
            self[right, r] = Cell(glyph: "│", foreground: Theme.panelBorder, background: Theme.panelBackground)
        }
        let corners: [(Int, Int, Unicode.Scalar)] = [(rect.column, rect.row, "┌"), (right, rect.row, "┐"),
                                                     (rect.column, bottom, "└"), (right, bottom, "┘")]
        for (c, r, g) in corners { self[c, r] = Cell(glyph: g, foreground: Theme.panelBorder, background: Theme.panelBackground) }
        write(" \(title.fitted(to: rect.columns - 4)) ", column: rect.column + 1, row: rect.row,
              foreground: Theme.accent, background: Theme.panelBackground, bold: true)
    }
}

extension String {
    /// Cut to `width` terminal cells with an ellipsis (one cell per scalar: the viewer writes
    /// no wide characters).
    func fitted(to width: Int) -> String {
        let scalars = unicodeScalars
        guard scalars.count > width else { return self }
        guard width > 1 else { return width == 1 ? "…" : "" }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars.prefix(width - 1))
        return String(out) + "…"
    }

    /// Cut from the left, keeping the end (for file paths).
    func fittedKeepingEnd(to width: Int) -> String {
        let scalars = unicodeScalars
        guard scalars.count > width else { return self }
        guard width > 1 else { return width == 1 ? "…" : "" }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars.suffix(width - 1))
        return "…" + String(out)
    }
}
