import Testing
import VolumeKit
@testable import Rendering

@Suite struct SliceRendererTests {
    @Test func aFittingImageFillsThePaneOneToOne() {
        // 4 × 2 pixels of 1 mm into 4 cells × 1 row = 4 × 2 screen pixels.
        let volume = TestImages.volume(width: 4, height: 2, values: [0, 10, 20, 30, 40, 50, 60, 70])
        let (grid, _, _) = TestImages.render(volume, columns: 4, rows: 1)
        for c in 0..<4 {
            #expect(grid[c, 0] == Cell(glyph: Cell.upperHalfBlock, foreground: RGB(grey: UInt8(10 * c)),
                                       background: RGB(grey: UInt8(40 + 10 * c))))
        }
    }

    @Test func aSquareImageInAWidePaneIsCentredWithBlackBars() {
        // 2 × 2 pixels into 8 × 2 cells = 8 × 4 screen pixels: scale 2, columns 2…5.
        let volume = TestImages.volume(width: 2, height: 2, values: [100, 200, 50, 250])
        let g = TestImages.greys(TestImages.render(volume, columns: 8, rows: 2).canvas)
        #expect(g == [
            [0, 0, 100, 100, 200, 200, 0, 0],
            [0, 0, 100, 100, 200, 200, 0, 0],
            [0, 0, 50, 50, 250, 250, 0, 0],
            [0, 0, 50, 50, 250, 250, 0, 0],
        ])
    }

    @Test func anisotropicPixelsKeepTheirPhysicalProportions() {
        // 2 × 2 pixels of 1 × 2 mm are 2 mm wide, 4 mm tall: in 8 × 4 pixels → 2 × 4 screen pixels.
        let volume = TestImages.volume(width: 2, height: 2, values: [100, 200, 50, 250], spacing: [1, 2, 1])
        let g = TestImages.greys(TestImages.render(volume, columns: 8, rows: 2).canvas)
        #expect(g == [
            [0, 0, 0, 100, 200, 0, 0, 0],
            [0, 0, 0, 100, 200, 0, 0, 0],
            [0, 0, 0, 50, 250, 0, 0, 0],
            [0, 0, 0, 50, 250, 0, 0, 0],
        ])
    }

    @Test func aCoronalViewOfThickSlicesIsNotSquashed() {
        // 0.7 × 0.7 × 5 mm, 20 × 20 × 4 voxels: coronal is 14 mm wide, 20 mm tall.
        let volume = TestImages.volume(width: 20, height: 20, depth: 4,
                                       values: [Float](repeating: 200, count: 1600), spacing: [0.7, 0.7, 5])
        var grid = CellGrid(columns: 40, rows: 20)
        let layout = volume.layout(.coronal)
        #expect(layout.pixelSpacing == SIMD2(0.7, 5))
        let viewport = Viewport(layout: layout, pane: grid.bounds)
        let renderer = SliceRenderer()
        renderer.render(volume: volume, plane: .coronal, slice: 10,
                        settings: DisplaySettings(window: TestImages.identity), viewport: viewport,
                        mode: .truecolor, into: &grid)
        let lit = renderer.canvas.pixels.enumerated().filter { $0.element.r == 200 }.map(\.offset)
        let xs = Set(lit.map { $0 % 40 }), ys = Set(lit.map { $0 / 40 })
        // 40 screen pixels tall for 20 mm → 2 px/mm → 28 px wide, centred in 40.
        #expect(ys.count == 40)
        #expect(xs.count == 28)
        #expect(xs.min() == 6 && xs.max() == 33)
    }

    @Test func windowMathsMatchesWindowLevel() {
        let values: [Float] = [-1000, -160, 0, 40, 80, 240, 3000, 41]
        let volume = TestImages.volume(width: 4, height: 2, values: values, modality: "CT")
        let window = WindowLevel(center: 40, width: 400)
        let (grid, _, _) = TestImages.render(volume, columns: 4, rows: 1, window: window)
        for c in 0..<4 {
            #expect(grid[c, 0].foreground == RGB(grey: window.apply(Double(values[c]))))
            #expect(grid[c, 0].background == RGB(grey: window.apply(Double(values[4 + c]))))
        }
        #expect(grid[0, 0].foreground == .black)
        #expect(grid[2, 0].background == .white)
        #expect(grid[3, 0].foreground == RGB(grey: 128))  // the centre: 127.5 rounds up
    }

    @Test func monochrome1IsInverted() {
        let volume = TestImages.volume(width: 2, height: 2, values: [0, 55, 200, 255], photometric: "MONOCHROME1")
        let (grid, _, _) = TestImages.render(volume, columns: 2, rows: 1)
        #expect(grid[0, 0].foreground == RGB(grey: 255))
        #expect(grid[1, 0].foreground == RGB(grey: 200))
        #expect(grid[0, 0].background == RGB(grey: 55))
        #expect(grid[1, 0].background == RGB(grey: 0))
    }

    @Test func minificationAveragesEveryPixelItCovers() {
        // 4 × 4 into 2 × 1 cells (2 × 2 screen pixels): each screen pixel is a 2 × 2 block mean.
        let values: [Float] = [
            0, 100, 200, 200,
            100, 200, 0, 0,
            10, 20, 255, 255,
            30, 40, 255, 251,
        ]
        let volume = TestImages.volume(width: 4, height: 4, values: values)
        let g = TestImages.greys(TestImages.render(volume, columns: 2, rows: 1).canvas)
        #expect(g == [[100, 100], [25, 254]])
    }

    @Test func nonIntegerMinificationWeighsPartialPixels() {
        // 3 pixels across into 2 screen pixels: each covers 1.5 source pixels.
        let volume = TestImages.volume(width: 3, height: 3, values: [0, 90, 180, 0, 90, 180, 0, 90, 180])
        let g = TestImages.greys(TestImages.render(volume, columns: 2, rows: 1).canvas)
        // left: (1·0 + 0.5·90) / 1.5 = 30; right: (0.5·90 + 1·180) / 1.5 = 150
        #expect(g == [[30, 150], [30, 150]])
    }

    @Test func magnificationIsNearestOrBilinear() {
        let volume = TestImages.volume(width: 2, height: 1, values: [0, 200])
        let nearest = TestImages.greys(TestImages.render(volume, columns: 8, rows: 2).canvas)
        #expect(nearest[0] == [0, 0, 0, 0, 200, 200, 200, 200])
        let bilinear = TestImages.greys(TestImages.render(volume, columns: 8, rows: 2, interpolation: .bilinear).canvas)
        #expect(bilinear[0] == [0, 0, 25, 75, 125, 175, 200, 200])
        #expect(bilinear[3] == bilinear[0])
    }

    @Test func zoomAroundAPointKeepsItInPlace() {
        let volume = TestImages.volume(width: 4, height: 4, values: (0..<16).map { Float($0 * 16) })
        var grid = CellGrid(columns: 4, rows: 2)
        let base = Viewport(layout: volume.layout(.axial), pane: grid.bounds)
        let anchor = SIMD2<Double>(3, 3)
        let zoomed = base.zoomed(by: 2, around: anchor)
        #expect(zoomed.screenPoint(slice: anchor) == base.screenPoint(slice: anchor))
        let renderer = SliceRenderer()
        renderer.render(volume: volume, plane: .axial, slice: 0, settings: DisplaySettings(window: TestImages.identity),
                        viewport: zoomed, mode: .truecolor, into: &grid)
        // Zoomed ×2 around the bottom-right pixel: that pixel fills the bottom-right 2 × 2.
        let g = TestImages.greys(renderer.canvas)
        #expect(g[3][3] == 240 && g[2][2] == 240)
        #expect(g[0][0] == 160)  // pixel (2, 2) = 10 · 16
    }

    @Test func rgbImagesAreShownInColour() {
        let volume = TestImages.volume(width: 1, height: 2, components: 3, values: [255, 0, 0, 10, 200, 30])
        let (grid, _, _) = TestImages.render(volume, columns: 1, rows: 1, window: WindowPresets.fullByteRange)
        #expect(grid[0, 0].foreground == RGB(255, 0, 0))
        #expect(grid[0, 0].background == RGB(10, 200, 30))
    }

    @Test func paletteImagesLookUpTheirColours() {
        let palette = Palette(firstIndex: 1, red: [10, 20, 30], green: [40, 50, 60], blue: [70, 80, 90])
        let volume = TestImages.volume(width: 1, height: 2, values: [1, 3], palette: palette)
        let (grid, _, _) = TestImages.render(volume, columns: 1, rows: 1)
        #expect(grid[0, 0].foreground == RGB(10, 40, 70))
        #expect(grid[0, 0].background == RGB(30, 60, 90))
    }
}

