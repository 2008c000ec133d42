import Rendering
import VolumeKit

/// Small volumes with chosen values, for exact checks of what the renderer makes of them.
enum TestImages {
    /// A float32 volume; `values` are x fastest, then y, then z (then components interleaved).
    static func volume(width: Int, height: Int, depth: Int = 1, components: Int = 1, values: [Float],
                       spacing: SIMD3<Double> = .one, modality: String? = nil, photometric: String? = nil,
                       fileWindows: [WindowLevel] = [], palette: Palette? = nil) -> Volume {
        precondition(values.count == width * height * depth * components)
        let buffer = VoxelBuffer(zeroedByteCount: values.count * 4)
        let p = buffer.mutableBytes.assumingMemoryBound(to: Float.self)
        for (i, v) in values.enumerated() { p[i] = v }
        return Volume(width: width, height: height, depth: depth, components: components, voxelType: .float32,
                      geometry: VolumeGeometry(spacing: spacing), buffer: buffer,
                      metadata: VolumeMetadata(format: .nifti, sourceFiles: [], datatypeName: "float32",
                                               modality: modality, photometric: photometric,
                                               fileWindows: fileWindows, palette: palette))
    }

    /// The window that maps values 0…255 to the same grey levels (DICOM's LINEAR function:
    /// c − 0.5 ± (w − 1)/2 = 0 … 255).
    static let identity = WindowLevel(center: 128, width: 256)

    /// Renders slice 0 of the native plane into a grid of `columns × rows` cells and returns the
    /// grid and the screen pixels.
    static func render(_ volume: Volume, columns: Int, rows: Int, window: WindowLevel = identity,
                       interpolation: Interpolation = .nearest, overlays: [Overlay] = [],
                       mode: ColorMode = .truecolor, zoom: Double = 1, center: SIMD2<Double>? = nil)
        -> (grid: CellGrid, canvas: PixelCanvas, viewport: Viewport) {
        var grid = CellGrid(columns: columns, rows: rows)
        let plane = volume.nativePlane
        let viewport = Viewport(layout: volume.layout(plane), pane: grid.bounds, zoom: zoom, center: center)
        var settings = DisplaySettings(volume: volume, window: window, interpolation: interpolation)
        settings.dithering = false
        let renderer = SliceRenderer()
        renderer.render(volume: volume, plane: plane, slice: 0, settings: settings, viewport: viewport,
                        overlays: overlays, mode: mode, into: &grid)
        return (grid, renderer.canvas, viewport)
    }

    /// Screen pixel greys, row by row (the red channel; tests use grey images).
    static func greys(_ canvas: PixelCanvas) -> [[UInt8]] {
        (0..<canvas.height).map { y in (0..<canvas.width).map { x in canvas[x, y].r } }
    }
}
