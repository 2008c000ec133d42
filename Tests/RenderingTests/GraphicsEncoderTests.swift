import Foundation
@testable import Rendering
import Testing

/// The sixel and kitty encoders on small pictures whose bytes can be worked out by hand, and a
/// sixel reader written here from the DEC VT330/340 manual's description (not from our
/// encoder) for larger ones. Real decoders check the command's output in RenderGraphicsTests.
@Suite struct GraphicsEncoderTests {
    static func canvas(_ width: Int, _ height: Int, _ color: (Int, Int) -> RGB) -> PixelCanvas {
        var c = PixelCanvas(width: width, height: height)
        for y in 0..<height { for x in 0..<width { c[x, y] = color(x, y) } }
        return c
    }

    @Test func aTwoColourImageInOneBand() {
        // Row 0 black, row 1 white, 5 columns: register 0 black in the top row (bit 0 → "@"),
        // register 1 white in the second row (bit 1 → "A"), five columns as runs.
        let c = Self.canvas(5, 2) { _, y in y == 0 ? .black : .white }
        var out: [UInt8] = []
        SixelEncoder().encode(c, into: &out)
        #expect(String(decoding: out, as: UTF8.self)
            == "\u{1B}P0;1;0q\"1;1;5;2#0;2;0;0;0#1;2;100;100;100#0!5@$#1!5A\u{1B}\\")
    }

    @Test func runsShorterThanFourAreWrittenOut() {
        // Columns 0–2 grey, 3 white: "???" would be as long as "!3?", and leading empty columns
        // before a colour's first pixel are a run of "?".
        let c = Self.canvas(4, 1) { x, _ in x < 3 ? RGB(grey: 128) : .white }
        var out: [UInt8] = []
        SixelEncoder().encode(c, into: &out)
        #expect(String(decoding: out, as: UTF8.self)
            == "\u{1B}P0;1;0q\"1;1;4;1#0;2;50;50;50#1;2;100;100;100#0@@@$#1???@\u{1B}\\")
    }

    @Test func bandsOfSixRowsAreSeparatedByDashes() {
        let c = Self.canvas(1, 13) { _, _ in .white }
        var out: [UInt8] = []
        SixelEncoder().encode(c, into: &out)
        // 13 rows: two full bands (all six bits, "~") and one of a single row ("@").
        #expect(String(decoding: out, as: UTF8.self).hasSuffix("#0;2;100;100;100#0~-#0~-#0@\u{1B}\\"))
    }

    @Test func everyGreyIsItsPercentRegister() {
        // 256 greys fall on 101 percent levels; each pixel's register shows the grey rounded.
        let c = Self.canvas(256, 3) { x, _ in RGB(grey: UInt8(x)) }
        let palette = SixelPalette(c)
        #expect(palette.colors.count == 101)
        for x in 0..<256 {
            let p = palette.colors[Int(palette.indices[x])]
            #expect(p == SIMD3(repeating: UInt8((x * 100 + 127) / 255)))
            #expect(abs(Int(SixelPalette.shown(p.x)) - x) <= 2)
        }
        var out: [UInt8] = []
        SixelEncoder().encode(c, into: &out)
        let decoded = SixelReader.decode(out)
        #expect(decoded?.width == 256 && decoded?.height == 3)
        #expect(decoded?.pixels == c.pixels.map { g in RGB(grey: SixelPalette.shown(SixelPalette.percent(g.r))) })
    }

    @Test func aColourPhotographIsCutToTwoHundredFiftySixRegisters() {
        // 4096 colours and a grey ramp: greys keep their exact registers, colours share the rest.
        let c = Self.canvas(64, 80) { x, y in
            y < 64 ? RGB(UInt8(x * 4), UInt8(y * 4), UInt8((x ^ y) * 4 & 0xFF)) : RGB(grey: UInt8(x * 4))
        }
        let palette = SixelPalette(c)
        #expect(palette.colors.count <= 256)
        #expect(palette.colors.count > 200)
        var worst = 0
        for (i, p) in c.pixels.enumerated() {
            let r = palette.colors[Int(palette.indices[i])]
            let shown = SIMD3(Int(SixelPalette.shown(r.x)), Int(SixelPalette.shown(r.y)), Int(SixelPalette.shown(r.z)))
            if p.r == p.g && p.g == p.b {
                #expect(shown == SIMD3(repeating: Int(SixelPalette.shown(SixelPalette.percent(p.r)))))
            } else {
                worst = max(worst, abs(shown.x - Int(p.r)), abs(shown.y - Int(p.g)), abs(shown.z - Int(p.b)))
            }
        }
        // 155 boxes over 4096 colours spread evenly: about 16 levels a channel apart at worst.
        #expect(worst <= 40, "worst channel error \(worst)")
        var out: [UInt8] = []
        SixelEncoder().encode(c, into: &out)
        #expect(SixelReader.decode(out)?.pixels.count == c.pixels.count)
    }

    @Test func kittyChunksThePayloadAndPutsTheKeysFirst() throws {
        let c = Self.canvas(40, 30) { x, y in RGB(UInt8(x), UInt8(y), 7) }
        var out: [UInt8] = []
        KittyGraphicsEncoder.encode(c, id: 5, cells: (columns: 8, rows: 3), compressed: false, into: &out)
        let text = String(decoding: out, as: UTF8.self)
        let strings = text.components(separatedBy: "\u{1B}\\").filter { !$0.isEmpty }
        // 40 × 30 × 3 = 3600 bytes → 4800 base64 characters: two chunks.
        #expect(strings.count == 2)
        #expect(strings[0].hasPrefix("\u{1B}_Ga=T,f=24,s=40,v=30,i=5,p=1,c=8,r=3,C=1,z=-1,q=2,m=1;"))
        #expect(strings[1].hasPrefix("\u{1B}_Gm=0;"))
        let payload = strings.map { String($0[$0.index(after: $0.firstIndex(of: ";")!)...]) }
        #expect(payload[0].count == 4096)
        let rgb = try #require(Data(base64Encoded: payload.joined()))
        #expect(Array(rgb) == c.pixels.flatMap { [$0.r, $0.g, $0.b] })
    }

    @Test func compressedKittyFramesSayOEqualsZAndAreSmaller() {
        let c = Self.canvas(64, 64) { x, _ in RGB(grey: UInt8(x / 8)) }
        var raw: [UInt8] = [], packed: [UInt8] = []
        KittyGraphicsEncoder.encode(c, id: 1, compressed: false, into: &raw)
        KittyGraphicsEncoder.encode(c, id: 1, into: &packed)
        let text = String(decoding: packed, as: UTF8.self)
        #expect(text.hasPrefix("\u{1B}_Ga=T,f=24,s=64,v=64,o=z,i=1,p=1,"))
        #expect(packed.count * 10 < raw.count)
        // The stream itself is checked by Python's zlib in RenderGraphicsTests; its checksum here.
        #expect(ZlibStream.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(ZlibStream.adler32([UInt8](repeating: 255, count: 100_000)) == Self.slowAdler([UInt8](repeating: 255, count: 100_000)))
    }

    static func slowAdler(_ data: [UInt8]) -> UInt32 {
        var a: UInt64 = 1, b: UInt64 = 0
        for byte in data { a = (a + UInt64(byte)) % 65521; b = (b + a) % 65521 }
        return UInt32(b << 16 | a)
    }

    @Test func kittyDeletesByImageId() {
        var out: [UInt8] = []
        KittyGraphicsEncoder.delete(id: 3, into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "\u{1B}_Ga=d,d=I,i=3,q=2\u{1B}\\")
    }

    @Test(arguments: [
        (["TERM": "xterm-kitty"], GraphicsProtocol.kitty),
        (["TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"], .kitty),
        (["TERM": "xterm-256color", "KITTY_WINDOW_ID": "1"], .kitty),
        (["TERM": "foot"], .sixel),
        (["TERM": "xterm-256color", "WT_SESSION": "x"], .sixel),
        (["TERM": "xterm-256color"], GraphicsProtocol.none),
        (["TERM": "xterm-kitty", "TMUX": "/tmp/tmux-1/default,2,0"], GraphicsProtocol.none),
        (["TERM": "screen-256color", "TERM_PROGRAM": "WezTerm"], GraphicsProtocol.none),
        (["TERM": "foot", "STY": "1.pts-0"], GraphicsProtocol.none),
    ])
    func autoFollowsTheEnvironment(_ environment: [String: String], _ expected: GraphicsProtocol) {
        #expect(GraphicsEnvironment.choose(.auto, environment: environment) == expected)
    }

    @Test func aNamedProtocolIsTakenEvenInsideTmux() {
        #expect(GraphicsEnvironment.choose(.sixel, environment: ["TMUX": "x", "TERM": "tmux-256color"]) == .sixel)
        #expect(GraphicsChoice(argument: "KITTY") == .kitty)
        #expect(GraphicsChoice(argument: "iterm") == nil)
    }
}

