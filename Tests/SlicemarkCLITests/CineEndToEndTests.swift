import Foundation
import Testing
import TestSupport

/// pydicom-data's 120-frame ultrasound cine (Frame Time 33.333 ms) and a CR radiograph in a
/// real terminal: frames, not slices; Ctrl-P plays at the file's rate; the radiograph's edges
/// carry its own directions.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable))
struct CineEndToEndTests {
    static func start(_ file: String) throws -> TmuxSession {
        try TmuxSession([Fixtures.executable, Fixtures.path("generated/presentation/" + file)], columns: 100, rows: 30,
                        environment: ViewerEndToEndTests.environment)
    }

    static func frame(_ screen: String) -> Int? {
        guard let range = screen.range(of: #"frame (\d+)/120"#, options: .regularExpression) else { return nil }
        return Int(screen[range].dropFirst(6).prefix { $0 != "/" })
    }

    @Test func theCinePlaysAtItsRateAndPauses() throws {
        let tmux = try Self.start("color3d_jpeg_baseline.dcm")
        defer { tmux.close() }
        // 120 JPEG frames: give a loaded machine time.
        let first = try #require(try tmux.waitFor("frame 1/120 · 0.00 s", timeout: 120))
        #expect(!first.contains("axial"))
        #expect(!first.contains("Image Position"), "no word about slice positions for frames in time")
        try tmux.send("t")
        #expect(try tmux.waitFor("frames in time") != nil)
        let started = Date()
        try tmux.send("C-p")
        _ = try #require(try tmux.waitFor(timeout: 10, waitingFor: "playing") { (Self.frame($0) ?? 1) >= 16 })
        let elapsed = Date().timeIntervalSince(started)
        try tmux.send("C-p")
        let paused = try #require(try tmux.waitFor("paused"))
        let shown = try #require(Self.frame(paused))
        // 30 frames a second: frame 16 comes half a second in; never faster than the file's rate.
        #expect(elapsed >= 0.45, "\(elapsed) s to frame 16")
        #expect(paused.contains(String(format: "frame %d/120 · %.2f s", shown, Double(shown - 1) * 0.033333)))
        Thread.sleep(forTimeInterval: 0.5)
        #expect(Self.frame(try tmux.capture()) == shown, "paused stays")
        try tmux.send("]")
        #expect(try tmux.waitFor("frame \(shown + 1)/120") != nil)
    }

    @Test func aRadiographIsLabelledWithItsOwnDirections() throws {
        let tmux = try Self.start("RG1_UNCR.dcm")
        defer { tmux.close() }
        let screen = try #require(try tmux.waitFor("projection L\\F", timeout: 60))
        let rows = screen.components(separatedBy: "\n")
        #expect(rows[0].contains("H") && !rows[0].contains(" A "))
        #expect(rows[13].hasPrefix("R") && rows[13].trimmingCharacters(in: .whitespaces).hasSuffix("L"), "\(rows[13])")
    }
}
