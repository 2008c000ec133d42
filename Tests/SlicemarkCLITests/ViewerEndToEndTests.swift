import Foundation
import Testing
import TestSupport
import VolumeKit

/// The built viewer in a real (tmux) terminal: `COLORTERM=truecolor` with a plain
/// `TERM=xterm-256color`, keys sent, the screen read back with its colours.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable))
struct ViewerEndToEndTests {
    static let environment = [
        "COLORTERM": "truecolor", "TERM": "xterm-256color", "LANG": "C.UTF-8",
        "XDG_CONFIG_HOME": "/nonexistent-slicemark-config", "USER": "e2e",
    ]

    static func start(_ arguments: [String] = [], columns: Int = 80, rows: Int = 24) throws -> TmuxSession {
        try TmuxSession([Fixtures.executable] + arguments, columns: columns, rows: rows, environment: environment)
    }

    /// Rows of the screen from the top, as plain text.
    static func lines(_ screen: String) -> [String] { screen.components(separatedBy: "\n") }

    @Test func demoAt80x24StatusImageAndCleanQuit() throws {
        let tmux = try Self.start()
        let first = try #require(try tmux.waitFor("slice 49/96"))
        let rows = Self.lines(first)
        #expect(rows[21].contains("demo phantom │ axial │ slice 49/96 │ zoom 1× │ truecolour │ annotator e2e"))
        #expect(rows[22].contains("voxel [128, 128, 48]"))

        try tmux.send("]", "l", "l", "j")
        let moved = try #require(try tmux.waitFor("voxel [130, 129, 49]"))
        let phantom = DemoPhantom.volume()
        let value = Int(phantom.value(130, 129, 49))
        let position = phantom.patientPosition(130, 129, 49)
        // Separators are " │ ", or "│" when the line would not fit.
        let readout = Self.lines(moved)[22].replacingOccurrences(of: " │ ", with: "│")
        #expect(Self.lines(moved)[21].contains("slice 50/96"))
        #expect(readout.contains("│\(value) HU│"), "\(readout)")
        #expect(readout.contains(String(format: "LPS (%.1f, %.1f, %.1f) mm", position.x, position.y, position.z)))
        #expect(readout.contains("W 400 L 40"))

        // The image cells are the pixels `slicemark render` draws for the same view.
        let screen = CapturedScreen(try tmux.capture(escapes: true))
        let render = try runProcess(Fixtures.executable, ["render", "--demo", "--axis", "axial", "--slice", "50",
                                                          "--cols", "80", "--rows", "21", "--window", "400",
                                                          "--level", "40", "--color", "truecolor"])
        #expect(render.status == 0)
        let expected = CapturedScreen(render.stdout)
        var compared = 0, different = 0, greyish = 0
        for row in 0..<21 {
            for column in 0..<80 {
                guard let cell = screen.cell(column: column, row: row), let pixels = cell.pixels,
                      let want = expected.cell(column: column, row: row)?.pixels else { continue }
                // The cursor crosshair is green: those cells are the viewer's own.
                let green = [pixels.top, pixels.bottom].contains { $0[1] > $0[0] + 40 && $0[1] > $0[2] + 40 }
                if green { continue }
                compared += 1
                if pixels.top != want.top || pixels.bottom != want.bottom { different += 1 }
                if pixels.top[0] == pixels.top[1], pixels.top[1] == pixels.top[2], pixels.top[0] > 30 { greyish += 1 }
            }
        }
        #expect(compared > 80 * 21 * 8 / 10)
        #expect(different == 0)
        #expect(greyish > 200, "the body should show as grey cells")

        try tmux.send("q")
        let after = try #require(try tmux.waitFor("SLICEMARK_EXIT="))
        #expect(after.contains("SLICEMARK_EXIT=0"))
        #expect(after.trimmingCharacters(in: .whitespacesAndNewlines) == "SLICEMARK_EXIT=0", "the screen is left clean")
    }

