import Annotations
import Rendering

/// The `?` overlay: every action that has a key in the active keymap, by group, with its keys.
/// Generated from the keymap, so it always tells the truth about the keys in use.
public enum HelpText {
    /// With a label set, the keys 1–9 say which label they toggle ("pass", not "label 1").
    public static func lines(_ keymap: Keymap, labelSet: LabelSet? = nil) -> [String] {
        var lines: [String] = []
        for group in Action.Group.allCases {
            let rows = ViewerUnits.actionSpecs.filter { $0.group == group }.compactMap { spec -> (String, String)? in
                let keys = keymap.keys(for: spec.action)
                guard !keys.isEmpty else { return nil }
                if let n = spec.action.labelNumber, let set = labelSet {
                    guard set.labels.indices.contains(n - 1) else { return nil }
                    let label = set.labels[n - 1]
                    return (keys.map(\.spelling).joined(separator: " "),
                            "label \"\(label.name)\" of \(set.name)" + (label.description.map { ": \($0)" } ?? "") + " (toggle)")
                }
                return (keys.map(\.spelling).joined(separator: " "), spec.help)
            }
            guard !rows.isEmpty else { continue }
            if !lines.isEmpty { lines.append("") }
            lines.append(group.rawValue)
            let width = min(rows.map { $0.0.count }.max() ?? 0, 22)
            for (keys, help) in rows {
                lines.append("  " + keys.padding(toLength: max(width, keys.count), withPad: " ", startingAt: 0) + "  " + help)
            }
        }
        lines += ["", "Command line (:)"]
        let width = min(ViewerUnits.commands.map { $0.usage.count }.max() ?? 0, 30)
        for command in ViewerUnits.commands {
            lines.append("  :" + command.usage.padding(toLength: max(width, command.usage.count), withPad: " ", startingAt: 0)
                         + "  " + command.help)
        }
        lines += ["",
                  "Mouse: click sets the cursor, the wheel scrolls slices.",
                  "Keymap: " + keymap.sources.joined(separator: " + ")]
        return lines
    }
}

enum HelpPanel {
    static func draw(_ grid: inout CellGrid, _ state: ViewerState, in area: CellRect, scroll: Int) {
        ListPanel.draw(&grid, title: "Keys", lines: HelpText.lines(state.keymap, labelSet: state.options.annotationSettings.labelSet),
                       in: area, scroll: scroll,
                       footer: "↑↓ PgUp PgDn scroll · Esc or ? closes")
    }
}
