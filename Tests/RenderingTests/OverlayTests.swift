import Testing
import VolumeKit
@testable import Rendering

@Suite struct OverlayTests {
    /// An 8 × 8 black image shown 1:1 in 8 × 4 cells.
    let image = TestImages.volume(width: 8, height: 8, values: [Float](repeating: 0, count: 64))
    let red = RGB(255, 0, 0)

    func lit(_ canvas: PixelCanvas, _ color: RGB) -> Set<[Int]> {
        var set = Set<[Int]>()
        for y in 0..<canvas.height { for x in 0..<canvas.width where canvas[x, y] == color { set.insert([x, y]) } }
        return set
    }

    @Test func aMarkerIsASmallPlusOnItsPixel() {
        let (_, canvas, _) = TestImages.render(image, columns: 8, rows: 4, overlays: [Overlay(.marker([3, 4]), color: red)])
        #expect(lit(canvas, red) == [[1, 4], [2, 4], [3, 4], [4, 4], [5, 4], [3, 2], [3, 3], [3, 5], [3, 6]])
    }

    @Test func aRectangleOutlinesThePixelsItCovers() {
        let rect = Overlay(.rectangle(from: [1.5, 0.5], to: [4.5, 2.5]), color: red)
        let (_, canvas, _) = TestImages.render(image, columns: 8, rows: 4, overlays: [rect])
        // Pixels 2…4 × 1…2: every one is on the border.
        #expect(lit(canvas, red) == [[2, 1], [3, 1], [4, 1], [2, 2], [3, 2], [4, 2]])
    }

    @Test func aTranslucentFillBlendsInsideOnly() {
        let rect = Overlay(.rectangle(from: [0.5, 0.5], to: [5.5, 5.5]), color: RGB(200, 100, 0), fillOpacity: 0.5)
        let (_, canvas, _) = TestImages.render(image, columns: 8, rows: 4, overlays: [rect])
        #expect(canvas[3, 3] == RGB(100, 50, 0))
        #expect(canvas[0, 0] == .black)
        #expect(canvas[6, 6] == .black)
    }

    @Test func theCrosshairLeavesTheCursorPixelVisible() {
        let cross = Overlay(.crosshair([4, 4]), color: RGB(0, 250, 0))
        let (_, canvas, _) = TestImages.render(image, columns: 8, rows: 4, overlays: [cross])
        #expect(canvas[4, 4] == .black)
        #expect(canvas[0, 4] == RGB(0, 150, 0))
        #expect(canvas[4, 0] == RGB(0, 150, 0))
        #expect(canvas[5, 4] == .black && canvas[4, 6] == .black)
        #expect(canvas[0, 0] == .black)
    }

    @Test func aSelectedOverlayIsThickerAndLighter() {
        let line = Overlay(.line(from: [0, 7], to: [7, 7]), color: RGB(255, 0, 0), selected: true)
        let (_, canvas, _) = TestImages.render(image, columns: 8, rows: 4, overlays: [line])
        #expect(canvas[3, 7] == RGB(255, 170, 170))
        let plain = Overlay(.line(from: [0, 5], to: [7, 5]), color: red)
        let (_, canvas2, _) = TestImages.render(image, columns: 8, rows: 4, overlays: [plain])
        #expect(canvas2[3, 5] == red && canvas2[3, 6] == .black)
    }

    @Test func ellipsesAndPolygonsAreClosedOutlines() {
        let ellipse = Overlay(.ellipse(center: [3.5, 3.5], radii: [3, 2]), color: red)
        let (_, canvas, _) = TestImages.render(image, columns: 8, rows: 4, overlays: [ellipse])
        let points = lit(canvas, red)
        // The ends of the long axis, slice x 0.5 and 6.5, are screen pixels 1 and 7.
        #expect(points.contains([1, 4]) && points.contains([7, 4]))
        #expect(!points.contains([3, 3]))
        let triangle = Overlay(.polygon([[1, 1], [6, 1], [1, 6]]), color: red, fillOpacity: 1)
        let (_, canvas2, _) = TestImages.render(image, columns: 8, rows: 4, overlays: [triangle])
        #expect(canvas2[2, 2] == red)
        #expect(canvas2[6, 6] == .black)
    }

