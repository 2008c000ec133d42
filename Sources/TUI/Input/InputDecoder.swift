import CNcursesw

/// ncurses key codes and characters → `Key`.
enum InputDecoder {
    /// A character from `wget_wch` (not a keypad code).
    static func character(_ code: UInt32) -> Key? {
        switch code {
        case 9: return .named(.tab)
        case 10, 13: return .named(.enter)
        case 27: return .named(.escape)
        case 8, 127: return .named(.backspace)
        case 0: return nil
        case 1...26: return .control(Character(Unicode.Scalar(code + 96)!))
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .character(Character(scalar))
        }
    }

    /// A keypad code (`KEY_UP`, `KEY_F0 + n`, …).
    static func keypadKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .named(.up)
        case KEY_DOWN: return .named(.down)
        case KEY_LEFT: return .named(.left)
        case KEY_RIGHT: return .named(.right)
        case KEY_SR: return .named(.shiftUp)
        case KEY_SF: return .named(.shiftDown)
        case KEY_SLEFT: return .named(.shiftLeft)
        case KEY_SRIGHT: return .named(.shiftRight)
        case KEY_PPAGE: return .named(.pageUp)
        case KEY_NPAGE: return .named(.pageDown)
        case KEY_HOME: return .named(.home)
        case KEY_END: return .named(.end)
        case KEY_BTAB: return .named(.shiftTab)
        case KEY_ENTER: return .named(.enter)
        case KEY_BACKSPACE: return .named(.backspace)
        case KEY_DC: return .named(.delete)
        case KEY_IC: return .named(.insert)
        case (KEY_F0 + 1)...(KEY_F0 + 24): return .function(Int(code - KEY_F0))
        default: return nil
        }
    }
}
