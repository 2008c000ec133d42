/// What a terminal sends back when asked (or when a file's text asked it: a DICOM field
/// holding `ESC [ 6 n` makes it report the cursor). The input decoder hands these over as
/// replies, never as keys.
public enum TerminalReply: Equatable, Sendable {
    /// `ESC [ row ; column R` (one-based, as sent).
    case cursorPosition(row: Int, column: Int)
    /// `ESC [ ? … c`.
    case primaryDeviceAttributes([Int])
    /// `ESC [ > … c`.
    case secondaryDeviceAttributes([Int])
    /// `ESC [ I` / `ESC [ O` with focus reporting on.
    case focus(gained: Bool)
    /// An OSC, DCS, APC (kitty graphics replies are `ESC _ G … ST`), PM or SOS string.
    case controlString(ControlString, content: String)
    /// Any other report in CSI form (mode reports, window sizes), spelled as sent.
    case report(String)

    public enum ControlString: String, Sendable {
        case operatingSystemCommand = "OSC", deviceControl = "DCS", applicationProgram = "APC"
        case privacyMessage = "PM", startOfString = "SOS"
    }

    /// True for an APC string of the kitty graphics protocol.
    public var isKittyGraphics: Bool {
        if case .controlString(.applicationProgram, let content) = self { return content.hasPrefix("G") }
        return false
    }
}
