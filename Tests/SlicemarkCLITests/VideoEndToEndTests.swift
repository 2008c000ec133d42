import Foundation
import Testing
import TestSupport

/// An H.264 DICOM video (40 real ultrasound frames at 30 a second, scripts/expected/video.py)
/// in a real terminal: frames with their times, played at the file's rate, paused, stepped,
/// sought by time and by frame, played once through with `:loop off`.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable))
struct VideoEndToEndTests {
    static func frame(_ screen: String) -> Int? {
        guard let range = screen.range(of: #"frame (\d+)/40"#, options: .regularExpression) else { return nil }
        return Int(screen[range].dropFirst(6).prefix { $0 != "/" })
    }

    /// Distinct truecolour foregrounds on the screen: a decoded picture has many, a black one none.
    static func colours(_ screen: String) -> Int {
        Set(screen.components(separatedBy: "38;2;").dropFirst().map { $0.prefix { $0 != "m" } }).count
    }

    @Test func anH264VideoPlaysAtItsRatePausesStepsAndSeeks() throws {
        let tmux = try TmuxSession([Fixtures.executable, Fixtures.path("generated/video/h264_hp41.dcm")],
                                   columns: 100, rows: 30, environment: ViewerEndToEndTests.environment)
        defer { tmux.close() }
        let first = try #require(try tmux.waitFor("frame 1/40 · 0.00 s", timeout: 60))
        #expect(!first.contains("axial") && !first.contains("slice"), "frames, not slices")
        #expect(Self.colours(try tmux.capture(escapes: true)) > 20, "the first frame is decoded")

        let started = Date()
        try tmux.send("C-p")
        let playing = try #require(try tmux.waitFor(timeout: 10, waitingFor: "frame 16") { (Self.frame($0) ?? 1) >= 16 })
        let elapsed = Date().timeIntervalSince(started)
        #expect(playing.contains("▶"))
        // 30 frames a second: frame 16 comes half a second in; never faster than the file's rate.
        #expect(elapsed >= 0.45, "\(elapsed) s to frame 16")
        try tmux.send("C-p")
        let paused = try #require(try tmux.waitFor("paused"))
        let shown = try #require(Self.frame(paused))
        #expect(paused.contains(String(format: "frame %d/40 · %.2f s", shown, Double(shown - 1) * 0.0333333)))
        Thread.sleep(forTimeInterval: 0.4)
        #expect(Self.frame(try tmux.capture()) == shown, "paused stays")
        try tmux.send("]")
        #expect(try tmux.waitFor("frame \(shown % 40 + 1)/40") != nil)

        try tmux.send(":seek 1s", "Enter")
        #expect(try tmux.waitFor("frame 31/40 · 1.00 s") != nil)
        let sought = try tmux.capture(escapes: true)
        #expect(Self.colours(sought) > 20, "a frame sought to is decoded")
        try tmux.send("M-Left")
        #expect(try tmux.waitFor("frame 1/40 · 0.00 s") != nil)
        try tmux.send("M-Right")
        #expect(try tmux.waitFor("frame 31/40 · 1.00 s") != nil)
        try tmux.send(":seek 25", "Enter")
        #expect(try tmux.waitFor("frame 25/40 · 0.80 s") != nil)
        try tmux.send(":seek -0.5s", "Enter")
        #expect(try tmux.waitFor("frame 10/40 · 0.30 s") != nil)

        try tmux.send(":loop off", "Enter")
        #expect(try tmux.waitFor("stops at the last frame") != nil)
        try tmux.send("C-p")
        let end = try #require(try tmux.waitFor("last frame: paused", timeout: 10))
        #expect(Self.frame(end) == 40)
    }

    /// The tracks of cines work on a video's frames as on any cine's: a landmark made a track
    /// on frame 1, moved on frame 21 (reached with :seek), shown half way on frame 11.
    @Test func aTrackOnAVideosFramesInterpolates() throws {
        let folder = NSTemporaryDirectory() + "slicemark-video-track-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/video.dcm"
        try FileManager.default.copyItem(atPath: Fixtures.path("generated/video/h264_hp41.dcm"), toPath: path)
        let tmux = try TmuxSession([Fixtures.executable, path], columns: 120, rows: 32, environment: AnnotatingEndToEndTests.environment)
        defer { tmux.close() }
        let first = try #require(try tmux.waitFor(timeout: 60) { $0.contains("frame 1/40") && AnnotatingEndToEndTests.statusVoxel($0) != nil })
        let start = try #require(AnnotatingEndToEndTests.statusVoxel(first))
        let (c, r) = (start[0], start[1])
        try tmux.send("m")
        _ = try #require(try tmux.waitFor("placed landmark \"landmark 1\""))
        try tmux.send("T")
        _ = try #require(try tmux.waitFor("is a track: key frame 1"))
        try TrackEndToEndTests.command(tmux, "seek 21")
        _ = try #require(try tmux.waitFor("frame 21/40 · 0.67 s"))
        try tmux.send("M")
        _ = try #require(try tmux.waitFor("move mode"))
        try tmux.send("L")
        _ = try #require(try tmux.waitFor("on frame 21 (a key frame)"))
        try tmux.send("M")
        let saved = try #require(try AnnotatingEndToEndTests.sidecar(in: folder) { TrackEndToEndTests.keyframes($0).count == 2 })
        let keys = TrackEndToEndTests.keyframes(saved)
        #expect(keys.map { $0["frame"] as? Int } == [0, 20])
        #expect(keys.map { $0["seconds"] as? Double } == [0, 0.666666], "Frame Time 33.3333 ms")
        try TrackEndToEndTests.command(tmux, "seek 11")
        _ = try #require(try tmux.waitFor("frame 11/40"))
        try tmux.send("Tab")
        let between = try #require(try tmux.waitFor(timeout: 10) { AnnotatingEndToEndTests.statusVoxel($0) == [c + 5, r, 10] })
        #expect(between.contains("landmark 1 [interp]"), "\(between)")
        #expect(Self.colours(try tmux.capture(escapes: true)) > 20, "the frame under the track is decoded")
        try tmux.send("q")
    }
}
