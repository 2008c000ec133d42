import Annotations
import Rendering
import VolumeKit

/// The segments panel (`S`): each label of your label map with its voxels, volume in mL and
/// the image's statistics inside it (HU for CT), as measured when the panel was opened.
enum SegmentsPanel {
    static func draw(_ grid: inout CellGrid, _ state: ViewerState, in area: CellRect, scroll: Int) {
        ListPanel.draw(&grid, title: "Label map", lines: lines(state), in: area, scroll: scroll,
                       footer: "S or Esc closes · measured when opened")
    }

    static func lines(_ state: ViewerState) -> [String] {
        guard let labels = state.annotation?.labelMap else {
            return ["No label map yet: b turns the brush on, Space paints."]
        }
        let unit = state.volume?.metadata.modality?.uppercased() == "CT" ? "HU" : "value"
        var lines = ["label  name                       voxels        mL     mean \(unit)     sd      min      max"]
        for s in state.segmentStatistics {
            let name = labels.table.name(for: s.value)
            lines.append(pad(String(s.value), 5) + "  " + padRight(name, 24) + " " + pad(String(s.voxels), 9)
                         + " " + pad(Formatting.millilitres(s.millilitres), 9) + " " + pad(Formatting.value(s.mean), 10)
                         + " " + pad(Formatting.value(s.standardDeviation), 7) + " " + pad(Formatting.value(s.minimum), 8)
                         + " " + pad(Formatting.value(s.maximum), 8))
        }
        if state.segmentStatistics.isEmpty { lines.append("(nothing painted)") }
        let hidden = state.labelDisplay.hidden.sorted()
        if !hidden.isEmpty { lines.append("hidden: " + hidden.map(String.init).joined(separator: ", ")) }
        return lines
    }

    private static func pad(_ s: String, _ n: Int) -> String {
        String(repeating: " ", count: max(0, n - s.count)) + s
    }

    private static func padRight(_ s: String, _ n: Int) -> String {
        let cut = s.count > n ? String(s.prefix(n - 1)) + "…" : s
        return cut + String(repeating: " ", count: max(0, n - cut.count))
    }
}