/// A sixel reader for tests, from the VT330/340 manual: `"Pan;Pad;Ph;Pv` raster attributes,
/// `#Pc;2;Pr;Pg;Pb` colour definitions in percent, `#Pc` colour selection, `!Pn` repeats,
/// `$` carriage return, `-` next band, data characters `?`…`~` six pixels a column.
enum SixelReader {
    static func decode(_ bytes: [UInt8]) -> (width: Int, height: Int, pixels: [RGB])? {
        guard bytes.count > 4, bytes[0] == 0x1B, bytes[1] == 0x50, let q = bytes.firstIndex(of: 0x71) else { return nil }
        var i = q + 1, width = 0, height = 0
        var registers: [Int: RGB] = [:]
        var pixels: [RGB] = []
        var x = 0, band = 0, color = RGB.black, repeatCount = 1
        func number() -> Int {
            var n = 0
            while i < bytes.count, (0x30...0x39).contains(bytes[i]) { n = n * 10 + Int(bytes[i] - 0x30); i += 1 }
            return n
        }
        func numbers() -> [Int] {
            var list = [number()]
            while i < bytes.count, bytes[i] == 0x3B { i += 1; list.append(number()) }
            return list
        }
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case 0x22:
                i += 1
                let r = numbers()
                guard r.count == 4 else { return nil }
                width = r[2]; height = r[3]
                pixels = Array(repeating: .black, count: width * height)
            case 0x23:
                i += 1
                let r = numbers()
                func shown(_ p: Int) -> UInt8 { UInt8((p * 255 + 50) / 100) }
                if r.count == 5 { registers[r[0]] = RGB(shown(r[2]), shown(r[3]), shown(r[4])) }
                color = registers[r[0]] ?? .black
            case 0x21:
                i += 1
                repeatCount = number()
            case 0x24: x = 0; i += 1
            case 0x2D: x = 0; band += 1; i += 1
            case 0x3F...0x7E:
                let bits = Int(b - 0x3F)
                for _ in 0..<repeatCount {
                    for dy in 0..<6 where bits & (1 << dy) != 0 {
                        let y = band * 6 + dy
                        if x < width, y < height { pixels[y * width + x] = color }
                    }
                    x += 1
                }
                repeatCount = 1
                i += 1
            case 0x1B:
                return (width, height, pixels)
            default:
                i += 1
            }
        }
        return nil
    }
}

