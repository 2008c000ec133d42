import VolumeKit

/// A label map drawn over a slice: each label in its colour, blended with the image at
/// `opacity`, or only its outline (the labelled pixels with a neighbour of another label).
public struct LabelLayer: Sendable {
    public var map: LabelMap
    /// Colour of each label value (index = value); nil, or an index past the end, hides it.
    public var colors: [RGB?]
    public var opacity: Double
    public var outline: Bool

    public init(map: LabelMap, colors: [RGB?], opacity: Double = 0.5, outline: Bool = false) {
        self.map = map
        self.colors = colors
        self.opacity = opacity
        self.outline = outline
    }

}

/// Blends label layers into a slice's display samples (before they are resampled to the
/// screen, so zooming shows whole voxels and averaging softens the edges as it does the image).
struct LabelBlender {
    private var labels: [UInt16] = []

    /// `display` holds `channels` samples per pixel of a `layout.width × layout.height` slice; on
    /// return it holds RGB (3 channels) if any label was drawn. Returns the channels it holds.
    /// Layers on another grid than `volume`'s are skipped (the viewer refuses them when opened).
    mutating func blend(_ layers: [LabelLayer], volume: Volume, layout: PlaneLayout, slice: Int,
                        display: inout [UInt8], channels: Int) -> Int {
        let w = layout.width, h = layout.height, n = w * h
        var channels = channels
        for layer in layers {
            guard layer.map.dimensions == [volume.width, volume.height, volume.depth],
                  slice >= 0, slice < layout.sliceCount else { continue }
            if labels.count != n { labels = [UInt16](repeating: 0, count: n) }
            labels.withUnsafeMutableBufferPointer { layer.map.fillSlice(layout: layout, slice: slice, into: $0.baseAddress!) }
            guard labels.contains(where: { $0 != 0 }) else { continue }
            if channels == 1 { display = Self.rgb(fromGrey: display); channels = 3 }
            let alpha = Int((layer.outline ? 1 : min(max(layer.opacity, 0), 1)) * 256)
            let colors = layer.colors
            labels.withUnsafeBufferPointer { labels in
                display.withUnsafeMutableBufferPointer { display in
                    for y in 0..<h {
                        for x in 0..<w {
                            let p = y * w + x, value = labels[p]
                            guard value != 0, Int(value) < colors.count, let color = colors[Int(value)] else { continue }
                            if layer.outline && !Self.isEdge(labels, x, y, value, w, h) { continue }
                            let o = 3 * p
                            display[o] = Self.mix(display[o], color.r, alpha)
                            display[o + 1] = Self.mix(display[o + 1], color.g, alpha)
                            display[o + 2] = Self.mix(display[o + 2], color.b, alpha)
                        }
                    }
                }
            }
        }
        return channels
    }

    private static func isEdge(_ labels: UnsafeBufferPointer<UInt16>, _ x: Int, _ y: Int, _ value: UInt16, _ w: Int, _ h: Int) -> Bool {
        x == 0 || y == 0 || x == w - 1 || y == h - 1
            || labels[y * w + x - 1] != value || labels[y * w + x + 1] != value
            || labels[(y - 1) * w + x] != value || labels[(y + 1) * w + x] != value
    }

    /// `under` and `over` mixed, `alpha` in 256ths of `over`.
    @inline(__always)
    private static func mix(_ under: UInt8, _ over: UInt8, _ alpha: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: (Int(under) * (256 - alpha) + Int(over) * alpha + 128) >> 8)
    }

    private static func rgb(fromGrey grey: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: grey.count * 3)
        for (i, g) in grey.enumerated() {
            out[3 * i] = g
            out[3 * i + 1] = g
            out[3 * i + 2] = g
        }
        return out
    }
}