@Suite struct UnusualImageTests {
    @Test func rgbaShowsItsColourAndTwoComponentsShowTheFirst() {
        let rgba = TestImages.volume(width: 1, height: 2, components: 4, values: [255, 0, 0, 9, 10, 200, 30, 9])
        let (grid, _, _) = TestImages.render(rgba, columns: 1, rows: 1, window: WindowPresets.fullByteRange)
        #expect(grid[0, 0].foreground == RGB(255, 0, 0))
        #expect(grid[0, 0].background == RGB(10, 200, 30))
        let pair = TestImages.volume(width: 1, height: 2, components: 2, values: [40, 99, 80, 99])
        let (grid2, _, _) = TestImages.render(pair, columns: 1, rows: 1)
        #expect(grid2[0, 0].foreground == RGB(grey: 40))
        #expect(grid2[0, 0].background == RGB(grey: 80))
    }

    @Test func wildValuesNeverTrap() {
        let palette = Palette(firstIndex: 0, red: [1, 2], green: [3, 4], blue: [5, 6])
        let values: [Float] = [.nan, .infinity, -.infinity, 1e30]
        let volume = TestImages.volume(width: 2, height: 2, values: values, palette: palette)
        let (grid, _, _) = TestImages.render(volume, columns: 2, rows: 1)
        #expect(grid[0, 0].foreground == RGB(1, 3, 5))
        #expect(grid[1, 0].foreground == RGB(2, 4, 6))
        #expect(grid[1, 0].background == RGB(2, 4, 6))
        let grey = TestImages.volume(width: 2, height: 2, values: values)
        let (grid2, _, _) = TestImages.render(grey, columns: 2, rows: 1)
        #expect(grid2[0, 0].foreground == .black && grid2[1, 0].foreground == .white)
    }
}
