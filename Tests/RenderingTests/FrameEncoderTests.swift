import Testing
import TestSupport
@testable import Rendering

@Suite struct FrameEncoderTests {
    /// A deterministic generator so failures can be replayed.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
    }

    /// A screen of image cells with flat areas and noise, a text line, and some cells that
    /// repeat their neighbours (so the differ's shortcuts get exercised).
    static func grid(columns: Int = 24, rows: Int = 8, seed: UInt64) -> CellGrid {
        var g = Generator(state: seed)
        var grid = CellGrid(columns: columns, rows: rows)
        var last = RGB.black
        for r in 0..<rows {
            for c in 0..<columns {
                let pick = g.next() % 4
                let top = pick == 0 ? last : RGB(grey: g.byte())
                let bottom = pick == 1 ? top : (pick == 2 ? RGB.black : RGB(g.byte(), g.byte(), g.byte()))
                grid[c, r] = Cell(glyph: Cell.upperHalfBlock, foreground: top, background: bottom)
                last = bottom
            }
        }
        grid.write("slice 12/40 W 400 L 40", column: 1, row: rows - 1, foreground: RGB(255, 255, 0), bold: true)
        return grid
    }

    /// What a terminal shows, as (top, bottom) colour pairs for block cells and glyph + colours
    /// for text cells.
    enum Shown: Equatable {
        case block(ANSIScreen.Color?, ANSIScreen.Color?)
        case text(Unicode.Scalar, ANSIScreen.Color?, ANSIScreen.Color?, Bool)
    }

    static func shown(_ screen: ANSIScreen) -> [Shown?] {
        var list: [Shown?] = []
        for r in 0..<screen.rows {
            for c in 0..<screen.columns {
                if let h = screen.halves(column: c, row: r) { list.append(.block(h.top, h.bottom)) }
                else if let cell = screen[c, r] { list.append(.text(cell.glyph, cell.foreground, cell.background, cell.bold)) }
                else { list.append(nil) }
            }
        }
        return list
    }

    static func expected(_ grid: CellGrid, mode: ColorMode) -> [Shown?] {
        func color(_ c: RGB) -> ANSIScreen.Color {
            switch mode {
            case .truecolor, .mono: return ANSIScreen.Color(c.r, c.g, c.b)
            case .palette256: return ANSIScreen.xterm256(Int(TerminalPalette.index256(c)))
            case .ansi16: return ANSIScreen.xterm16[Int(TerminalPalette.index16(c))]
            }
        }
        return grid.cells.map { cell in
            if cell.glyph == Cell.upperHalfBlock { return .block(color(cell.foreground), color(cell.background)) }
            if cell.glyph == " " { return .block(color(cell.background), color(cell.background)) }
            return .text(cell.glyph, color(cell.foreground), color(cell.background), cell.bold)
        }
    }

    /// The first cell where two screens differ, for short failure messages.
    static func firstDifference(_ a: [Shown?], _ b: [Shown?]) -> String? {
        guard a.count == b.count else { return "\(a.count) cells against \(b.count)" }
        guard let i = a.indices.first(where: { a[$0] != b[$0] }) else { return nil }
        return "cell \(i): \(String(describing: a[i])) against \(String(describing: b[i]))"
    }

    @Test(arguments: [ColorMode.truecolor, .palette256, .ansi16])
    func aFullFrameOnAnUnknownScreenReproducesTheGrid(mode: ColorMode) throws {
        let grid = Self.grid(seed: 1)
        let encoder = FrameEncoder(mode: mode)
        var screen = ANSIScreen(columns: grid.columns, rows: grid.rows)
        screen.allowsAutowrap = false
        try screen.feed(encoder.encode(grid))
        #expect(Self.firstDifference(Self.shown(screen), Self.expected(grid, mode: mode)) == nil)
    }

    @Test(arguments: [ColorMode.truecolor, .palette256, .ansi16])
    func aDiffTakesThePreviousFrameToTheNext(mode: ColorMode) throws {
        let encoder = FrameEncoder(mode: mode)
        var screen = ANSIScreen(columns: 24, rows: 8)
        screen.allowsAutowrap = false
        for seed in 1...12 as ClosedRange<UInt64> {
            var grid = Self.grid(seed: seed)
            // Keep most cells of the previous frame so the diff has gaps of every size.
            if let previous = encoder.screen {
                var g = Generator(state: seed)
                for i in grid.cells.indices where g.next() % 3 != 0 { grid.cells[i] = previous.cells[i] }
            }
            try screen.feed(encoder.encode(grid))
            #expect(Self.shown(screen) == Self.expected(grid, mode: mode), "frame \(seed)")
        }
    }

    @Test func anUnchangedFrameCostsNothingAndOneCellCostsLittle() {
        let grid = Self.grid(seed: 5)
        let encoder = FrameEncoder(mode: .truecolor)
        _ = encoder.encode(grid)
        #expect(encoder.encode(grid).isEmpty)
        var next = grid
        next[10, 3] = Cell(glyph: Cell.upperHalfBlock, foreground: RGB(1, 2, 3), background: RGB(4, 5, 6))
        let bytes = encoder.encode(next)
        // CUP to row 4, column 11 (8 bytes) + both colours (≤ 24) + ▀ (3).
        #expect(bytes.count <= 35)
        #expect(bytes.count > 0)
    }

    @Test func sameColoursAreNotRepeatedAndFlatCellsAreSpaces() {
        var grid = CellGrid(columns: 6, rows: 1)
        for c in 0..<6 { grid[c, 0] = Cell(glyph: Cell.upperHalfBlock, foreground: RGB(grey: 40), background: RGB(grey: 40)) }
        let bytes = FrameEncoder(mode: .truecolor).encode(grid)
        // A reset (the pen is unknown), ESC[H, one background, six spaces.
        #expect(String(decoding: bytes, as: UTF8.self) == "\u{1B}[0m\u{1B}[H\u{1B}[48;2;40;40;40m      ")
    }

    @Test func swappedHalvesReuseThePen() {
        var grid = CellGrid(columns: 2, rows: 1)
        grid[0, 0] = Cell(glyph: Cell.upperHalfBlock, foreground: RGB(grey: 10), background: RGB(grey: 20))
        grid[1, 0] = Cell(glyph: Cell.upperHalfBlock, foreground: RGB(grey: 20), background: RGB(grey: 10))
        let text = String(decoding: FrameEncoder(mode: .truecolor).encode(grid), as: UTF8.self)
        #expect(text == "\u{1B}[0m\u{1B}[H\u{1B}[38;2;10;10;10;48;2;20;20;20m\u{2580}\u{2584}")
    }

    @Test func aDraftFrameIsSmallerAndTheExactFrameAfterItCompletesThePicture() throws {
        let encoder = FrameEncoder(mode: .truecolor)
        var screen = ANSIScreen(columns: 24, rows: 8)
        screen.allowsAutowrap = false
        try screen.feed(encoder.encode(Self.grid(seed: 7)))
        let next = Self.grid(seed: 8)
        let plain = FrameEncoder(mode: .truecolor)
        _ = plain.encode(Self.grid(seed: 7))
        let exactBytes = plain.encode(next).count
        let draft = encoder.encode(next, fidelity: .draft)
        #expect(draft.count < exactBytes * 3 / 4)
        try screen.feed(draft)
        try screen.feed(encoder.encode(next, fidelity: .exact))
        #expect(Self.firstDifference(Self.shown(screen), Self.expected(next, mode: .truecolor)) == nil)
    }

    @Test(arguments: [ColorMode.truecolor, .palette256, .ansi16])
    func anyMixOfDraftAndExactFramesEndsExact(mode: ColorMode) throws {
        let encoder = FrameEncoder(mode: mode)
        var screen = ANSIScreen(columns: 24, rows: 8)
        screen.allowsAutowrap = false
        var grid = Self.grid(seed: 100)
        for seed in 101...140 as ClosedRange<UInt64> {
            // Change a few cells at a time so drafts pass over many unchanged ones.
            var g = Generator(state: seed)
            let next = Self.grid(seed: seed)
            for i in grid.cells.indices where g.next() % 5 == 0 { grid.cells[i] = next.cells[i] }
            try screen.feed(encoder.encode(grid, fidelity: seed % 3 == 0 ? .exact : .draft(tolerance: Int(seed % 4) * 3)))
        }
        try screen.feed(encoder.encode(grid, fidelity: .exact))
        #expect(Self.firstDifference(Self.shown(screen), Self.expected(grid, mode: mode)) == nil)
    }

    @Test func invalidateSendsEverythingAgain() throws {
        let grid = Self.grid(seed: 3)
        let encoder = FrameEncoder(mode: .truecolor)
        let first = encoder.encode(grid)
        encoder.invalidate()
        #expect(encoder.encode(grid) == first)
    }

    @Test func monoSendsNoColours() throws {
        var grid = CellGrid(columns: 5, rows: 1)
        for (c, g) in CellPacker.shades.enumerated() { grid[c, 0] = Cell(glyph: g) }
        let text = String(decoding: FrameEncoder(mode: .mono).encode(grid), as: UTF8.self)
        #expect(text == "\u{1B}[0m\u{1B}[H ░▒▓█")
    }

    @Test func monoShowsHighlightsInReverseVideo() throws {
        var grid = CellGrid(columns: 6, rows: 1)
        grid.write("ab", column: 0, row: 0, foreground: .white, background: .black)
        grid.write("cd", column: 2, row: 0, foreground: .black, background: RGB(200, 200, 0), bold: true)
        grid.write("ef", column: 4, row: 0)
        let text = String(decoding: FrameEncoder(mode: .mono).encode(grid), as: UTF8.self)
        #expect(text == "\u{1B}[0m\u{1B}[Hab\u{1B}[1;7mcd\u{1B}[22;27mef")
        var screen = ANSIScreen(columns: 6, rows: 1)
        try screen.feed(Array(text.utf8))
        #expect(screen[2, 0]?.reverse == true && screen[4, 0]?.reverse == false)
    }

    @Test func linesEndEveryRowWithAResetAndANewline() throws {
        let grid = Self.grid(columns: 10, rows: 3, seed: 9)
        let bytes = FrameEncoder.lines(grid, mode: .truecolor)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.components(separatedBy: "\u{1B}[0m\n").count == 4)
        var screen = ANSIScreen(columns: 10, rows: 1, grows: true)
        try screen.feed(bytes)
        #expect(screen.rows == 4)  // the last newline opens an empty row
        #expect(Self.firstDifference(Array(Self.shown(screen).prefix(30)), Self.expected(grid, mode: .truecolor)) == nil)
    }
}

