import Rendering
import VolumeKit

/// The fourth quadrant of the three-plane layout: the cursor and the slice of each plane.
enum InfoPanel {
    static func draw(_ grid: inout CellGrid, _ state: ViewerState, _ document: ImageDocument, in rect: CellRect) {
        let volume = document.volume
        let readout = CursorReadout(state, document)
        var lines = ["cursor", "  voxel \(readout.voxel)", "  LPS \(readout.patient)", "  value \(readout.value)", ""]
        for plane in Plane.allCases {
            let layout = volume.layout(plane)
            let marker = plane == state.plane ? "▶ " : "  "
            lines.append("\(marker)\(plane.rawValue) \(state.slice(of: plane) + 1)/\(layout.sliceCount)")
        }
        if let description = volume.metadata.seriesDescription { lines += ["", description] }
        for (n, line) in lines.prefix(rect.rows).enumerated() {
            grid.writePadded(line, column: rect.column + 1, row: rect.row + n, width: rect.columns - 1,
                             foreground: n == 0 ? Theme.accent : Theme.text, background: Theme.background, bold: n == 0)
        }
    }
}
