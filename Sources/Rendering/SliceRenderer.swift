import VolumeKit

/// Draws a slice with its overlays into a pane of a `CellGrid`: slice → display colours
/// (window, inversion, palette, RGB) → screen pixels (fit, zoom, pan, area averaging or
/// nearest/bilinear) → overlays → cells for the colour mode → text labels.
///
/// One renderer per pane; it keeps its buffers between frames so rendering the next slice does
/// not allocate once the sizes have settled. Not thread-safe: use one per thread.
///
/// ```swift
/// let renderer = SliceRenderer()
/// let layout = volume.layout(.axial)
/// let viewport = Viewport(layout: layout, pane: CellRect(column: 0, row: 0, columns: 80, rows: 40))
/// renderer.render(volume: volume, plane: .axial, slice: 10, settings: DisplaySettings(volume: volume),
///                 viewport: viewport, overlays: [Overlay(.crosshair([128, 128]), color: Overlay.cursorColor)],
///                 mode: .truecolor, into: &grid)
/// ```
public final class SliceRenderer {
    /// The screen pixels of the last frame, before packing into cells (for tests and tools).
    public private(set) var canvas = PixelCanvas()
    private var values: [Float] = []
    private var display: [UInt8] = []
    private var xAxis = ResampleAxis()
    private var yAxis = ResampleAxis()
    private var lookup = GreyLookup()
    private var labelBlender = LabelBlender()
    /// The layout of the last plane drawn: computing one allocates, and it only changes with
    /// the volume or the plane.
    private var layoutCache: (buffer: ObjectIdentifier, plane: Plane, size: SIMD3<Int>, geometry: VolumeGeometry,
                              layout: PlaneLayout)?

    public init() {}

    /// Renders slice `slice` of `plane` at timepoint `timepoint` of a volume, with label maps on
    /// its grid blended in under the overlays.
    public func render(volume: Volume, plane: Plane, slice: Int, timepoint: Int = 0, settings: DisplaySettings,
                       viewport: Viewport, labels: [LabelLayer] = [], overlays: [Overlay] = [], mode: ColorMode,
                       into grid: inout CellGrid) {
        paint(volume: volume, plane: plane, slice: slice, timepoint: timepoint, settings: settings,
              viewport: viewport, labels: labels, overlays: overlays)
        CellPacker.pack(canvas, into: &grid, pane: viewport.pane, mode: mode, dithering: settings.dithering)
        OverlayPainter.write(overlays, into: &grid, viewport: viewport)
    }

    /// The screen pixels of the same picture without packing them into cells: what a graphics
    /// protocol (kitty, sixel) sends, at `viewport.cellPixels` pixels a cell. Overlay text
    /// (`.text` shapes and labels) is left to the cells.
    public func pixels(volume: Volume, plane: Plane, slice: Int, timepoint: Int = 0, settings: DisplaySettings,
                       viewport: Viewport, labels: [LabelLayer] = [], overlays: [Overlay] = []) -> PixelCanvas {
        paint(volume: volume, plane: plane, slice: slice, timepoint: timepoint, settings: settings,
              viewport: viewport, labels: labels, overlays: overlays)
        return canvas
    }

    /// The pane as one image for a graphics protocol: the picture at `cellPixels` pixels a
    /// cell (same zoom and centre as `viewport`), while the pane's cells get `blank` and the
    /// overlays' text, placed as in half blocks.
    public func image(volume: Volume, plane: Plane, slice: Int, timepoint: Int = 0, settings: DisplaySettings,
                      viewport: Viewport, cellPixels: SIMD2<Int>, labels: [LabelLayer] = [], overlays: [Overlay] = [],
                      blank: Cell, into grid: inout CellGrid) -> PixelCanvas {
        paint(volume: volume, plane: plane, slice: slice, timepoint: timepoint, settings: settings,
              viewport: viewport.withCellPixels(cellPixels), labels: labels, overlays: overlays)
        grid.fill(viewport.pane, with: blank)
        OverlayPainter.write(overlays, into: &grid, viewport: viewport)
        return canvas
    }

