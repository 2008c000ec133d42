import Rendering

/// In place of the image, for an image of the list that could not be read: its name and why,
/// so that nobody takes the previous image for it.
enum UnreadablePanel {
    static func draw(_ grid: inout CellGrid, _ unreadable: UnreadableImage, labels: String?, in area: CellRect) {
        guard let box = CellRect.centered(in: area, maxColumns: 90, rows: 7) else { return }
        let width = box.columns
        grid.drawBox(box, title: "Cannot be read")
        let lines = [unreadable.title.fittedKeepingEnd(to: width - 4), unreadable.reason.fitted(to: width - 4),
                     (labels ?? "its image labels (1–9) are saved in its own sidecar").fitted(to: width - 4),
                     "n / p: the next or previous image · o: the list · q quits"]
        for (n, line) in lines.enumerated() {
            grid.writePadded(line, column: box.column + 2, row: box.row + 1 + n, width: width - 4,
                             foreground: n == 1 ? Theme.error : (n == 3 ? Theme.dim : Theme.text),
                             background: Theme.panelBackground, bold: n == 0)
        }
    }
}
