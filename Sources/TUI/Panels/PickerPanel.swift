import Rendering

/// The list of images found in the paths given; Enter opens the selected one.
enum PickerPanel {
    static func draw(_ grid: inout CellGrid, _ state: ViewerState, in area: CellRect, selection: Int) {
        let lines = state.images.enumerated().map { n, source in
            (n == state.imageIndex ? "● " : "  ") + "\(n + 1). " + source.title
        }
        ListPanel.draw(&grid, title: "Images (\(state.images.count))", lines: lines, in: area,
                       scroll: ListPanel.scroll(toShow: selection, in: area), highlight: selection,
                       footer: "↑↓ choose · Enter opens · Esc closes")
    }
}
