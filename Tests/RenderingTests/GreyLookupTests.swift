import Testing
import TestSupport
import VolumeKit
@testable import Rendering

@Suite struct GreyLookupTests {
    /// The same voxels as int16 with a rescale (table path) and as float32 real-world values
    /// (computed path), with flipped axes so every plane reads its samples backwards somewhere.
    static let geometry = VolumeGeometry(spacing: [1, 1.5, 2], direction: Matrix3(columns: [[-1, 0, 0], [0, 1, 0], [0, 0, -1]]))
    static let stored = SyntheticVolume.ramp(width: 5, height: 4, depth: 3, geometry: geometry,
                                             rescale: Rescale(slope: 2, intercept: -100))
    static let real: Volume = {
        let v = stored
        let values = (0..<v.sampleCount).map { Float(v.rescale.apply(v.storedSample(at: $0))) }
        var volume = TestImages.volume(width: 5, height: 4, depth: 3, values: values)
        volume.geometry = geometry
        return volume
    }()

    @Test(arguments: Plane.allCases)
    func theTableGivesTheSamePicturesAsTheComputedPath(plane: Plane) {
        for inverted in [false, true] {
            let settings = DisplaySettings(window: WindowLevel(center: 150, width: 601), inverted: inverted)
            let layout = Self.stored.layout(plane)
            for slice in 0..<layout.sliceCount {
                var a = CellGrid(columns: 12, rows: 5), b = CellGrid(columns: 12, rows: 5)
                let viewport = Viewport(layout: layout, pane: a.bounds)
                let tableRenderer = SliceRenderer(), computedRenderer = SliceRenderer()
                tableRenderer.render(volume: Self.stored, plane: plane, slice: slice, settings: settings,
                                     viewport: viewport, mode: .truecolor, into: &a)
                computedRenderer.render(volume: Self.real, plane: plane, slice: slice, settings: settings,
                                        viewport: viewport, mode: .truecolor, into: &b)
                #expect(a == b, "\(plane) slice \(slice) inverted \(inverted)")
                #expect(tableRenderer.canvas.pixels.contains { $0 != .black && $0 != .white })
            }
        }
    }

    @Test func aChangedWindowRebuildsTheTable() {
        var grid = CellGrid(columns: 5, rows: 2)
        let renderer = SliceRenderer()
        let viewport = Viewport(layout: Self.stored.layout(.axial), pane: grid.bounds)
        renderer.render(volume: Self.stored, plane: .axial, slice: 0, settings: DisplaySettings(window: WindowLevel(center: 0, width: 400)),
                        viewport: viewport, mode: .truecolor, into: &grid)
        let first = renderer.canvas
        renderer.render(volume: Self.stored, plane: .axial, slice: 0, settings: DisplaySettings(window: WindowLevel(center: -50, width: 10)),
                        viewport: viewport, mode: .truecolor, into: &grid)
        #expect(renderer.canvas != first)
        // Stored 0 is −100 after rescale: below −55, so black; stored 34 is −32: above −45, white.
        #expect(renderer.canvas[0, 0] == .black)
    }
}
