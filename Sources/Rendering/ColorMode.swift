/// How many colours the terminal can show, which decides how cells are quantised and encoded.
///
/// - `truecolor`: SGR `38;2;r;g;b` / `48;2;r;g;b`, every pixel exact.
/// - `palette256`: the xterm 256-colour palette, greys on the 24-step ramp plus the cube greys.
/// - `ansi16`: the 16 ANSI colours; greys become black, dark grey, light grey and white.
/// - `mono`: no colour at all; brightness becomes the shade characters ` ░▒▓█`.
public enum ColorMode: String, CaseIterable, Sendable, Codable {
    case truecolor
    case palette256 = "256"
    case ansi16 = "16"
    case mono

    /// Whether pixels are dithered unless the user says otherwise: the 30 greys of the 256-colour
    /// palette show a window without visible banding, and dithering would add texture that is
    /// not in the image (and bytes); 16 colours and mono need it to show any grey scale at all.
    public var dithersByDefault: Bool { self == .ansi16 || self == .mono }

    /// Parses what a user types after `--color`: `truecolor` (or `24bit`), `256`, `16`, `mono`.
    public init?(argument: String) {
        switch argument.lowercased() {
        case "truecolor", "truecolour", "24bit", "24-bit", "rgb": self = .truecolor
        case "256", "palette256": self = .palette256
        case "16", "ansi16", "8": self = .ansi16
        case "mono", "monochrome", "none", "2": self = .mono
        default: return nil
        }
    }

    /// The mode a terminal supports, from its environment and the colour count terminfo reports
    /// (`tigetnum("colors")`, which the caller reads; nil when unknown).
    ///
    /// `COLORTERM=truecolor|24bit` means truecolour whatever terminfo says (terminfo rarely
    /// knows); `NO_COLOR` set to anything turns colour off. Without terminfo, TERM names
    /// containing `256color` count as 256 colours, and `direct`, `truecolor` or `24bit` as
    /// truecolour.
    public static func detect(environment: [String: String], terminfoColors: Int? = nil) -> ColorMode {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .mono }
        let colorterm = (environment["COLORTERM"] ?? "").lowercased()
        if colorterm == "truecolor" || colorterm == "24bit" { return .truecolor }
        let term = (environment["TERM"] ?? "").lowercased()
        if term == "dumb" { return .mono }
        if let colors = terminfoColors, colors > 0 {
            if colors >= 1 << 24 { return .truecolor }
            if colors >= 256 { return .palette256 }
            if colors >= 8 { return .ansi16 }
            return .mono
        }
        if term.contains("direct") || term.contains("truecolor") || term.contains("24bit") { return .truecolor }
        if term.contains("256color") { return .palette256 }
        if term.isEmpty { return .mono }
        return .ansi16
    }
}
