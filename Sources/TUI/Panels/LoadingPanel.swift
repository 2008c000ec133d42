import Rendering

/// A progress bar while an image is read.
enum LoadingPanel {
    static func draw(_ grid: inout CellGrid, _ loading: LoadingStatus, in area: CellRect) {
        if loading.showsPreview { return drawRow(&grid, loading, in: area) }
        guard let box = CellRect.centered(in: area, maxColumns: 70, rows: 5) else { return }
        let width = box.columns
        grid.drawBox(box, title: "Reading")
        grid.writePadded(loading.title.fittedKeepingEnd(to: width - 4), column: box.column + 2, row: box.row + 1,
                         width: width - 4, foreground: Theme.text, background: Theme.panelBackground)
        let barWidth = width - 4
        var bar = ""
        var label = "scanning…"
        if let p = loading.progress, p.total > 0 {
            let done = min(max(Double(p.completed) / Double(p.total), 0), 1)
            let filled = Int((done * Double(barWidth)).rounded(.down))
            bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
            label = "\(p.phase) \(p.completed)/\(p.total)"
        } else {
            bar = String(repeating: "░", count: barWidth)
        }
        grid.write(bar, column: box.column + 2, row: box.row + 2, foreground: Theme.accent, background: Theme.panelBackground)
        grid.writePadded(label + " · q quits", column: box.column + 2, row: box.row + 3, width: width - 4,
                         foreground: Theme.dim, background: Theme.panelBackground)
    }

    /// Under a first image: one row at the bottom of the image area, the rest of the volume coming.
    private static func drawRow(_ grid: inout CellGrid, _ loading: LoadingStatus, in area: CellRect) {
        guard area.columns > 10, area.rows > 0 else { return }
        let row = area.row + area.rows - 1
        var label = "first image · reading the rest"
        if let p = loading.progress, p.total > 0 { label += " (\(p.phase) \(p.completed)/\(p.total))" }
        grid.writePadded(" " + label + "…", column: area.column, row: row, width: area.columns,
                         foreground: Theme.accent, background: Theme.panelBackground)
    }
}
