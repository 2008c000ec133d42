import Foundation
import Testing
import TestSupport

@Suite struct RenderCommandTests {
    func render(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(Fixtures.executable, ["render"] + arguments, environment: ["TERM": "xterm-256color"])
    }

    func screen(_ output: String, columns: Int) throws -> ANSIScreen {
        var screen = ANSIScreen(columns: columns, rows: 1, grows: true)
        try screen.feed(Array(output.utf8))
        return screen
    }

    @Test func theDemoKeepsItsProportionsAndIsCentred() throws {
        // The phantom is 256 × 256 pixels of 0.9 mm: square, so 40 columns make 20 rows.
        let result = try render(["--demo", "--cols", "40", "--color", "truecolor"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 21 && lines.last == "")
        let screen = try screen(result.stdout, columns: 40)
        let corner = screen.halves(column: 0, row: 0)
        #expect(corner?.top == ANSIScreen.Color(0, 0, 0))
        // Soft tissue in the soft-tissue window is mid-grey, never black or white.
        let centre = screen.halves(column: 20, row: 10)?.top
        #expect(centre != nil && centre!.r > 40 && centre!.r < 250)
        #expect(centre?.r == centre?.g && centre?.g == centre?.b)
    }

    @Test func rowsColumnsAndZoomCanBeGiven() throws {
        let result = try render(["--demo", "--cols", "30", "--rows", "7", "--axis", "coronal", "--color", "truecolor",
                                 "--zoom", "3"])
        #expect(result.status == 0)
        let screen = try screen(result.stdout, columns: 30)
        #expect(screen.rows == 8)
        let plain = try render(["--demo", "--cols", "30", "--rows", "7", "--axis", "coronal", "--color", "truecolor"])
        #expect(plain.status == 0 && plain.stdout != result.stdout)
    }

    @Test(arguments: [("truecolor", "38;2;"), ("256", "38;5;"), ("16", "\u{1B}[9")])
    func colourModesUseTheirSequences(mode: String, marker: String) throws {
        let result = try render(["--demo", "--cols", "32", "--color", mode, "--window", "400", "--level", "40"])
        #expect(result.status == 0)
        #expect(result.stdout.contains(marker) || (mode == "16" && result.stdout.contains("\u{1B}[3")))
        if mode != "truecolor" { #expect(!result.stdout.contains("38;2;")) }
        _ = try screen(result.stdout, columns: 32)
    }

    @Test func monoHasNoEscapesAtAll() throws {
        let result = try render(["--demo", "--cols", "32", "--color", "mono"])
        #expect(result.status == 0)
        #expect(!result.stdout.contains("\u{1B}"))
        #expect(result.stdout.contains("\u{2588}") || result.stdout.contains("\u{2593}"))
    }

    @Test(arguments: [
        (["--cols", "20"], "no image given"),
        (["--demo", "--color", "lots"], "--color lots"),
        (["--demo", "--slice", "500"], "slice 500"),
        (["--demo", "--preset", "kidney"], "unknown window preset kidney"),
        (["--demo", "--window=-3"], "--window must be a positive width"),
        (["--demo", "--zoom", "0"], "--zoom 0.0"),
        (["/nonexistent/scan.nii.gz"], "/nonexistent/scan.nii.gz"),
    ])
    func badRequestsAreOneLineOnStderr(arguments: [String], mention: String) throws {
        let result = try render(arguments)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains(mention) == true, "\(result.stderr)")
    }

    @Test func measureReportsTimingAndBytes() throws {
        let result = try render(["--demo", "--cols", "16", "--rows", "8", "--color", "truecolor", "--measure", "3"])
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(json?["frames"] as? Int == 3)
        #expect((json?["fullFrameBytes"] as? Int ?? 0) > 16 * 8 * 4)
    }
}
