import Foundation

/// Assembles the active keymap: the built-in default, then `~/.config/slicemark/keymap.json`
/// (or `$XDG_CONFIG_HOME/slicemark/keymap.json`) when it exists, then `--keymap` (a file, or the
/// name of a built-in keymap such as `workstation`). Later files override earlier entries.
public enum KeymapLoader {
    /// The built-in keymaps: `default`, made from the units' declared keys, then the files of
    /// `Keymaps/` embedded in `BuiltinKeymaps`.
    public static var builtinNames: [String] { ["default"] + BuiltinKeymaps.all.map(\.name) }

    public static func builtin(named name: String) -> String? {
        name == "default" ? GeneratedReference.defaultKeymapJSON : BuiltinKeymaps.all.first { $0.name == name }?.json
    }

    /// The units' default keys, read by the same parser as a user's keymap file.
    public static var defaultKeymap: Keymap {
        // Every declared key is checked by a test; failing here would be a build defect.
        let file = try! Keymap.parse(GeneratedReference.defaultKeymapJSON, source: "built-in default")
        return Keymap().overridden(by: file, source: "default")
    }

    public static func userKeymapPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/slicemark/keymap.json" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/slicemark/keymap.json" }
        return nil
    }

    public static func load(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Keymap {
        var keymap = defaultKeymap
        if let user = userKeymapPath(environment: environment), FileManager.default.fileExists(atPath: user) {
            keymap = keymap.overridden(by: try Keymap.parse(try read(user), source: user), source: user)
        }
        if let option {
            if let json = builtin(named: option), !FileManager.default.fileExists(atPath: option) {
                keymap = keymap.overridden(by: try Keymap.parse(json, source: "built-in \(option)"), source: option)
            } else {
                keymap = keymap.overridden(by: try Keymap.parse(try read(option), source: option), source: option)
            }
        }
        return keymap
    }

    private static func read(_ path: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            let names = builtinNames.joined(separator: ", ")
            throw KeymapError.unreadable(path: path, reason: "no such file, and not a built-in keymap (\(names))")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KeymapError.unreadable(path: path, reason: "permission denied")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw KeymapError.malformed(source: path, reason: "not UTF-8 text")
        }
        return text
    }
}
