/// One key press as the viewer sees it, independent of the terminal that produced it.
///
/// Keymap files spell keys the way the help shows them: a printable character as itself
/// (`q`, `]`, `H`, `?`), a control key as `Ctrl-R`, Alt plus a character as `Alt-x`, and named
/// keys such as `Up`, `PageDown`, `Tab`, `Shift-Tab`, `Shift-Left`, `Ctrl-Up`, `Alt-Home`,
/// `Enter`, `Esc`, `Space`, `Backspace`, `F1`…`F60`.
public enum Key: Hashable, Sendable {
    case character(Character)
    /// Ctrl plus a letter, stored lower-case.
    case control(Character)
    case named(NamedKey)
    case function(Int)

    /// Alt (Meta) plus a character: the terminal sends `ESC x`. Unbound unless a keymap binds
    /// `Alt-x`, so a stray Alt never acts as Esc followed by the character.
    case alt(Character)

    public enum NamedKey: String, CaseIterable, Sendable {
        case up = "Up", down = "Down", left = "Left", right = "Right"
        case shiftUp = "Shift-Up", shiftDown = "Shift-Down", shiftLeft = "Shift-Left", shiftRight = "Shift-Right"
        case pageUp = "PageUp", pageDown = "PageDown", home = "Home", end = "End"
        case tab = "Tab", shiftTab = "Shift-Tab", enter = "Enter", escape = "Esc"
        case backspace = "Backspace", delete = "Delete", insert = "Insert"
        case shiftHome = "Shift-Home", shiftEnd = "Shift-End", shiftPageUp = "Shift-PageUp", shiftPageDown = "Shift-PageDown"
        case ctrlUp = "Ctrl-Up", ctrlDown = "Ctrl-Down", ctrlLeft = "Ctrl-Left", ctrlRight = "Ctrl-Right"
        case ctrlHome = "Ctrl-Home", ctrlEnd = "Ctrl-End", ctrlPageUp = "Ctrl-PageUp", ctrlPageDown = "Ctrl-PageDown"
        case altUp = "Alt-Up", altDown = "Alt-Down", altLeft = "Alt-Left", altRight = "Alt-Right"
        case altHome = "Alt-Home", altEnd = "Alt-End", altPageUp = "Alt-PageUp", altPageDown = "Alt-PageDown"
    }

    /// The highest function key number: F1–F12 with Shift are F13–F24, with Ctrl F25–F36,
    /// with Ctrl-Shift F37–F48, with Alt F49–F60 (terminfo's numbering for xterm).
    public static let maximumFunctionKey = 60

    /// Parses the spelling used in keymap files; nil when it names no key.
    public init?(spelling: String) {
        if spelling.count == 1, let c = spelling.first, !c.isWhitespace {
            self = .character(c)
            return
        }
        if spelling == "Space" {
            self = .character(" ")
            return
        }
        if let named = NamedKey.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(spelling) == .orderedSame }) {
            self = .named(named)
            return
        }
        let lower = spelling.lowercased()
        if lower.hasPrefix("ctrl-"), spelling.count == 6, let c = lower.last, c.isLetter, c.isASCII {
            self = .control(c)
            return
        }
        if lower.hasPrefix("alt-"), spelling.count == 5, let c = spelling.last, !c.isWhitespace {
            self = .alt(c)
            return
        }
        if lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...Key.maximumFunctionKey).contains(n) {
            self = .function(n)
            return
        }
        return nil
    }

    /// How the help overlay and error messages show the key (parses back to the same key).
    public var spelling: String {
        switch self {
        case .character(" "): return "Space"
        case .character(let c): return String(c)
        case .control(let c): return "Ctrl-\(c.uppercased())"
        case .named(let n): return n.rawValue
        case .function(let n): return "F\(n)"
        case .alt(let c): return "Alt-\(c)"
        }
    }
}

/// What the terminal reports: keys, mouse events and size changes, its answers to queries,
/// and sequences that are none of these.
public enum InputEvent: Equatable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(columns: Int, rows: Int)
    /// An answer from the terminal (a cursor report, device attributes, an OSC reply): never a key.
    case reply(TerminalReply)
    /// An escape sequence or byte that names no key, spelled for the status line
    /// (`ESC [ 99 ~`); it is ignored as a whole, never split into keys.
    case unknownSequence(String)
}

/// A mouse event at a screen cell (zero-based).
public struct MouseEvent: Equatable, Sendable {
    public enum Kind: Sendable { case press, wheelUp, wheelDown }
    public var kind: Kind
    public var column: Int
    public var row: Int

    public init(kind: Kind, column: Int, row: Int) {
        self.kind = kind
        self.column = column
        self.row = row
    }
}
