/// `slicemark view --list-actions`: every action name a keymap file can use, with its keys in
/// the active keymap and its help, in the order the units declare them.
public enum ActionList {
    public static func text(_ keymap: Keymap) -> String {
        let specs = ViewerUnits.actionSpecs
        let width = specs.map(\.action.rawValue.count).max() ?? 0
        return specs.map { spec in
            let keys = keymap.keys(for: spec.action).map(\.spelling).joined(separator: " ")
            return spec.action.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
                + "  " + (keys.isEmpty ? "(unbound)" : keys).padding(toLength: 14, withPad: " ", startingAt: 0)
                + "  " + spec.help
        }.joined(separator: "\n")
    }
}
