/// The screen pixels of one pane (`width × height`, two per cell vertically), row-major, with the
/// drawing operations overlays need. Writes outside the canvas are ignored.
public struct PixelCanvas: Sendable, Equatable {
    public private(set) var width: Int
    public private(set) var height: Int
    public var pixels: [RGB]

    public init(width: Int = 0, height: Int = 0, fill: RGB = .black) {
        self.width = max(width, 0)
        self.height = max(height, 0)
        self.pixels = Array(repeating: fill, count: self.width * self.height)
    }

    /// Resizes, reusing the storage.
    mutating func reset(width w: Int, height h: Int, fill: RGB) {
        width = max(w, 0)
        height = max(h, 0)
        let n = width * height
        if pixels.count == n {
            for i in 0..<n { pixels[i] = fill }
        } else {
            pixels.removeAll(keepingCapacity: true)
            pixels.append(contentsOf: repeatElement(fill, count: n))
        }
    }

    public subscript(x: Int, y: Int) -> RGB {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }

    @inline(__always)
    public func contains(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    public mutating func plot(_ x: Int, _ y: Int, _ color: RGB, opacity: Double = 1) {
        guard contains(x, y) else { return }
        if opacity >= 1 { pixels[y * width + x] = color; return }
        let old = pixels[y * width + x]
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) * (1 - opacity) + Double(b) * opacity).rounded())
        }
        pixels[y * width + x] = RGB(mix(old.r, color.r), mix(old.g, color.g), mix(old.b, color.b))
    }

    /// A line between two continuous screen positions, one pixel wide (`thickness` 2 adds the
    /// pixels to the right and below).
    public mutating func line(from a: SIMD2<Double>, to b: SIMD2<Double>, _ color: RGB, thickness: Int = 1, opacity: Double = 1) {
        let d = b - a
        let length = max(abs(d.x), abs(d.y))
        guard length.isFinite, length < 65536 else { return }
        let steps = Int(length.rounded(.up))
        var lastX = Int.min, lastY = Int.min
        for s in 0...max(steps, 0) {
            let t = steps == 0 ? 0 : Double(s) / Double(steps)
            let p = a + d * t
            let x = pixelFloor(p.x), y = pixelFloor(p.y)
            if x == lastX && y == lastY { continue }
            lastX = x; lastY = y
            for dy in 0..<thickness { for dx in 0..<thickness { plot(x + dx, y + dy, color, opacity: opacity) } }
        }
    }

    /// Horizontal run of pixels x0…x1 on row y.
    public mutating func span(_ x0: Int, _ x1: Int, y: Int, _ color: RGB, opacity: Double = 1) {
        guard y >= 0, y < height else { return }
        let a = max(min(x0, x1), 0), b = min(max(x0, x1), width - 1)
        guard a <= b else { return }
        for x in a...b { plot(x, y, color, opacity: opacity) }
    }

    /// Vertical run of pixels y0…y1 in column x.
    public mutating func column(_ y0: Int, _ y1: Int, x: Int, _ color: RGB, opacity: Double = 1) {
        guard x >= 0, x < width else { return }
        let a = max(min(y0, y1), 0), b = min(max(y0, y1), height - 1)
        guard a <= b else { return }
        for y in a...b { plot(x, y, color, opacity: opacity) }
    }
}

/// A continuous screen coordinate as a pixel index, for any Double: NaN and far-off values
/// land outside every canvas instead of trapping in the conversion.
@inline(__always)
func pixelFloor(_ v: Double) -> Int {
    v.isNaN ? -(1 << 40) : Int(min(max(v, -1e12), 1e12).rounded(.down))
}

@inline(__always)
func pixelCeil(_ v: Double) -> Int {
    v.isNaN ? -(1 << 40) : Int(min(max(v, -1e12), 1e12).rounded(.up))
}
