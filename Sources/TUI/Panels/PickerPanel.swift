import Foundation
import VolumeKit
import Rendering

/// The list of images found in the paths given; Enter opens the selected one.
enum PickerPanel {
    static func draw(_ grid: inout CellGrid, _ state: ViewerState, in area: CellRect, selection: Int) {
        let lines = state.images.enumerated().map { n, source in
            let labels = state.imageLabels[n].map { "  [" + $0.joined(separator: ", ") + "]" } ?? ""
            return (n == state.imageIndex ? "● " : "  ") + (state.imageLabels[n] == nil ? "  " : "✓ ") + "\(n + 1). "
                + name(of: source) + labels
        }
        let done = state.imageLabels.keys.filter { state.images.indices.contains($0) }.count
        ListPanel.draw(&grid, title: "Images (\(state.images.count)) · \(done)/\(state.images.count) labelled", lines: lines, in: area,
                       scroll: ListPanel.scroll(toShow: selection, in: area), highlight: selection,
                       footer: "↑↓ choose · Enter opens · N next unlabelled · Esc closes")
    }

    /// What tells images apart in a folder: the file's name first (several one-file series of
    /// one modality otherwise read alike), then what the series says of itself.
    static func name(of source: ImageSource) -> String {
        switch source {
        case .dicomSeries(let series) where series.files.count == 1:
            return (series.files[0] as NSString).lastPathComponent + " · " + series.title
        default:
            return source.title
        }
    }
}
