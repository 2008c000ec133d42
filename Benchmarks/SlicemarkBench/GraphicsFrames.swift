import Rendering
import VolumeKit

/// Frames as real pixels: the same pane as the half-block figures (128×64 cells) drawn as one
/// sixel or kitty image at 10×20 pixels a cell (1280×1280 pixels, the CT's 512 columns
/// magnified 2.5×), and the axial slice at its native 512×512 (64×32 cells of 8×16). Each
/// frame steps one slice as a held key does and is timed from the slice to the finished
/// escape sequence (render, quantise for sixel, encode), the way the viewer makes it.
enum GraphicsFrames {
    static func measure(volume: Volume, settings: DisplaySettings, frames: Int) -> [String: Any] {
        var result: [String: Any] = [:]
        let sizes: [(name: String, pane: CellRect, cell: SIMD2<Int>)] = [
            ("pane128x64at10x20", pane, SIMD2(10, 20)),
            ("native512", CellRect(column: 0, row: 0, columns: 64, rows: 32), SIMD2(8, 16)),
        ]
        for size in sizes {
            var entry: [String: Any] = ["pixels": [size.pane.columns * size.cell.x, size.pane.rows * size.cell.y]]
            for graphics in [GraphicsProtocol.sixel, .kitty] {
                let (times, bytes) = run(graphics, volume: volume, settings: settings, pane: size.pane,
                                         cellPixels: size.cell, frames: frames)
                entry[graphics.rawValue] = ["medianMilliseconds": times.median, "p90Milliseconds": times.p90,
                                            "medianBytes": Int(bytes.median), "maxBytes": Int(bytes.p90), "frames": times.count]
            }
            result[size.name] = entry
        }
        return result
    }

    private static func run(_ graphics: GraphicsProtocol, volume: Volume, settings: DisplaySettings, pane: CellRect,
                            cellPixels: SIMD2<Int>, frames: Int) -> (FrameTimes, FrameTimes) {
        let layout = volume.layout(.axial)
        let renderer = SliceRenderer()
        let sixel = SixelEncoder()
        let viewport = Viewport(layout: layout, pane: pane)
        var grid = CellGrid(columns: pane.columns, rows: pane.rows)
        var out: [UInt8] = []
        var times: [Double] = [], sizes: [Double] = []
        let warmups = 3
        let first = max(0, layout.sliceCount / 2 - (frames + warmups) / 2)
        for n in 0..<(frames + warmups) {
            let start = FrameTiming.now()
            let canvas = renderer.image(volume: volume, plane: .axial, slice: (first + n) % layout.sliceCount,
                                        settings: settings, viewport: viewport, cellPixels: cellPixels,
                                        blank: Cell(), into: &grid)
            out.removeAll(keepingCapacity: true)
            switch graphics {
            case .sixel: sixel.encode(canvas, into: &out)
            case .kitty: KittyGraphicsEncoder.encode(canvas, id: 1, cells: (pane.columns, pane.rows), into: &out)
            case .none: break
            }
            let elapsed = FrameTiming.now() - start
            if n >= warmups {
                times.append(elapsed)
                sizes.append(Double(out.count))
            }
        }
        return (FrameTimes(times), FrameTimes(sizes))
    }
}
