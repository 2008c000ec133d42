import Foundation
import Testing
import TestSupport

/// `slicemark render` of real sample files drawn 1:1 must show, pixel for pixel, the greys that
/// pydicom's values give under the same window (scripts/expected/render.py).
@Suite struct RenderRealFilesTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let file: String
        let fileWindow: Bool
        let center: Double
        let width: Double
        let columns: Int
        let rows: Int
        let greys: [[Int]]
        var testDescription: String { file }
    }

    static let cases: [Case] = {
        guard let json = try? Fixtures.expected("render") as? [String: Any],
              let list = json["cases"] as? [[String: Any]] else { return [] }
        return list.compactMap { c in
            guard let file = c["file"] as? String, let center = c["center"] as? Double,
                  let width = c["width"] as? Double, let columns = c["columns"] as? Int,
                  let rows = c["rows"] as? Int, let greys = c["greys"] as? [[Int]] else { return nil }
            return Case(file: file, fileWindow: c["fileWindow"] as? Bool ?? false, center: center, width: width,
                        columns: columns, rows: rows, greys: greys)
        }
    }()

    @Test func theExpectedValuesExist() {
        #expect(Self.cases.count >= 2, "run scripts/fixtures.sh")
    }

    @Test(arguments: cases)
    func everyPixelHasPydicomsGrey(_ c: Case) throws {
        var arguments = ["render", Fixtures.path(c.file), "--cols", String(c.columns), "--color", "truecolor"]
        if !c.fileWindow { arguments += ["--window", String(c.width), "--level", String(c.center)] }
        let result = try runProcess(Fixtures.executable, arguments)
        #expect(result.status == 0, "\(result.stderr)")
        var screen = ANSIScreen(columns: c.columns, rows: 1, grows: true)
        try screen.feed(Array(result.stdout.utf8))
        #expect(screen.rows == c.rows / 2 + 1)
        var wrong: [String] = []
        for row in 0..<c.rows {
            for column in 0..<c.columns {
                let halves = screen.halves(column: column, row: row / 2)
                let shown = row % 2 == 0 ? halves?.top : halves?.bottom
                let g = UInt8(c.greys[row][column])
                if shown != ANSIScreen.Color(g, g, g) { wrong.append("(\(column), \(row)): \(String(describing: shown)) not \(g)") }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.count) pixels differ, first \(wrong.prefix(3))")
    }
}
