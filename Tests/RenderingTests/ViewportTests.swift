import Testing
@testable import Rendering

@Suite struct ViewportTests {
    // 4 × 3 pixels of 1 mm in a pane of 8 × 3 cells at (2, 1): 8 × 6 screen pixels, scale 2.
    let viewport = Viewport(pane: CellRect(column: 2, row: 1, columns: 8, rows: 3), imageWidth: 4, imageHeight: 3)

    @Test func fitsAndCentres() {
        #expect(viewport.scale == SIMD2(2, 2))
        #expect(viewport.screenPoint(slice: [-0.5, -0.5]) == SIMD2(0, 0))
        #expect(viewport.screenPoint(slice: [3.5, 2.5]) == SIMD2(8, 6))
    }

    @Test func cellHalvesMapToSlicePixels() {
        #expect(viewport.slicePixel(column: 2, row: 1)! == (0, 0))
        #expect(viewport.slicePixel(column: 2, row: 1, lowerHalf: true)! == (0, 0))
        #expect(viewport.slicePixel(column: 4, row: 2)! == (1, 1))
        #expect(viewport.slicePixel(column: 9, row: 3, lowerHalf: true)! == (3, 2))
        #expect(viewport.slicePixel(column: 1, row: 1) == nil)   // left of the pane
        #expect(viewport.slicePixel(column: 10, row: 1) == nil)  // right of the pane
    }

    @Test func slicePixelsMapBackToTheirCells() {
        for r in 0..<3 {
            for c in 0..<4 {
                let cell = viewport.cell(sliceColumn: Double(c), sliceRow: Double(r))!
                #expect(viewport.slicePixel(column: cell.column, row: cell.row, lowerHalf: cell.lowerHalf)! == (c, r))
            }
        }
        #expect(viewport.cell(sliceColumn: 9, sliceRow: 0) == nil)
    }

    @Test func panningByCellsMovesTheImage() {
        let moved = viewport.panned(columns: 1, rows: 1)
        #expect(moved.screenPoint(slice: [0, 0]) == viewport.screenPoint(slice: [0, 0]) - SIMD2(1, 2))
    }

    @Test func keepingVisiblePansOnlyWhenNeeded() {
        let zoomed = viewport.zoomed(by: 4, around: [0, 0])
        #expect(zoomed.keepingVisible(zoomed.center) == zoomed)
        let far = zoomed.keepingVisible([3, 2])
        let s = far.screenPoint(slice: [3, 2])
        #expect(s.x <= Double(far.pixelWidth) - 1 && s.y <= Double(far.pixelHeight) - 2)
        #expect(s.x >= 0 && s.y >= 0)
    }

    @Test func nonsenseSpacingAndZoomAreReplaced() {
        let v = Viewport(pane: CellRect(column: 0, row: 0, columns: 4, rows: 2), imageWidth: 2, imageHeight: 2,
                         pixelSpacing: [0, .nan], zoom: -1)
        #expect(v.pixelSpacing == SIMD2(1, 1))
        #expect(v.zoom == 1)
    }
}
