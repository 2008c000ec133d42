import Foundation

/// Text made from the units' declarations: the default keymap file (`Keymaps/default.json`),
/// and the key and command tables of `docs/keys.md`. Tests fail when the committed copies
/// differ and rewrite them when SLICEMARK_RECORD=1 is set, so neither can drift from the code.
public enum GeneratedReference {
    /// The default keymap as a keymap file: every declared default key.
    public static var defaultKeymapJSON: String {
        var lines = [
            "{",
            "  \"name\": \"default\",",
            "  \"description\": \"slicemark's own keys: vi-style cursor, brackets for slices. Generated from the units' declarations (Sources/TUI/Units, Sources/TUI/Tools): edit those, not this file.\",",
            "  \"bindings\": {",
        ]
        let pairs = ViewerUnits.actionSpecs.flatMap { spec in spec.defaultKeys.map { (key: $0, action: spec.action.rawValue) } }
        for (n, pair) in pairs.enumerated() {
            lines.append("    \(jsonString(pair.key)): \(jsonString(pair.action))" + (n == pairs.count - 1 ? "" : ","))
        }
        lines += ["  }", "}"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The keys table: every action by group, its default keys, its name for keymap files, its help.
    public static var keysMarkdown: String {
        var out: [String] = []
        for group in Action.Group.allCases {
            let specs = ViewerUnits.actionSpecs.filter { $0.group == group }
            guard !specs.isEmpty else { continue }
            out += ["", "### \(group.rawValue)", "", "| keys | action | what it does |", "| --- | --- | --- |"]
            for spec in specs {
                let keys = spec.defaultKeys.isEmpty ? "(unbound)" : spec.defaultKeys.map { "`\(cell($0))`" }.joined(separator: " ")
                out.append("| \(keys) | `\(spec.action.rawValue)` | \(cell(spec.help)) |")
            }
        }
        return out.dropFirst().joined(separator: "\n") + "\n"
    }

    /// The `:` commands table.
    public static var commandsMarkdown: String {
        var out = ["| command | also | what it does |", "| --- | --- | --- |"]
        for command in ViewerUnits.commands {
            let also = command.names.dropFirst().map { "`:\($0)`" }.joined(separator: " ")
            out.append("| `:\(cell(command.usage))` | \(also) | \(cell(command.help)) |")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// `text` with the part between `<!-- generated: NAME -->` and `<!-- end generated: NAME -->`
    /// replaced by `content`; nil when the markers are missing.
    public static func replacing(section name: String, in text: String, with content: String) -> String? {
        let open = "<!-- generated: \(name) -->", close = "<!-- end generated: \(name) -->"
        guard let start = text.range(of: open), let end = text.range(of: close, range: start.upperBound..<text.endIndex) else {
            return nil
        }
        return String(text[..<start.upperBound]) + "\n" + content + String(text[end.lowerBound...])
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }

    private static func jsonString(_ text: String) -> String {
        let data = try! JSONEncoder().encode(text)
        return String(decoding: data, as: UTF8.self)
    }
}
