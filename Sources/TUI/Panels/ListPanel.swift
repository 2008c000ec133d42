import Rendering

/// A framed, scrollable list of text lines over the image area; shared by help, metadata and
/// the picker.
enum ListPanel {
    /// The box a panel occupies in the image area.
    static func frame(in area: CellRect) -> CellRect {
        let margin = area.columns >= 60 ? 2 : 0
        return CellRect(column: area.column + margin, row: area.row, columns: area.columns - 2 * margin, rows: area.rows)
    }

    /// Draws `lines`, starting at line `scroll` (clamped), with `highlight` drawn selected.
    static func draw(_ grid: inout CellGrid, title: String, lines: [String], in area: CellRect,
                     scroll: Int, highlight: Int? = nil, footer: String? = nil) {
        let box = frame(in: area)
        guard box.columns >= 6, box.rows >= 3 else { return }
        let visible = box.rows - 2
        let maxScroll = max(0, lines.count - visible)
        let first = min(max(scroll, 0), maxScroll)
        var heading = title
        if lines.count > visible { heading += "  \(first + 1)–\(min(first + visible, lines.count)) of \(lines.count)" }
        grid.drawBox(box, title: heading)
        for n in 0..<visible where first + n < lines.count {
            let index = first + n
            let selected = index == highlight
            grid.writePadded(" " + lines[index], column: box.column + 1, row: box.row + 1 + n, width: box.columns - 2,
                             foreground: selected ? .white : Theme.text,
                             background: selected ? Theme.selection : Theme.panelBackground, bold: selected)
        }
        if let footer {
            grid.write(" \(footer.fitted(to: box.columns - 4)) ", column: box.column + 1, row: box.row + box.rows - 1,
                       foreground: Theme.dim, background: Theme.panelBackground)
        }
    }

    /// The scroll position that keeps line `selection` visible.
    static func scroll(toShow selection: Int, in area: CellRect) -> Int {
        let visible = max(1, frame(in: area).rows - 2)
        return max(0, selection - visible + 1)
    }
}
