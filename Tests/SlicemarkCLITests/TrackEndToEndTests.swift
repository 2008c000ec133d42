import Foundation
import Testing
import TestSupport

/// A track and a frame range on pydicom-data's 120-frame ultrasound cine (Frame Time 33.333 ms)
/// in a real terminal: a landmark made a track on frame 61, moved on frames 81 and 101 (each
/// becomes a key frame); on frame 91 it is shown interpolated, half way; "bleeding" labelled
/// from frame 91 to 101. The sidecar holds both, valid against the schema.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable))
struct TrackEndToEndTests {
    static let cine = "generated/presentation/color3d_jpeg_baseline.dcm"

    static func command(_ tmux: TmuxSession, _ text: String) throws {
        try tmux.send(":")
        try tmux.send(text, literal: true)
        try tmux.send("Enter")
    }

    static func keyframes(_ json: [String: Any]) -> [[String: Any]] {
        let track = (json["annotations"] as? [[String: Any]])?.first?["track"] as? [String: Any]
        return track?["keyframes"] as? [[String: Any]] ?? []
    }

    @Test func aTrackOnThreeKeyFramesInterpolatesAndAFrameRangeIsLabelled() throws {
        let folder = NSTemporaryDirectory() + "slicemark-tracks-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/cine.dcm"
        try FileManager.default.copyItem(atPath: Fixtures.path(Self.cine), toPath: path)
        let tmux = try TmuxSession([Fixtures.executable, path], columns: 120, rows: 32, environment: AnnotatingEndToEndTests.environment)
        defer { tmux.close() }
        // 120 JPEG frames: give a loaded machine time. The cursor starts on the middle frame.
        let first = try #require(try tmux.waitFor(timeout: 120) { $0.contains("frame 61/120") && AnnotatingEndToEndTests.statusVoxel($0) != nil })
        let start = try #require(AnnotatingEndToEndTests.statusVoxel(first))
        #expect(start[2] == 60)
        let (c, r) = (start[0], start[1])

        try tmux.send("m")
        _ = try #require(try tmux.waitFor("placed landmark \"landmark 1\""))
        try tmux.send("T")
        _ = try #require(try tmux.waitFor("is a track: key frame 61"))
        // Frame 81: ten pixels right, in move mode.
        try tmux.send("}", "}")
        _ = try #require(try tmux.waitFor("frame 81/120"))
        try tmux.send("M")
        _ = try #require(try tmux.waitFor("move mode"))
        try tmux.send("L")
        _ = try #require(try tmux.waitFor("on frame 81 (a key frame)"))
        try tmux.send("M")
        // Frame 101: ten pixels down.
        try tmux.send("}", "}")
        _ = try #require(try tmux.waitFor("frame 101/120"))
        try tmux.send("M")
        try tmux.send("J")
        _ = try #require(try tmux.waitFor("on frame 101 (a key frame)"))
        try tmux.send("M")
        let saved = try #require(try AnnotatingEndToEndTests.sidecar(in: folder) { Self.keyframes($0).count == 3 })
        let keys = Self.keyframes(saved)
        #expect(keys.map { $0["frame"] as? Int } == [60, 80, 100])
        let voxels = keys.map { (($0["points"] as? [[String: Any]])?.first?["voxel"] as? [Int]) ?? [] }
        #expect(voxels == [[c, r, 60], [c + 10, r, 80], [c + 10, r + 10, 100]])
        #expect(keys.map { $0["seconds"] as? Double } == [1.99998, 2.66664, 3.3333])

        // Frame 91, between the key frames of 81 and 101: shown half way, dimmed, marked interpolated.
        try tmux.send("{")
        _ = try #require(try tmux.waitFor("frame 91/120"))
        try tmux.send("Tab")
        let between = try #require(try tmux.waitFor(timeout: 10) { AnnotatingEndToEndTests.statusVoxel($0) == [c + 10, r + 5, 90] })
        #expect(between.contains("landmark 1 [interp]"), "\(between)")
        #expect(between.contains("interpolated (3 keys)"))
        // On a key frame it says so.
        try tmux.send("}")
        _ = try #require(try tmux.waitFor("frame 101/120"))
        _ = try #require(try tmux.waitFor("landmark 1 [key]"))
        try tmux.send("{")
        _ = try #require(try tmux.waitFor("frame 91/120"))

        // "bleeding" from frame 91 to 101.
        try Self.command(tmux, "range-label bleeding")
        _ = try #require(try tmux.waitFor("\"bleeding\" from frame 91"))
        _ = try #require(try tmux.waitFor("▶bleeding"))
        try tmux.send("}")
        _ = try #require(try tmux.waitFor("frame 101/120"))
        try Self.command(tmux, "range-label bleeding")
        _ = try #require(try tmux.waitFor("frame range \"bleeding\" frames 91–101"))
        let labelled = try #require(try AnnotatingEndToEndTests.sidecar(in: folder) { json in
            ((json["labels"] as? [[String: Any]])?.first?["frames"] as? [String: Any])?["last"] as? Int == 100
        })
        let label = try #require((labelled["labels"] as? [[String: Any]])?.first)
        #expect(label["labelSet"] as? String == "frames" && label["name"] as? String == "bleeding")
        let frames = try #require(label["frames"] as? [String: Any])
        #expect(frames["first"] as? Int == 90 && frames["firstSeconds"] as? Double == 2.99997 && frames["lastSeconds"] as? Double == 3.3333)
        // On frame 102 the range is over: the status row no longer names it.
        try tmux.send("]")
        let after = try #require(try tmux.waitFor("frame 102/120"))
        let statusRow = try #require(after.components(separatedBy: "\n").first { $0.contains("frame 102/120") })
        #expect(!statusRow.contains("bleeding"), "\(statusRow)")
        #expect(try AnnotatingEndToEndTests.schemaProblems(in: folder) == "")
        try tmux.send("q")
    }
}
