import Annotations
import Rendering
import VolumeKit

/// Review mode's legend: a small box at the top right of the image naming each annotator in
/// their colour, with how many of their records are on the image and how many still pending.
enum ReviewLegend {
    static func lines(_ state: ViewerState) -> [(text: String, color: RGB)] {
        guard state.options.review, let session = state.annotation?.session else { return [] }
        let document = session.document
        let names = ReviewColors.annotators(document)
        return names.map { name in
            let records = document.annotations.filter { $0.annotator == name }
            let pending = records.filter { ReviewWalk.pending.includes($0, reviewer: session.annotator, document: document) }.count
            let you = name == session.annotator ? " (you)" : ""
            let text = "\(TerminalSafeText.make(name))\(you) \(records.count)" + (pending > 0 ? ", \(pending) pending" : "")
            return (text, ReviewColors.color(of: name, among: names))
        }
    }

    static func draw(_ grid: inout CellGrid, _ state: ViewerState, in area: CellRect) {
        let entries = lines(state)
        guard !entries.isEmpty, state.panel == .closed else { return }
        let width = min(max(entries.map { $0.text.count }.max() ?? 0, 10) + 6, area.columns / 2)
        let rows = min(entries.count + 2, area.rows)
        guard width >= 10, rows >= 3 else { return }
        let box = CellRect(column: area.column + area.columns - width, row: area.row, columns: width, rows: rows)
        grid.drawBox(box, title: " annotators ")
        for (n, entry) in entries.prefix(rows - 2).enumerated() {
            let row = box.row + 1 + n
            grid.write("■", column: box.column + 1, row: row, foreground: entry.color, background: Theme.panelBackground)
            grid.writePadded(" " + entry.text, column: box.column + 2, row: row, width: box.columns - 3,
                             foreground: Theme.text, background: Theme.panelBackground)
        }
    }
}
