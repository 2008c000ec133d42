import Testing
@testable import Rendering

@Suite struct ColorModeTests {
    @Test(arguments: [
        (["COLORTERM": "truecolor", "TERM": "xterm"], nil as Int?, ColorMode.truecolor),
        (["COLORTERM": "24bit"], 8, .truecolor),
        (["TERM": "xterm-256color"], 256, .palette256),
        (["TERM": "xterm-256color"], nil, .palette256),
        (["TERM": "xterm"], 8, .ansi16),
        (["TERM": "linux"], 16, .ansi16),
        (["TERM": "vt100"], 2, .mono),
        (["TERM": "dumb"], nil, .mono),
        (["TERM": "xterm-direct"], 16_777_216, .truecolor),
        (["TERM": "xterm-direct"], nil, .truecolor),
        ([:], nil, .mono),
        (["TERM": "xterm-256color", "NO_COLOR": "1", "COLORTERM": "truecolor"], 256, .mono),
    ])
    func detection(environment: [String: String], colors: Int?, expected: ColorMode) {
        #expect(ColorMode.detect(environment: environment, terminfoColors: colors) == expected)
    }

    @Test func parsesTheColorOption() {
        #expect(ColorMode(argument: "truecolor") == .truecolor)
        #expect(ColorMode(argument: "256") == .palette256)
        #expect(ColorMode(argument: "16") == .ansi16)
        #expect(ColorMode(argument: "mono") == .mono)
        #expect(ColorMode(argument: "lots") == nil)
    }
}

@Suite struct PaletteQuantisationTests {
    static let greys256: Set<UInt8> = Set((0..<24).map { UInt8(8 + 10 * $0) } + [0, 95, 135, 175, 215, 255])

    @Test func greysWithoutDitheringTakeTheNearestPaletteGrey() {
        for g in 0...255 {
            let q = TerminalPalette.quantise256(RGB(grey: UInt8(g)), x: 0, y: 0, dithering: false)
            #expect(q.r == q.g && q.g == q.b)
            #expect(Self.greys256.contains(q.r))
            let best = Self.greys256.map { abs(Int($0) - g) }.min()!
            #expect(abs(Int(q.r) - g) == best)
        }
    }

    @Test func ditheredGreysAverageToTheInputOverABayerTile() {
        for g in stride(from: 0, through: 255, by: 3) {
            var sum = 0
            for y in 0..<4 { for x in 0..<4 {
                let q = TerminalPalette.quantise256(RGB(grey: UInt8(g)), x: x, y: y, dithering: true)
                #expect(Self.greys256.contains(q.r))
                sum += Int(q.r)
            } }
            #expect(abs(Double(sum) / 16 - Double(g)) <= 1.5, "grey \(g) averages to \(Double(sum) / 16)")
        }
    }

    @Test func aGradientIn256ColoursDoesNotBand() {
        // 64 steps from 40 to 103: every 4 × 4 tile's mean follows the input within 1.5.
        let widths = (0..<64).map { 40 + $0 }
        let means = widths.map { g in
            (0..<16).map { Int(TerminalPalette.quantise256(RGB(grey: UInt8(g)), x: $0 % 4, y: $0 / 4, dithering: true).r) }
                .reduce(0, +)
        }
        for (g, m) in zip(widths, means) { #expect(abs(Double(m) / 16 - Double(g)) <= 1.5) }
        #expect(Set(means).count > 55)
    }

    @Test func coloursGoToTheCubeAndBack() {
        for (i, c) in TerminalPalette.colors256.enumerated() where i >= 16 {
            let index = Int(TerminalPalette.index256(c))
            #expect(TerminalPalette.colors256[index] == c)
        }
        #expect(TerminalPalette.index256(RGB(250, 10, 10)) == 196)
        #expect(TerminalPalette.index256(RGB(grey: 8)) == 232)
    }

    @Test func sixteenColourGreysDitherBetweenTheFourGreys() {
        let levels: Set<UInt8> = [0, 127, 229, 255]
        for g in stride(from: 0, through: 255, by: 5) {
            var sum = 0
            for n in 0..<16 {
                let q = TerminalPalette.quantise16(RGB(grey: UInt8(g)), x: n % 4, y: n / 4, dithering: true)
                #expect(levels.contains(q.r))
                sum += Int(q.r)
            }
            #expect(abs(Double(sum) / 16 - Double(g)) <= 8)
        }
        #expect(TerminalPalette.index16(RGB(250, 0, 0)) == 9)
        #expect(TerminalPalette.ansi16[Int(TerminalPalette.index16(RGB(0, 0, 230)))] == RGB(0, 0, 238))
    }

    @Test func monoShadesFollowBrightness() {
        var canvas = PixelCanvas(width: 5, height: 2)
        for x in 0..<5 {
            canvas[x, 0] = RGB(grey: UInt8(min(x * 64, 255)))
            canvas[x, 1] = RGB(grey: UInt8(min(x * 64, 255)))
        }
        var grid = CellGrid(columns: 5, rows: 1)
        CellPacker.pack(canvas, into: &grid, pane: grid.bounds, mode: .mono, dithering: false)
        #expect(grid.cells.map(\.glyph) == [" ", "\u{2591}", "\u{2592}", "\u{2593}", "\u{2588}"])
    }
}