/// A viewport drawn at a terminal cell's real pixel size shows the same part of the slice as
/// its half-block viewport, finer.
@Suite struct CellPixelsViewportTests {
    @Test func theSameViewAtFinerPixels() {
        let cells = Viewport(pane: CellRect(column: 3, row: 1, columns: 40, rows: 20), imageWidth: 64, imageHeight: 64,
                             zoom: 1.5, center: SIMD2(20, 30))
        let fine = cells.withCellPixels(SIMD2(9, 18))
        #expect(fine.pixelWidth == 360 && fine.pixelHeight == 360)
        #expect(fine.scale == cells.scale * 9)
        // Every cell shows the same slice pixels in both.
        for (column, row) in [(3, 1), (10, 5), (42, 20), (25, 12)] {
            for lower in [false, true] {
                let a = cells.slicePixel(column: column, row: row, lowerHalf: lower)
                let b = fine.slicePixel(column: column, row: row, lowerHalf: lower)
                #expect(a?.column == b?.column && a?.row == b?.row, "cell (\(column), \(row))")
            }
        }
        let c = fine.cell(sliceColumn: 20, sliceRow: 30)
        #expect(c?.column == cells.cell(sliceColumn: 20, sliceRow: 30)?.column)
        #expect(c?.row == cells.cell(sliceColumn: 20, sliceRow: 30)?.row)
        // Panning by cells moves the view by the same slice distance.
        #expect(fine.panned(columns: 2, rows: 1).center == cells.panned(columns: 2, rows: 1).center)
    }

    @Test func forgettingCellsSendsThemAgain() {
        let encoder = FrameEncoder(mode: .truecolor)
        var grid = CellGrid(columns: 4, rows: 1)
        grid.write("ab", column: 1, row: 0)
        _ = encoder.encode(grid)
        #expect(encoder.encode(grid).isEmpty)
        encoder.forget(CellRect(column: 0, row: 0, columns: 4, rows: 1)) { $0.glyph != " " }
        let again = String(decoding: encoder.encode(grid), as: UTF8.self)
        #expect(again.contains("ab") && !again.contains(" "))
    }
}