    /// Slice → display samples → screen pixels → overlay shapes, into `canvas`.
    private func paint(volume: Volume, plane: Plane, slice: Int, timepoint: Int, settings: DisplaySettings,
                       viewport: Viewport, labels: [LabelLayer], overlays: [Overlay]) {
        let layout = cachedLayout(volume, plane)
        let s = min(max(slice, 0), layout.sliceCount - 1)
        let t = min(max(timepoint, 0), volume.timepoints - 1)
        if GreyLookup.applies(to: volume, settings: settings) {
            resize(&display, layout.width * layout.height)
            display.withUnsafeMutableBufferPointer { out in
                lookup.gather(volume, layout: layout, slice: s, t: t, settings: settings, into: out.baseAddress!)
            }
            let channels = labelBlender.blend(labels, volume: volume, layout: layout, slice: s, display: &display, channels: 1)
            resample(width: layout.width, height: layout.height, channels: channels, settings: settings, viewport: viewport)
            OverlayPainter.paint(overlays, on: &canvas, viewport: viewport)
            return
        }
        let count = layout.width * layout.height * volume.components
        if values.count != count { values = [Float](repeating: 0, count: count) }
        values.withUnsafeMutableBufferPointer { out in
            volume.fillSlice(layout: layout, slice: s, t: t, into: out.baseAddress!)
        }
        toDisplay(count: layout.width * layout.height, components: volume.components, settings: settings)
        let shown = labelBlender.blend(labels, volume: volume, layout: layout, slice: s, display: &display,
                                          channels: channels(volume.components, settings))
        resample(width: layout.width, height: layout.height, channels: shown, settings: settings, viewport: viewport)
        OverlayPainter.paint(overlays, on: &canvas, viewport: viewport)
    }

    private func cachedLayout(_ volume: Volume, _ plane: Plane) -> PlaneLayout {
        let id = ObjectIdentifier(volume.buffer), size = SIMD3(volume.width, volume.height, volume.depth)
        if let c = layoutCache, c.buffer == id, c.plane == plane, c.size == size, c.geometry == volume.geometry {
            return c.layout
        }
        let layout = volume.layout(plane)
        layoutCache = (id, plane, size, volume.geometry, layout)
        return layout
    }

    /// Renders a slice already extracted.
    public func render(_ image: SliceImage, settings: DisplaySettings, viewport: Viewport, overlays: [Overlay] = [],
                       mode: ColorMode, into grid: inout CellGrid) {
        values.removeAll(keepingCapacity: true)
        values.append(contentsOf: image.values)
        draw(width: image.width, height: image.height, components: image.components, settings: settings,
             viewport: viewport, overlays: overlays, mode: mode, into: &grid)
    }

    /// Screen pixels only (no cells): the picture a pane shows, for tests and image export.
    public func pixels(_ image: SliceImage, settings: DisplaySettings, viewport: Viewport,
                       overlays: [Overlay] = []) -> PixelCanvas {
        values.removeAll(keepingCapacity: true)
        values.append(contentsOf: image.values)
        toDisplay(count: image.width * image.height, components: image.components, settings: settings)
        resample(width: image.width, height: image.height, channels: channels(image.components, settings),
                 settings: settings, viewport: viewport)
        OverlayPainter.paint(overlays, on: &canvas, viewport: viewport)
        return canvas
    }

    /// Display channels: RGB for colour images (a fourth, alpha, component is ignored) and
    /// palette images, grey otherwise (a two-component image shows its first component).
    private func channels(_ components: Int, _ settings: DisplaySettings) -> Int {
        components >= 3 || (components == 1 && settings.palette != nil) ? 3 : 1
    }

    private func draw(width: Int, height: Int, components: Int, settings: DisplaySettings, viewport: Viewport,
                      overlays: [Overlay], mode: ColorMode, into grid: inout CellGrid) {
        toDisplay(count: width * height, components: components, settings: settings)
        finish(width: width, height: height, channels: channels(components, settings), settings: settings,
               viewport: viewport, overlays: overlays, mode: mode, into: &grid)
    }

    /// Display samples → screen pixels → overlays → cells → labels.
    private func finish(width: Int, height: Int, channels: Int, settings: DisplaySettings, viewport: Viewport,
                        overlays: [Overlay], mode: ColorMode, into grid: inout CellGrid) {
        resample(width: width, height: height, channels: channels, settings: settings, viewport: viewport)
        OverlayPainter.paint(overlays, on: &canvas, viewport: viewport)
        CellPacker.pack(canvas, into: &grid, pane: viewport.pane, mode: mode, dithering: settings.dithering)
        OverlayPainter.write(overlays, into: &grid, viewport: viewport)
    }

