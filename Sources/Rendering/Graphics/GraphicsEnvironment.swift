/// What the environment says about a terminal's graphics, before (or without) asking it.
///
/// - Inside tmux or GNU screen (`$TMUX`, `$STY`, `TERM=screen*`/`tmux*`) images would need
///   the multiplexer's passthrough and are lost on its redraws: half blocks, unless asked
///   for a protocol by name.
/// - `TERM=xterm-kitty`, `$KITTY_WINDOW_ID`, `TERM_PROGRAM` WezTerm or ghostty (`TERM=xterm-ghostty`):
///   the kitty graphics protocol. `TERM` foot, mlterm, `TERM_PROGRAM` iTerm.app, `$WT_SESSION`
///   (Windows Terminal): sixel. These are hints: the viewer still asks the terminal.
public enum GraphicsEnvironment {
    public static func isMultiplexer(_ environment: [String: String]) -> Bool {
        let term = environment["TERM"] ?? ""
        return !(environment["TMUX"] ?? "").isEmpty || !(environment["STY"] ?? "").isEmpty
            || term.hasPrefix("screen") || term.hasPrefix("tmux")
    }

    /// The protocol the environment names, if any (nil inside a multiplexer).
    public static func hint(_ environment: [String: String]) -> GraphicsProtocol? {
        guard !isMultiplexer(environment) else { return nil }
        let term = environment["TERM"] ?? ""
        let program = (environment["TERM_PROGRAM"] ?? "").lowercased()
        if term == "xterm-kitty" || term == "xterm-ghostty" || !(environment["KITTY_WINDOW_ID"] ?? "").isEmpty
            || program == "wezterm" || program == "ghostty" {
            return .kitty
        }
        if term.hasPrefix("foot") || term.hasPrefix("mlterm") || program == "iterm.app"
            || !(environment["WT_SESSION"] ?? "").isEmpty {
            return .sixel
        }
        return nil
    }

    /// `render --graphics auto`, which has no terminal to ask: the environment's hint, else half blocks.
    public static func choose(_ choice: GraphicsChoice, environment: [String: String]) -> GraphicsProtocol {
        choice.named ?? hint(environment) ?? .none
    }
}