@Suite struct FrameEncoderEdgeTests {
    @Test func emptyGridsEncodeToNothing() {
        let encoder = FrameEncoder(mode: .truecolor)
        #expect(encoder.encode(CellGrid(columns: 0, rows: 5)).isEmpty)
        #expect(encoder.encode(CellGrid(columns: 5, rows: 0)).isEmpty)
        #expect(FrameEncoder.lines(CellGrid(columns: 0, rows: 2), mode: .truecolor) == [0x0A, 0x0A])
    }

    @Test func aResizedGridIsSentInFull() throws {
        let encoder = FrameEncoder(mode: .truecolor)
        _ = encoder.encode(CellGrid(columns: 4, rows: 2))
        var grid = CellGrid(columns: 6, rows: 3)
        grid.write("abc", column: 2, row: 1)
        var screen = ANSIScreen(columns: 6, rows: 3)
        try screen.feed(encoder.encode(grid))
        #expect(screen[2, 1]?.glyph == "a")
        #expect(screen[0, 0] != nil && screen[5, 2] != nil)
    }

    @Test func forgettingTheTerminalStateRepositionsAndRecolours() throws {
        let encoder = FrameEncoder(mode: .truecolor)
        var grid = CellGrid(columns: 4, rows: 2)
        _ = encoder.encode(grid)
        encoder.forgetTerminalState()
        grid.write("x", column: 1, row: 1, foreground: RGB(1, 2, 3))
        let text = String(decoding: encoder.encode(grid), as: UTF8.self)
        #expect(text == "\u{1B}[0m\u{1B}[2;2H\u{1B}[38;2;1;2;3;48;2;0;0;0mx")
    }
}
