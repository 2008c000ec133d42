import Foundation
import Testing
import VolumeKit

@Suite struct TerminalSafeTextSanitizingTests {
    @Test(arguments: [
        ("A\u{1B}]2;x\u{07}B", "A␛]2;x␇B"),
        ("\u{1B}[6n", "␛[6n"),
        ("tab\there\nline\u{7F}", "tab␉here␊line␡"),
        ("\u{9B}31m\u{9D}0;t\u{9C}", "⟨U+009B⟩31m⟨U+009D⟩0;t⟨U+009C⟩"),
        ("LEFT\u{202E}TFEL", "LEFT⟨U+202E⟩TFEL"),
        ("a\u{200B}b\u{200C}c\u{200D}d\u{2060}e\u{FEFF}", "a⟨U+200B⟩b⟨U+200C⟩c⟨U+200D⟩d⟨U+2060⟩e⟨U+FEFF⟩"),
        ("\u{2066}iso\u{2069}\u{200E}\u{200F}\u{061C}", "⟨U+2066⟩iso⟨U+2069⟩⟨U+200E⟩⟨U+200F⟩⟨U+061C⟩"),
        ("\u{202A}\u{202B}\u{202C}\u{202D}", "⟨U+202A⟩⟨U+202B⟩⟨U+202C⟩⟨U+202D⟩"),
        ("sep\u{2028}par\u{2029}", "sep⟨U+2028⟩par⟨U+2029⟩"),
        ("tag\u{E0041}", "tag⟨U+E0041⟩"),
        ("Müller ▀▄█ 東京 ␛ Ω", "Müller ▀▄█ 東京 ␛ Ω"),
    ])
    func unsafeScalarsAreShownVisibly(input: String, shown: String) {
        #expect(TerminalSafeText.make(input) == shown)
        #expect(input.terminalSafe == shown)
        #expect(!shown.unicodeScalars.contains(where: TerminalSafeText.isUnsafe))
    }

    @Test func lineBreaksCanBeKept() {
        #expect(TerminalSafeText.make("a\nb\u{1B}", keepingLineBreaks: true) == "a\nb␛")
        #expect(TerminalSafeText.make("a\r\nb", keepingLineBreaks: true) == "a␍\nb")
    }

    @Test func aCellGlyphIsOneScalar() {
        #expect(TerminalSafeText.cellGlyph("\u{1B}") == "␛")
        #expect(TerminalSafeText.cellGlyph("\u{7F}") == "␡")
        #expect(TerminalSafeText.cellGlyph("\u{9B}") == "\u{FFFD}")
        #expect(TerminalSafeText.cellGlyph("\u{202E}") == "\u{FFFD}")
        #expect(TerminalSafeText.cellGlyph("▀") == "▀")
    }

    @Test func jsonEscapingKeepsTheDocumentAndItsStrings() throws {
        let strings = ["\u{1B}]52;c;aGk=\u{07}", "x\u{9B}y", "L\u{202E}R", "zw\u{200B}", "plain", "emoji 🙂", "tag\u{E0041}"]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: strings), as: UTF8.self)
        let escaped = TerminalSafeText.jsonEscaped(json)
        #expect(!escaped.unicodeScalars.contains { TerminalSafeText.isUnsafe($0) })
        #expect(escaped.contains("\\u202e") && escaped.contains("\\u009b") && escaped.contains("\\udb40\\udc41"))
        let back = try JSONSerialization.jsonObject(with: Data(escaped.utf8)) as? [String]
        #expect(back == strings)
    }
}