    /// Values → 8-bit display samples: one grey per pixel, or RGB for colour and palette images.
    private func toDisplay(count: Int, components: Int, settings: DisplaySettings) {
        let window = settings.window
        if let palette = settings.palette, components == 1 {
            resize(&display, count * 3)
            let n = palette.red.count
            guard n > 0 else { return }
            for i in 0..<count {
                let x = Double(values[i]) - Double(palette.firstIndex)
                let index = !(x > 0) ? 0 : x >= Double(n - 1) ? n - 1 : Int(x)
                display[3 * i] = palette.red[index]
                display[3 * i + 1] = index < palette.green.count ? palette.green[index] : 0
                display[3 * i + 2] = index < palette.blue.count ? palette.blue[index] : 0
            }
            return
        }
        let kept = components >= 3 ? 3 : 1
        resize(&display, count * kept)
        let invert = settings.inverted && kept == 1
        guard let ramp = window.linearRamp else {
            // A sigmoid window or a VOI LUT: the window's own function, sample by sample.
            for i in 0..<count {
                for c in 0..<kept {
                    let g = window.apply(Double(values[i * components + c]))
                    display[i * kept + c] = invert ? 255 - g : g
                }
            }
            return
        }
        // WindowLevel.apply of a linear window, without the library call `rounded()` makes per sample.
        let lower = ramp.lower, span = ramp.span
        values.withUnsafeBufferPointer { v in
            display.withUnsafeMutableBufferPointer { d in
                for i in 0..<count {
                    for c in 0..<kept {
                        let t = (Double(v[i * components + c]) - lower) / span
                        let g: UInt8 = !(t > 0) ? 0 : t >= 1 ? 255 : UInt8(truncatingIfNeeded: Int(t * 255 + 0.5))
                        d[i * kept + c] = invert ? 255 - g : g
                    }
                }
            }
        }
    }

    private func resize(_ array: inout [UInt8], _ n: Int) {
        if array.count != n {
            array.removeAll(keepingCapacity: true)
            array.append(contentsOf: repeatElement(0, count: n))
        }
    }

    /// Display samples → screen pixels of the pane through the viewport.
    private func resample(width: Int, height: Int, channels: Int, settings: DisplaySettings, viewport: Viewport) {
        let w = viewport.pixelWidth, h = viewport.pixelHeight
        canvas.reset(width: w, height: h, fill: settings.background)
        guard w > 0, h > 0, width > 0, height > 0 else { return }
        let first = viewport.slicePoint(screen: SIMD2(0.5, 0.5))
        let scale = viewport.scale
        xAxis.build(outputs: w, sourceCount: width, first: first.x, scale: scale.x, interpolation: settings.interpolation)
        yAxis.build(outputs: h, sourceCount: height, first: first.y, scale: scale.y, interpolation: settings.interpolation)
        let xs = xAxis, ys = yAxis
        display.withUnsafeBufferPointer { src in
            canvas.pixels.withUnsafeMutableBufferPointer { out in
                xs.start.withUnsafeBufferPointer { xStart in
                xs.count.withUnsafeBufferPointer { xCount in
                xs.offset.withUnsafeBufferPointer { xOffset in
                xs.weights.withUnsafeBufferPointer { xWeight in
                for y in 0..<h {
                    let sy = Int(ys.start[y])
                    guard sy >= 0 else { continue }
                    let ny = Int(ys.count[y]), oy = Int(ys.offset[y])
                    for x in 0..<w {
                        let sx = Int(xStart[x])
                        guard sx >= 0 else { continue }
                        let nx = Int(xCount[x]), ox = Int(xOffset[x])
                        if nx == 1 && ny == 1 {
                            let i = (sy * width + sx) * channels
                            out[y * w + x] = channels == 1 ? RGB(grey: src[i]) : RGB(src[i], src[i + 1], src[i + 2])
                            continue
                        }
                        var acc = SIMD4<Float>(repeating: 0)
                        for a in 0..<ny {
                            let wy = ys.weights[oy + a]
                            let rowBase = (sy + a) * width
                            var rowAcc = SIMD4<Float>(repeating: 0)
                            for b in 0..<nx {
                                let i = (rowBase + sx + b) * channels
                                let wx = xWeight[ox + b]
                                if channels == 1 {
                                    rowAcc.x += wx * Float(src[i])
                                } else {
                                    rowAcc += wx * SIMD4(Float(src[i]), Float(src[i + 1]), Float(src[i + 2]), 0)
                                }
                            }
                            acc += wy * rowAcc
                        }
                        // Weighted means of bytes are never negative: +0.5 and truncation
                        // round half up without a library call.
                        func byte(_ f: Float) -> UInt8 { UInt8(min(max(f + 0.5, 0), 255)) }
                        out[y * w + x] = channels == 1 ? RGB(grey: byte(acc.x)) : RGB(byte(acc.x), byte(acc.y), byte(acc.z))
                    }
                }
                }}}}
            }
        }
    }
}
