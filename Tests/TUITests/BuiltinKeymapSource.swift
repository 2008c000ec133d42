import Foundation

/// The Swift source of `BuiltinKeymaps.swift` for the given keymap files (name, JSON text),
/// `default` first: a test regenerates it and checks that the embedded copy is current.
public enum BuiltinKeymapSource {
    public static func swift(keymaps: [(name: String, json: String)]) -> String {
        let ordered = keymaps.filter { $0.name == "default" } + keymaps.filter { $0.name != "default" }
        func identifier(_ name: String) -> String {
            let parts = name.split { !$0.isLetter && !$0.isNumber }
            return parts.enumerated().map { $0 == 0 ? String($1) : $1.prefix(1).uppercased() + $1.dropFirst() }.joined() + "JSON"
        }
        var out = [
            "// Generated from Keymaps/*.json so that every build of slicemark carries its keymaps;",
            "// `KeymapTests` fails when this drifts from the files and rewrites it when",
            "// SLICEMARK_RECORD=1 is set.",
            "",
            "enum BuiltinKeymaps {",
            "    static let all: [(name: String, json: String)] = [",
        ]
        out += ordered.map { "        (\"\($0.name)\", \(identifier($0.name)))," }
        out.append("    ]")
        for keymap in ordered {
            out += ["", "    static let \(identifier(keymap.name)) = #\"\"\"", keymap.json.trimmingCharacters(in: .newlines), "\"\"\"#"]
        }
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }
}
