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

    /// The narrowest text area that shows the help in two columns side by side (a 120-column
    /// terminal has 113).
    public static let twoColumnWidth = 100

    /// `lines` in two columns when `width` allows: the groups stay whole, the left column takes
    /// the groups up to the middle, and a line too long for its column wraps under its text.
    public static func columns(_ lines: [String], width: Int) -> [String] {
        guard width >= twoColumnWidth else { return lines }
        let column = (width - 3) / 2
        let wrapped = lines.flatMap { wrap($0, width: column) }
        let breaks = wrapped.indices.filter { wrapped[$0].isEmpty }
        let middle = wrapped.count / 2
        // Between two groups when one is near the middle, else mid-group (a long command list).
        let split = breaks.min(by: { abs($0 - middle) < abs($1 - middle) }).flatMap { abs($0 - middle) <= 6 ? $0 : nil }
        let left = Array(wrapped[..<(split ?? middle)])
        let right = Array(wrapped[(split.map { $0 + 1 } ?? middle)...])
        return (0..<max(left.count, right.count)).map { row in
            let l = row < left.count ? left[row] : ""
            let r = row < right.count ? right[row] : ""
            return l + String(repeating: " ", count: max(0, column - l.unicodeScalars.count)) + " │ " + r
        }
    }

    /// Breaks `line` at spaces to `width`; continuation lines start under the help text (after
    /// the keys and their two-space gap).
    static func wrap(_ line: String, width: Int) -> [String] {
        let scalars = Array(line.unicodeScalars)
        guard scalars.count > width else { return [line] }
        var indent = 0
        if let firstText = scalars.firstIndex(where: { $0 != " " }),
           let gap = (firstText..<scalars.count - 1).first(where: { scalars[$0] == " " && scalars[$0 + 1] == " " }) {
            indent = (gap..<scalars.count).first { scalars[$0] != " " } ?? 0
        }
        if indent > width / 2 { indent = 4 }
        var out: [String] = []
        var rest = scalars[...]
        var prefix = 0
        while prefix + rest.count > width {
            let room = width - prefix
            let cut = rest.prefix(room + 1).lastIndex(of: " ").flatMap { $0 > rest.startIndex ? $0 : nil }
                ?? rest.index(rest.startIndex, offsetBy: room)
            out.append(String(repeating: " ", count: prefix) + String(String.UnicodeScalarView(rest[..<cut])))
            rest = rest[cut...].drop { $0 == " " }
            prefix = indent
        }
        out.append(String(repeating: " ", count: prefix) + String(String.UnicodeScalarView(rest)))
        return out
    }
}

enum HelpPanel {
    static func draw(_ grid: inout CellGrid, _ state: ViewerState, in area: CellRect, scroll: Int) {
        let text = HelpText.lines(state.keymap, labelSet: state.options.annotationSettings.labelSet)
        ListPanel.draw(&grid, title: "Keys", lines: HelpText.columns(text, width: ListPanel.frame(in: area).columns - 3),
                       in: area, scroll: scroll,
                       footer: "↑↓ PgUp PgDn scroll · Esc or ? closes")
    }
}
