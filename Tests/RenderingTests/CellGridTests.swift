import Testing
@testable import Rendering

@Suite struct CellGridTests {
    @Test func writeClipsAtTheRightEdge() {
        var grid = CellGrid(columns: 4, rows: 2)
        grid.write("hello", column: 1, row: 1)
        #expect(grid[1, 1].glyph == "h")
        #expect(grid[3, 1].glyph == "l")
        #expect(grid[0, 1].glyph == " ")
    }
}
