import Rendering
import VolumeKit

/// The metadata browser: DICOM elements with their names, NIfTI header fields. Fields that
/// identify the patient are left out unless the viewer was started with `--show-phi`.
public enum MetadataText {
    public static func lines(_ metadata: VolumeMetadata, showPHI: Bool) -> [String] {
        let shown = metadata.fields.filter { showPHI || !$0.identifiesPatient }
        let keyWidth = min(shown.map { $0.key.count + 2 * $0.depth }.max() ?? 0, 24)
        let nameWidth = min(shown.map(\.name.count).max() ?? 0, 32)
        var lines = shown.map { field -> String in
            let indent = String(repeating: "  ", count: field.depth)
            let key = (indent + field.key).padding(toLength: max(keyWidth, indent.count + field.key.count), withPad: " ", startingAt: 0)
            // A field whose key is its name (NIfTI, the demo) shows it once.
            let shownName = field.name == field.key ? "" : field.name
            let name = shownName.padding(toLength: max(nameWidth, shownName.count), withPad: " ", startingAt: 0)
            return "\(key)  \(name)  \(field.value)"
        }
        let hidden = metadata.fields.count - shown.count
        if hidden > 0 {
            lines.append("")
            lines.append("\(hidden) patient-identifying field\(hidden == 1 ? " is" : "s are") hidden (start with --show-phi to see \(hidden == 1 ? "it" : "them"))")
        }
        if lines.isEmpty { lines = ["(this image has no header fields to show)"] }
        if !metadata.warnings.isEmpty { lines += [""] + metadata.warnings.map { "warning: \($0)" } }
        return lines
    }
}

enum MetadataPanel {
    static func draw(_ grid: inout CellGrid, _ state: ViewerState, in area: CellRect, scroll: Int) {
        guard let document = state.document else { return }
        ListPanel.draw(&grid, title: "Metadata — \(document.title)",
                       lines: MetadataText.lines(document.volume.metadata, showPHI: state.options.showPHI),
                       in: area, scroll: scroll, footer: "↑↓ PgUp PgDn scroll · Esc closes")
    }
}
