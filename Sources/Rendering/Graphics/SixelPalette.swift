/// The colour registers of one sixel image and the register of every pixel.
///
/// Sixel defines a register's colour in percent (`#n;2;r;g;b`, 0–100 a channel), so a grey
/// can only be one of 101 levels: `percent(v) = ⌊v · 100 / 255 + ½⌋`, shown back as
/// `⌊p · 255 / 100 + ½⌋` (libsixel's and xterm's rule). An image with at most 256 colours
/// after that rounding (every grey image, a grey image with a few overlay colours) is encoded
/// exactly. Otherwise the grey pixels keep their exact grey registers and the coloured ones
/// share the remaining registers by median cut over a 5-bit-a-channel histogram (each box
/// shown as the mean colour of its pixels).
public struct SixelPalette: Sendable, Equatable {
    /// Register colours in percent, red, green, blue.
    public var colors: [SIMD3<UInt8>]
    /// Register of each pixel, row-major.
    public var indices: [UInt8]

    public static let registers = 256

    @inline(__always)
    public static func percent(_ v: UInt8) -> UInt8 { UInt8((Int(v) * 100 + 127) / 255) }

    /// The 8-bit value a terminal shows for a register channel of `p` percent.
    @inline(__always)
    public static func shown(_ p: UInt8) -> UInt8 { UInt8((Int(p) * 255 + 50) / 100) }

    public init(_ canvas: PixelCanvas) {
        let pixels = canvas.pixels
        var indices = [UInt8](repeating: 0, count: pixels.count)
        // Exact: each distinct percent colour its own register, while there are few enough.
        var registerOf: [UInt32: UInt8] = [:]
        var colors: [SIMD3<UInt8>] = []
        var exact = true
        pixels.withUnsafeBufferPointer { px in
            var lastKey = UInt32.max, lastRegister: UInt8 = 0
            for i in 0..<px.count {
                let p = px[i]
                let key = UInt32(Self.percent(p.r)) << 16 | UInt32(Self.percent(p.g)) << 8 | UInt32(Self.percent(p.b))
                if key == lastKey { indices[i] = lastRegister; continue }
                if let r = registerOf[key] {
                    lastKey = key; lastRegister = r; indices[i] = r; continue
                }
                guard colors.count < Self.registers else { exact = false; return }
                let r = UInt8(colors.count)
                registerOf[key] = r
                colors.append(SIMD3(UInt8(key >> 16), UInt8((key >> 8) & 0xFF), UInt8(key & 0xFF)))
                lastKey = key; lastRegister = r; indices[i] = r
            }
        }
        if exact {
            self.colors = colors
            self.indices = indices
            return
        }
        self = Self.quantised(pixels)
    }

    /// Greys exact, colours by median cut.
    private static func quantised(_ pixels: [RGB]) -> SixelPalette {
        var greyRegister = [Int16](repeating: -1, count: 101)
        var colors: [SIMD3<UInt8>] = []
        var histogram = [Int32](repeating: 0, count: 1 << 15)
        var sums = [SIMD3<Int64>](repeating: .zero, count: 1 << 15)
        for p in pixels {
            if p.r == p.g && p.g == p.b {
                let g = Int(percent(p.r))
                if greyRegister[g] < 0 { greyRegister[g] = Int16(colors.count); colors.append(SIMD3(repeating: UInt8(g))) }
            } else {
                let bin = Int(p.r >> 3) << 10 | Int(p.g >> 3) << 5 | Int(p.b >> 3)
                histogram[bin] += 1
                sums[bin] &+= SIMD3(Int64(p.r), Int64(p.g), Int64(p.b))
            }
        }
        var bins = (0..<(1 << 15)).filter { histogram[$0] > 0 }
        let boxes = MedianCut.boxes(&bins, counts: histogram, count: registers - colors.count)
        var registerOfBin = [UInt8](repeating: 0, count: 1 << 15)
        for box in boxes {
            var total = SIMD3<Int64>.zero, n: Int64 = 0
            for bin in bins[box] { total &+= sums[bin]; n += Int64(histogram[bin]) }
            let mean = total / SIMD3(repeating: max(n, 1))
            let register = UInt8(colors.count)
            colors.append(SIMD3(percent(UInt8(mean.x)), percent(UInt8(mean.y)), percent(UInt8(mean.z))))
            for bin in bins[box] { registerOfBin[bin] = register }
        }
        var indices = [UInt8](repeating: 0, count: pixels.count)
        for (i, p) in pixels.enumerated() {
            if p.r == p.g && p.g == p.b {
                indices[i] = UInt8(greyRegister[Int(percent(p.r))])
            } else {
                indices[i] = registerOfBin[Int(p.r >> 3) << 10 | Int(p.g >> 3) << 5 | Int(p.b >> 3)]
            }
        }
        return SixelPalette(colors: colors, indices: indices)
    }

    init(colors: [SIMD3<UInt8>], indices: [UInt8]) {
        self.colors = colors
        self.indices = indices
    }
}

/// Heckbert's median cut over histogram bins of 5 bits a channel (`r << 10 | g << 5 | b`).
enum MedianCut {
    /// Splits `bins` (reordered in place) into at most `count` boxes, ranges of `bins`:
    /// always the box with the widest channel extent, at the pixel-weighted median of that
    /// channel.
    static func boxes(_ bins: inout [Int], counts: [Int32], count: Int) -> [Range<Int>] {
        guard !bins.isEmpty, count > 0 else { return [] }
        func channel(_ bin: Int, _ c: Int) -> Int { (bin >> (10 - 5 * c)) & 31 }
        func widest(_ box: Range<Int>) -> (channel: Int, extent: Int) {
            var best = (channel: 0, extent: -1)
            for c in 0..<3 {
                var lo = 31, hi = 0
                for bin in bins[box] { let v = channel(bin, c); lo = min(lo, v); hi = max(hi, v) }
                if hi - lo > best.extent { best = (c, hi - lo) }
            }
            return best
        }
        var boxes: [(range: Range<Int>, channel: Int, extent: Int)] = []
        let all = 0..<bins.count
        let w = widest(all)
        boxes.append((all, w.channel, w.extent))
        while boxes.count < count {
            guard let pick = boxes.indices.filter({ boxes[$0].range.count > 1 && boxes[$0].extent > 0 })
                .max(by: { boxes[$0].extent < boxes[$1].extent }) else { break }
            let box = boxes[pick]
            let c = box.channel
            bins[box.range].sort { channel($0, c) < channel($1, c) }
            let total = bins[box.range].reduce(0) { $0 + Int(counts[$1]) }
            var running = 0, split = box.range.lowerBound + 1
            for i in box.range {
                running += Int(counts[bins[i]])
                if running * 2 >= total { split = i + 1; break }
            }
            split = min(max(split, box.range.lowerBound + 1), box.range.upperBound - 1)
            let lower = box.range.lowerBound..<split, upper = split..<box.range.upperBound
            let wl = widest(lower), wu = widest(upper)
            boxes[pick] = (lower, wl.channel, wl.extent)
            boxes.append((upper, wu.channel, wu.extent))
        }
        return boxes.map(\.range)
    }
}
