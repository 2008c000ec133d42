/// `slicemark view --list-actions`: every action name a keymap file can use, with its keys in
/// the active keymap and its help.
public enum ActionList {
    public static func text(_ keymap: Keymap) -> String {
        let width = Action.allCases.map(\.rawValue.count).max() ?? 0
        return Action.allCases.map { action in
            let keys = keymap.keys(for: action).map(\.spelling).joined(separator: " ")
            return action.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
                + "  " + (keys.isEmpty ? "(unbound)" : keys).padding(toLength: 14, withPad: " ", startingAt: 0)
                + "  " + action.help
        }.joined(separator: "\n")
    }
}