    @Test func resizeMidSessionThreePlanesAndTooSmall() throws {
        let tmux = try Self.start()
        _ = try #require(try tmux.waitFor("slice 49/96"))
        try tmux.send("t")
        _ = try #require(try tmux.waitFor("coronal 129/256"))
        try tmux.resize(columns: 120, rows: 40)
        let big = try #require(try tmux.waitFor { Self.lines($0).count >= 40 && Self.lines($0)[37].contains("3 planes (axial)") })
        #expect(Self.lines(big)[0].contains("axial 49/96"))
        try tmux.resize(columns: 30, rows: 10)
        _ = try #require(try tmux.waitFor("Terminal too small"))
        try tmux.resize(columns: 80, rows: 24)
        let back = try #require(try tmux.waitFor { Self.lines($0)[21].contains("3 planes") })
        #expect(!back.contains("Terminal too small"))
        try tmux.send("q")
        #expect(try tmux.waitFor("SLICEMARK_EXIT=0") != nil)
    }

    @Test func killingTheTerminalEndsTheViewer() throws {
        let tmux = try Self.start()
        _ = try #require(try tmux.waitFor("slice 49/96"))
        let pid = try #require(try tmux.programPID())
        try tmux.killServer()
        // Gone, or a zombie nobody reaps once its shell is gone too.
        func running() -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
            return !stat.contains(") Z ")
        }
        let deadline = Date().addingTimeInterval(10)
        while running() && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!running(), "slicemark is still running after its terminal went away")
    }

    @Test func sigtermRestoresTheTerminal() throws {
        let tmux = try Self.start()
        _ = try #require(try tmux.waitFor("slice 49/96"))
        let pid = try #require(try tmux.programPID())
        kill(pid, SIGTERM)
        let after = try #require(try tmux.waitFor("SLICEMARK_EXIT="))
        #expect(after.trimmingCharacters(in: .whitespacesAndNewlines) == "SLICEMARK_EXIT=143")
    }
}

/// Real files: the status line's voxel value is what VolumeKit reads at that voxel.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable))
struct ViewerRealFileTests {
    static func readout(_ screen: String, rows: Int) -> (status: String, values: String) {
        let lines = screen.components(separatedBy: "\n")
        // Separators are " │ ", or "│" when the line would not fit.
        return (lines[rows - 3], lines[rows - 2].replacingOccurrences(of: " │ ", with: "│"))
    }

    @Test func fourDimensionalNiftiGz() throws {
        let path = Fixtures.path("nibabel/example4d.nii.gz")
        let volume = try VolumeLoader.load(path: path)
        let tmux = try ViewerEndToEndTests.start([path], columns: 100, rows: 30)
        let c = [volume.width / 2, volume.height / 2, volume.depth / 2]
        _ = try #require(try tmux.waitFor("voxel [\(c[0]), \(c[1]), \(c[2])]"))
        try tmux.send(")", "]")
        let screen = try #require(try tmux.waitFor { $0.contains("t 2/\(volume.timepoints)") && $0.contains("voxel [\(c[0]), \(c[1]), \(c[2] + 1)]") })
        let (status, values) = Self.readout(screen, rows: 30)
        #expect(status.contains("slice \(c[2] + 2)/\(volume.depth)"))
        let value = volume.value(c[0], c[1], c[2] + 1, t: 1)
        let shown = value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
        #expect(values.contains("voxel [\(c[0]), \(c[1]), \(c[2] + 1)]│") && values.contains("│\(shown)│"), "\(values)")
        try tmux.send("q")
        #expect(try tmux.waitFor("SLICEMARK_EXIT=0") != nil)
    }

    @Test func dicomSeriesFolderInCoronal() throws {
        let folder = Fixtures.path("pydicom/dicomdirtests/77654033/CT2")
        let volume = try VolumeLoader.load(path: folder)
        let tmux = try ViewerEndToEndTests.start([folder])
        _ = try #require(try tmux.waitFor("slice \(volume.depth / 2 + 1)/\(volume.depth)"))
        try tmux.send("c", "l", "[")
        let cursor = SIMD3(volume.width / 2 + 1, volume.height / 2 - 1, volume.depth / 2)
        let screen = try #require(try tmux.waitFor { $0.contains("coronal") && $0.contains("voxel [\(cursor.x), \(cursor.y), \(cursor.z)]") })
        let (_, values) = Self.readout(screen, rows: 24)
        let hu = Int(volume.value(cursor.x, cursor.y, cursor.z))
        #expect(values.contains("voxel [\(cursor.x), \(cursor.y), \(cursor.z)]│"), "\(values)")
        #expect(values.contains("│\(hu) HU│"), "\(values)")
        try tmux.send("q")
        #expect(try tmux.waitFor("SLICEMARK_EXIT=0") != nil)
    }
}
