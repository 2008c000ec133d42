import Testing
import TestSupport
import VolumeKit
@testable import Rendering

/// Every window function, and a VOI LUT, draws the greys `WindowLevel.apply` gives, on both
/// paths: float values computed per pixel, and 16-bit stored samples through the table.
@Suite struct WindowFunctionRenderingTests {
    static let windows: [WindowLevel] = [
        WindowLevel(center: 40, width: 400),
        WindowLevel(center: 40, width: 400, function: .linearExact),
        WindowLevel(center: 40, width: 400, function: .sigmoid),
        WindowLevel(lut: LookupTable(firstMapped: -100, bitsPerEntry: 12, entries: (0..<300).map { UInt16($0 * 13) }),
                    name: "VOI LUT"),
    ]
    static let values: [Float] = [-1000, -160, 0, 40, 80, 240, 3000, 41]

    @Test(arguments: windows)
    func theFloatPathDrawsTheWindowsGreys(_ window: WindowLevel) {
        let volume = TestImages.volume(width: 4, height: 2, values: Self.values, modality: "CT")
        let (grid, _, _) = TestImages.render(volume, columns: 4, rows: 1, window: window)
        for c in 0..<4 {
            #expect(grid[c, 0].foreground == RGB(grey: window.apply(Double(Self.values[c]))))
            #expect(grid[c, 0].background == RGB(grey: window.apply(Double(Self.values[4 + c]))))
        }
    }

    @Test(arguments: windows)
    func theTablePathDrawsTheWindowsGreys(_ window: WindowLevel) {
        let stored = SyntheticVolume.ramp(width: 4, height: 2, depth: 1, geometry: VolumeGeometry(),
                                          rescale: Rescale(slope: 120, intercept: -400))
        let real = (0..<stored.sampleCount).map { stored.rescale.apply(stored.storedSample(at: $0)) }
        var grid = CellGrid(columns: 4, rows: 1)
        let layout = stored.layout(.axial)
        let viewport = Viewport(layout: layout, pane: grid.bounds)
        SliceRenderer().render(volume: stored, plane: .axial, slice: 0, settings: DisplaySettings(window: window),
                               viewport: viewport, mode: .truecolor, into: &grid)
        for c in 0..<4 {
            #expect(grid[c, 0].foreground == RGB(grey: window.apply(real[c])))
            #expect(grid[c, 0].background == RGB(grey: window.apply(real[4 + c])))
        }
    }
}
