import Testing
@testable import Annotations

@Suite struct RegionMaskTests {
    /// Renders a mask as rows of '#' and '.' over a small canvas, for comparison by eye.
    func picture(_ pixels: [SIMD2<Int>], width: Int, height: Int) -> [String] {
        let set = Set(pixels.map { $0.y * width + $0.x })
        return (0..<height).map { r in String((0..<width).map { set.contains(r * width + $0) ? "#" : "." }) }
    }

    @Test func rectangleIncludesBothCorners() {
        let pixels = RegionMask.pixels(kind: .rectangle, points: [[3, 2], [1, 1]], width: 6, height: 4)
        #expect(picture(pixels, width: 6, height: 4) == ["......", ".###..", ".###..", "......"])
    }

    @Test func rectangleIsClippedToTheSlice() {
        let pixels = RegionMask.pixels(kind: .rectangle, points: [[8, 8], [12, 9]], width: 10, height: 10)
        #expect(pixels.count == 4)
    }

    @Test func singlePixelRectangle() {
        #expect(RegionMask.pixels(kind: .rectangle, points: [[2, 2], [2, 2]], width: 5, height: 5) == [[2, 2]])
    }

    /// Box 5×3 from (0,0): centre (2, 1), semi-axes 2.5 and 1.5 pixels.
    @Test func ellipseInscribedInTheInclusiveBox() {
        let pixels = RegionMask.pixels(kind: .ellipse, points: [[0, 0], [4, 2]], width: 5, height: 3)
        #expect(picture(pixels, width: 5, height: 3) == [".###.", "#####", ".###."])
    }

    @Test func ellipseOfOnePixelBoxIsThatPixel() {
        #expect(RegionMask.pixels(kind: .ellipse, points: [[1, 1], [1, 1]], width: 3, height: 3) == [[1, 1]])
    }

    @Test func triangleIncludesItsEdges() {
        let pixels = RegionMask.pixels(kind: .polygon, points: [[0, 0], [4, 0], [0, 4]], width: 5, height: 5)
        #expect(picture(pixels, width: 5, height: 5) == ["#####", "####.", "###..", "##...", "#...."])
    }

    @Test func concavePolygon() {
        let pixels = RegionMask.pixels(kind: .polygon, points: [[0, 0], [4, 0], [4, 1], [1, 1], [1, 4], [0, 4]],
                                       width: 5, height: 5)
        #expect(picture(pixels, width: 5, height: 5) == ["#####", "#####", "##...", "##...", "##..."])
    }

    @Test func polygonOnRectangleCornersEqualsRectangle() {
        let polygon = RegionMask.pixels(kind: .polygon, points: [[1, 1], [5, 1], [5, 3], [1, 3]], width: 8, height: 8)
        let rectangle = RegionMask.pixels(kind: .rectangle, points: [[1, 1], [5, 3]], width: 8, height: 8)
        #expect(polygon == rectangle)
        #expect(polygon.count == 15)
    }

    @Test func diamondCountsCentresOnly() {
        // |c − 2| + |r − 2| ≤ 2: 1 + 3 + 5 + 3 + 1 pixels.
        let pixels = RegionMask.pixels(kind: .polygon, points: [[2, 0], [4, 2], [2, 4], [0, 2]], width: 5, height: 5)
        #expect(picture(pixels, width: 5, height: 5) == ["..#..", ".###.", "#####", ".###.", "..#.."])
    }
}
