/// Text from files, made safe to show on a terminal: every character that a terminal would
/// obey rather than draw, or that changes how the text around it reads, is replaced by a
/// visible stand-in.
///
/// - C0 controls, ESC and DEL become their Control Pictures (U+2400–U+2421): ESC is `␛`,
///   BEL `␇`, newline `␊`, DEL `␡`. One cell each, so layouts do not move.
/// - C1 controls (U+0080–U+009F, which some terminals obey like `ESC` sequences: U+009B is
///   CSI), format characters (general category Cf: the bidirectional embeddings, overrides
///   and isolates U+202A–U+202E and U+2066–U+2069, the marks U+200E, U+200F and U+061C,
///   the zero-width characters U+200B–U+200D, U+2060 and U+FEFF, soft hyphen, tag
///   characters) and the line and paragraph separators U+2028/U+2029 become `⟨U+202E⟩`:
///   a reviewer must see what is really stored, and a right-to-left override can otherwise
///   make "LEFT" read as "TFEL".
///
/// Everything else, including letters of every script, passes unchanged.
///
///     TerminalSafeText.make("A\u{1B}]2;x\u{07}")   // "A␛]2;x␇"
///     TerminalSafeText.make("L\u{202E}TFEL")        // "L⟨U+202E⟩TFEL"
public enum TerminalSafeText {
    /// True when `scalar` must not reach a terminal as itself.
    @inlinable
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v >= 0x20 && v < 0x7F { return false }
        if v < 0xA0 { return true }
        if v < 0xAD { return false }
        // No format character lies between U+2070 and U+FEFE (box drawing, blocks, CJK): the
        // frame encoder asks this for every image cell, so skip the property lookup there.
        if v >= 0x2070 && v < 0xFEFF { return false }
        if v == 0x2028 || v == 0x2029 { return true }
        return scalar.properties.generalCategory == .format
    }

    /// The stand-in shown in place of an unsafe scalar (nil for a safe one).
    public static func standIn(for scalar: Unicode.Scalar) -> String? {
        guard isUnsafe(scalar) else { return nil }
        let v = scalar.value
        if v < 0x20 { return String(Unicode.Scalar(0x2400 + v)!) }
        if v == 0x7F { return "\u{2421}" }
        return "⟨U+" + hex4(v) + "⟩"
    }

    /// One scalar that stands for `scalar` in a single terminal cell: the Control Picture of a
    /// C0 control or DEL, U+FFFD for any other unsafe scalar, the scalar itself when safe.
    @inlinable
    public static func cellGlyph(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        guard isUnsafe(scalar) else { return scalar }
        let v = scalar.value
        if v < 0x20 { return Unicode.Scalar(0x2400 + v)! }
        if v == 0x7F { return "\u{2421}" }
        return "\u{FFFD}"
    }

    /// `text` with every unsafe scalar replaced by its stand-in. With `keepingLineBreaks`,
    /// `\n` stays a line break (for multi-line output such as `info`).
    public static func make(_ text: String, keepingLineBreaks: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { isUnsafe($0) && !(keepingLineBreaks && $0 == "\n") }) else {
            return text
        }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if keepingLineBreaks && scalar == "\n" {
                out.append(scalar)
            } else if let standIn = standIn(for: scalar) {
                out.append(contentsOf: standIn.unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// JSON text with every unsafe scalar written as a `\uXXXX` escape (a surrogate pair above
    /// U+FFFF). Unsafe scalars can only occur inside JSON strings, where the escape means the
    /// same character, so the document and its strings stay exactly what they were.
    public static func jsonEscaped(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: { isUnsafe($0) && $0 != "\n" && $0 != "\t" && $0 != "\r" })
        else { return json }
        var out = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            // Whitespace between tokens is legal JSON; inside strings JSON escapes it already.
            if scalar == "\n" || scalar == "\t" || scalar == "\r" || !isUnsafe(scalar) {
                out.append(scalar)
                continue
            }
            for unit in String(scalar).utf16 { out.append(contentsOf: ("\\u" + hex4(UInt32(unit)).lowercased()).unicodeScalars) }
        }
        return String(out)
    }

    private static func hex4(_ v: UInt32) -> String {
        let digits = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

extension String {
    /// This text with controls, bidirectional and zero-width characters shown visibly
    /// (see `TerminalSafeText`).
    public var terminalSafe: String { TerminalSafeText.make(self) }
}
