/// DEC sixel: a picture as one device control string.
///
/// `ESC P 0;1;0 q` (pixels with no colour set stay as they are) `"1;1;W;H` (square pixels,
/// the image's size), the colour registers `#n;2;r;g;b` in percent (`SixelPalette`), then the
/// image in bands of six rows: per register used in the band, `#n` and one character a column
/// (`?` + the bit mask of the band's rows in that colour, bit 0 the top row), runs of four or
/// more as `!count` and the character, `$` back to the band's start for the next colour, `-`
/// to the next band; `ESC \` ends it. The terminal draws it at the cursor.
///
/// ```swift
/// var out: [UInt8] = []
/// SixelEncoder().encode(canvas, into: &out)
/// ```
///
/// Costs one pass over the pixels to choose registers and one to write the bands; reuses its
/// buffers from frame to frame. Not thread-safe: use one per thread.
public final class SixelEncoder {
    private var masks: [UInt8] = []
    private var firstColumn: [Int] = []
    private var lastColumn: [Int] = []

    public init() {}

    /// Appends the sixel image of `canvas` to `out` (nothing for an empty canvas).
    public func encode(_ canvas: PixelCanvas, into out: inout [UInt8]) {
        let w = canvas.width, h = canvas.height
        guard w > 0, h > 0 else { return }
        let palette = SixelPalette(canvas)
        out.append(contentsOf: [0x1B, 0x50] + Array("0;1;0q\"1;1;\(w);\(h)".utf8))
        for (n, c) in palette.colors.enumerated() {
            out.append(contentsOf: Array("#\(n);2;\(c.x);\(c.y);\(c.z)".utf8))
        }
        let registers = palette.colors.count
        if masks.count != registers * w { masks = [UInt8](repeating: 0, count: registers * w) }
        if firstColumn.count != registers {
            firstColumn = [Int](repeating: Int.max, count: registers)
            lastColumn = [Int](repeating: -1, count: registers)
        }
        var used: [Int] = []
        used.reserveCapacity(registers)
        palette.indices.withUnsafeBufferPointer { index in
            masks.withUnsafeMutableBufferPointer { mask in
                var top = 0
                while top < h {
                    used.removeAll(keepingCapacity: true)
                    for dy in 0..<min(6, h - top) {
                        let bit = UInt8(1) << dy
                        let row = (top + dy) * w
                        for x in 0..<w {
                            let r = Int(index[row + x])
                            if lastColumn[r] < 0 { used.append(r) }
                            mask[r * w + x] |= bit
                            if x < firstColumn[r] { firstColumn[r] = x }
                            if x > lastColumn[r] { lastColumn[r] = x }
                        }
                    }
                    for (k, r) in used.enumerated() {
                        if k > 0 { out.append(0x24) }  // $
                        out.append(0x23)  // #
                        appendNumber(r, to: &out)
                        let first = firstColumn[r], last = lastColumn[r]
                        if first > 0 { appendRun(0x3F, first, to: &out) }
                        var x = first
                        while x <= last {
                            let m = mask[r * w + x]
                            var end = x + 1
                            while end <= last && mask[r * w + end] == m { end += 1 }
                            appendRun(0x3F + m, end - x, to: &out)
                            x = end
                        }
                        for x in first...last { mask[r * w + x] = 0 }
                        firstColumn[r] = Int.max
                        lastColumn[r] = -1
                    }
                    top += 6
                    if top < h { out.append(0x2D) }  // -
                }
            }
        }
        out.append(contentsOf: [0x1B, 0x5C])
    }

    @inline(__always)
    private func appendRun(_ character: UInt8, _ count: Int, to out: inout [UInt8]) {
        if count > 3 {
            out.append(0x21)  // !
            appendNumber(count, to: &out)
            out.append(character)
        } else {
            for _ in 0..<count { out.append(character) }
        }
    }

    @inline(__always)
    private func appendNumber(_ n: Int, to out: inout [UInt8]) {
        if n >= 10 { appendNumber(n / 10, to: &out) }
        out.append(0x30 + UInt8(n % 10))
    }
}