    @Test func labelsAreWrittenInCellsNextToTheShape() {
        let marker = Overlay(.marker([2, 2]), color: red, label: "L1")
        let (grid, _, _) = TestImages.render(image, columns: 8, rows: 4, overlays: [marker])
        #expect(grid[3, 1].glyph == "L" && grid[4, 1].glyph == "1")
        #expect(grid[3, 1].foreground == red)
        let text = Overlay(.text("abcdefghij", at: [5, 0]), color: red)
        let (grid2, _, _) = TestImages.render(image, columns: 8, rows: 4, overlays: [text])
        #expect(grid2[5, 0].glyph == "a" && grid2[7, 0].glyph == "c")  // clipped at the pane's edge
    }

    @Test func labelsOfNearbyShapesDoNotCoverEachOther() {
        // Three landmarks a pixel apart, as in a small three-plane pane: each label whole, in its
        // own cells, the selected one where it belongs (right of its marker).
        let names = ["nasion", "sella", "porion"]
        let overlays = [Overlay(.marker([2, 4]), color: red, label: names[0]),
                        Overlay(.marker([2, 5]), color: red, selected: true, label: names[1]),
                        Overlay(.marker([3, 4]), color: red, label: names[2])]
        let (grid, _, viewport) = TestImages.render(image, columns: 16, rows: 6, overlays: overlays)
        let rows = (0..<grid.rows).map { row in String(String.UnicodeScalarView((0..<grid.columns).map { grid[$0, row].glyph })) }
        for name in names { #expect(rows.contains { $0.contains(name) }, "\(name) in \(rows)") }
        let selected = viewport.cell(sliceColumn: 2, sliceRow: 5)!
        #expect(rows[selected.row].dropFirst(selected.column + 1).hasPrefix("sella"))
    }

    @Test func aLabelWithNoRoomIsCutAtTheTextInItsWay() {
        // 8×8 pixels in 16×8 cells: slice row y is cell row y. Rows 2 and 4 are full of text, row 3
        // has text a few cells right of the marker, the pane's edge is left of it: no whole place.
        let full = String(repeating: "X", count: 16)
        let overlays = [Overlay(.text(full, at: [0, 2]), color: red), Overlay(.text(full, at: [0, 4]), color: red),
                        Overlay(.text("XX", at: [6, 3]), color: red),
                        Overlay(.marker([2, 3]), color: red, label: "landmark"),
                        Overlay(.marker([2, 6]), color: red, label: "l")]
        let (grid, _, viewport) = TestImages.render(image, columns: 16, rows: 8, overlays: overlays)
        let rows = (0..<8).map { r in String(String.UnicodeScalarView((0..<16).map { grid[$0, r].glyph })) }
        let marker = viewport.cell(sliceColumn: 2, sliceRow: 3)!
        #expect(marker.row == 3 && viewport.cell(sliceColumn: 6, sliceRow: 3)!.column == marker.column + 8, "\(rows)")
        #expect(rows[3].dropFirst(marker.column + 1).hasPrefix("landma…XX"), "\(rows)")
        #expect(rows[2].hasSuffix(full.dropFirst(marker.column - 4)) && rows[4] == rows[2], "text written first stays whole")
        #expect(rows[6].dropFirst(marker.column + 1).hasPrefix("l"), "one-cell labels are fine where they fit")
    }

    @Test func overlaysFarAwayOrUndefinedNeverTrap() {
        let wild: [SIMD2<Double>] = [[.nan, 1], [1e300, -1e300], [.infinity, 0], [-4, 1e7]]
        var overlays: [Overlay] = []
        for p in wild {
            overlays += [Overlay(.crosshair(p), color: red), Overlay(.marker(p), color: red, label: "x"),
                         Overlay(.rectangle(from: p, to: [2, 2]), color: red, fillOpacity: 0.5),
                         Overlay(.ellipse(center: p, radii: [3, .nan]), color: red, fillOpacity: 0.5),
                         Overlay(.polygon([p, [1, 1], [5, 2]]), color: red, fillOpacity: 0.5),
                         Overlay(.line(from: p, to: [3, 3]), color: red), Overlay(.text("t", at: p), color: red)]
        }
        let (grid, _, viewport) = TestImages.render(image, columns: 8, rows: 4, overlays: overlays)
        #expect(grid.columns == 8)
        #expect(viewport.cell(sliceColumn: .nan, sliceRow: 0) == nil)
        #expect(viewport.cell(sliceColumn: 1e300, sliceRow: 0) == nil)
    }
}
