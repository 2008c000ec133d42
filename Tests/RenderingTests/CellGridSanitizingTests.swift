import Testing
@testable import Rendering

/// All text reaches the screen through `CellGrid.write`; whatever reaches the encoder, no
/// control scalar goes out as a glyph.
@Suite struct CellGridSanitizingTests {
    @Test func writeShowsControlsBidiAndZeroWidthVisibly() {
        var grid = CellGrid(columns: 40, rows: 1)
        grid.write("a\u{1B}]2;t\u{07}\u{202E}b\u{200B}", column: 0, row: 0)
        let row = String(String.UnicodeScalarView((0..<grid.columns).map { grid[$0, 0].glyph }))
        #expect(row.hasPrefix("a␛]2;t␇⟨U+202E⟩b⟨U+200B⟩ "))
    }

    @Test func writeStillClipsAfterAStandIn() {
        var grid = CellGrid(columns: 6, rows: 1)
        grid.write("\u{202E}xyz", column: 0, row: 0)
        #expect(String(String.UnicodeScalarView((0..<6).map { grid[$0, 0].glyph })) == "⟨U+202")
    }

    @Test(arguments: [ColorMode.mono, .truecolor, .palette256, .ansi16])
    func theEncoderNeverSendsAControlGlyph(mode: ColorMode) {
        var grid = CellGrid(columns: 8, rows: 1)
        for (n, glyph) in ["\u{1B}", "\u{07}", "\u{9B}", "\u{9D}", "\u{202E}", "\u{7F}", "\u{0D}", "x"].enumerated() {
            grid[n, 0] = Cell(glyph: Unicode.Scalar(glyph)!, foreground: .white, background: .black)
        }
        for bytes in [FrameEncoder.lines(grid, mode: mode), FrameEncoder(mode: mode).encode(grid, fidelity: .exact)] {
            let text = String(decoding: bytes, as: UTF8.self)
            // Remove the encoder's own CSI sequences; nothing else may be a control.
            let withoutCSI = text.replacingOccurrences(of: "\u{1B}\\[[0-9;?]*[A-Za-z]", with: "", options: .regularExpression)
            #expect(!withoutCSI.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0 == "\u{202E}" },
                    "\(Array(withoutCSI.unicodeScalars).map { $0.value })")
            #expect(withoutCSI.contains("␛␇\u{FFFD}\u{FFFD}\u{FFFD}␡␍x"))
        }
    }
}
