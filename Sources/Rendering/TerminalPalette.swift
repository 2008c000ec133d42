/// The xterm 256-colour and 16-colour palettes: quantisation of pixels onto them (optionally
/// with ordered dithering) and the palette index of a colour for the encoder.
///
/// Quantised pixels keep the palette's exact RGB, so a cell grid stays a grid of colours and
/// the encoder's `index256`/`index16` of a quantised colour is exact.
public enum TerminalPalette {
    /// The six channel levels of the 6×6×6 cube (indices 16…231).
    public static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    /// RGB of palette entry 0…255 (the xterm defaults).
    public static let colors256: [RGB] = {
        var list = ansi16
        for r in 0..<6 { for g in 0..<6 { for b in 0..<6 {
            list.append(RGB(cubeLevels[r], cubeLevels[g], cubeLevels[b]))
        } } }
        for i in 0..<24 { list.append(RGB(grey: UInt8(8 + 10 * i))) }
        return list
    }()

    /// The 16 ANSI colours as xterm shows them by default.
    public static let ansi16: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0),
        RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205), RGB(229, 229, 229),
        RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0),
        RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
    ]

    /// Every grey the 256-colour palette can show (the 24-step ramp plus the cube's six greys),
    /// ascending, with its palette index.
    static let greys256: [(level: UInt8, index: UInt8)] = {
        var list: [(UInt8, UInt8)] = (0..<6).map { (cubeLevels[$0], UInt8(16 + 43 * $0)) }
        list += (0..<24).map { (UInt8(8 + 10 * $0), UInt8(232 + $0)) }
        return list.sorted { $0.0 < $1.0 }
    }()

    /// The four greys of the 16-colour palette (black, bright black, white, bright white).
    static let greys16: [(level: UInt8, index: UInt8)] = [(0, 0), (127, 8), (229, 7), (255, 15)]

    /// For each grey 0…255, the palette greys below and above it and how far along it is (0…255).
    struct GreyBrackets: Sendable {
        var lower = [UInt8](repeating: 0, count: 256)
        var upper = [UInt8](repeating: 0, count: 256)
        var fraction = [UInt8](repeating: 0, count: 256)
        var nearest = [UInt8](repeating: 0, count: 256)
        var nearestIndex = [UInt8](repeating: 0, count: 256)

        init(_ levels: [(level: UInt8, index: UInt8)]) {
            for g in 0..<256 {
                var a = 0
                while a + 1 < levels.count && Int(levels[a + 1].level) <= g { a += 1 }
                let b = min(a + 1, levels.count - 1)
                let lo = Int(levels[a].level), hi = Int(levels[b].level)
                lower[g] = UInt8(lo)
                upper[g] = UInt8(hi)
                fraction[g] = hi > lo ? UInt8((g - lo) * 255 / (hi - lo)) : 0
                let pick = (hi > lo && g - lo > hi - g) ? b : a
                nearest[g] = levels[pick].level
                nearestIndex[g] = levels[pick].index
            }
        }

        @inline(__always)
        func quantise(_ g: UInt8, threshold: UInt8) -> UInt8 {
            let i = Int(g)
            return fraction[i] > threshold ? upper[i] : lower[i]
        }
    }

    static let brackets256 = GreyBrackets(greys256)
    static let brackets16 = GreyBrackets(greys16)
    static let cubeBrackets = GreyBrackets((0..<6).map { (cubeLevels[$0], UInt8($0)) })

    /// 4×4 Bayer thresholds scaled to 0…255 (strictly between 0 and 255, so flat palette
    /// colours never dither).
    static let bayer4: [UInt8] = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5].map { UInt8($0 * 16 + 8) }

    @inline(__always)
    static func threshold(x: Int, y: Int, dithering: Bool) -> UInt8 {
        dithering ? bayer4[(y & 3) << 2 | (x & 3)] : 127
    }

    /// A pixel quantised onto the 256-colour palette; greys onto the 30 greys it has.
    @inline(__always)
    public static func quantise256(_ c: RGB, x: Int, y: Int, dithering: Bool) -> RGB {
        let t = threshold(x: x, y: y, dithering: dithering)
        if c.r == c.g && c.g == c.b {
            let g = dithering ? brackets256.quantise(c.r, threshold: t) : brackets256.nearest[Int(c.r)]
            return RGB(grey: g)
        }
        if !dithering { return colors256[Int(index256(c))] }
        return RGB(cubeBrackets.quantise(c.r, threshold: t), cubeBrackets.quantise(c.g, threshold: t),
                   cubeBrackets.quantise(c.b, threshold: t))
    }

    /// A pixel quantised onto the 16 ANSI colours; greys dither between the four greys.
    @inline(__always)
    public static func quantise16(_ c: RGB, x: Int, y: Int, dithering: Bool) -> RGB {
        if c.r == c.g && c.g == c.b {
            let t = threshold(x: x, y: y, dithering: dithering)
            return RGB(grey: dithering ? brackets16.quantise(c.r, threshold: t) : brackets16.nearest[Int(c.r)])
        }
        return ansi16[Int(index16(c))]
    }

    @inline(__always)
    static func cubeIndex(_ v: UInt8) -> Int {
        v < 48 ? 0 : v < 115 ? 1 : (Int(v) - 35) / 40
    }

    /// The nearest of palette entries 16…255 (the cube and the grey ramp; the first 16 are
    /// left out because terminals redefine them).
    @inline(__always)
    public static func index256(_ c: RGB) -> UInt8 {
        if c.r == c.g && c.g == c.b { return brackets256.nearestIndex[Int(c.r)] }
        let ri = cubeIndex(c.r), gi = cubeIndex(c.g), bi = cubeIndex(c.b)
        let cube = RGB(cubeLevels[ri], cubeLevels[gi], cubeLevels[bi])
        let mean = (Int(c.r) + Int(c.g) + Int(c.b)) / 3
        let greyIndex = brackets256.nearestIndex[mean]
        let grey = colors256[Int(greyIndex)]
        return distance(c, grey) < distance(c, cube) ? greyIndex : UInt8(16 + 36 * ri + 6 * gi + bi)
    }

    /// The nearest of the 16 ANSI colours.
    public static func index16(_ c: RGB) -> UInt8 {
        var best = 0, bestDistance = Int.max
        for (i, p) in ansi16.enumerated() {
            let d = distance(c, p)
            if d < bestDistance { best = i; bestDistance = d }
        }
        return UInt8(best)
    }

    @inline(__always)
    static func distance(_ a: RGB, _ b: RGB) -> Int {
        let dr = Int(a.r) - Int(b.r), dg = Int(a.g) - Int(b.g), db = Int(a.b) - Int(b.b)
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }

    /// Perceived brightness 0…255 (Rec. 601 weights).
    @inline(__always)
    public static func luminance(_ c: RGB) -> Int {
        (299 * Int(c.r) + 587 * Int(c.g) + 114 * Int(c.b) + 500) / 1000
    }
}
