import Foundation
import Testing
import TestSupport

/// A track and a frame range on pydicom-data's 120-frame ultrasound cine (Frame Time 33.333 ms)
/// in a real terminal: a landmark made a track on frame 1, moved on frames 21 and 41 (each
/// becomes a key frame); on frame 31 it is shown interpolated, half way; "bleeding" labelled
/// from frame 31 to 41. The sidecar holds both, valid against the schema.
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
        // 120 JPEG frames: give a loaded machine time. A cine opens on its first frame.
        let first = try #require(try tmux.waitFor(timeout: 120) { $0.contains("frame 1/120") && AnnotatingEndToEndTests.statusVoxel($0) != nil })
        let start = try #require(AnnotatingEndToEndTests.statusVoxel(first))
        #expect(start[2] == 0)
        let (c, r) = (start[0], start[1])

        try tmux.send("m")
        _ = try #require(try tmux.waitFor("placed landmark \"landmark 1\""))
        try tmux.send("T")
        _ = try #require(try tmux.waitFor("is a track: key frame 1"))
        // Frame 21: ten pixels right, in move mode.
        try tmux.send("}", "}")
        _ = try #require(try tmux.waitFor("frame 21/120"))
        try tmux.send("M")
        _ = try #require(try tmux.waitFor("move mode"))
        try tmux.send("L")
        _ = try #require(try tmux.waitFor("on frame 21 (a key frame)"))
        try tmux.send("M")
        // Frame 41: ten pixels down.
        try tmux.send("}", "}")
        _ = try #require(try tmux.waitFor("frame 41/120"))
        try tmux.send("M")
        try tmux.send("J")
        _ = try #require(try tmux.waitFor("on frame 41 (a key frame)"))
        try tmux.send("M")
        let saved = try #require(try AnnotatingEndToEndTests.sidecar(in: folder) { Self.keyframes($0).count == 3 })
        let keys = Self.keyframes(saved)
        #expect(keys.map { $0["frame"] as? Int } == [0, 20, 40])
        let voxels = keys.map { (($0["points"] as? [[String: Any]])?.first?["voxel"] as? [Int]) ?? [] }
        #expect(voxels == [[c, r, 0], [c + 10, r, 20], [c + 10, r + 10, 40]])
        #expect(keys.map { $0["seconds"] as? Double } == [0, 0.66666, 1.33332])

        // Frame 31, between the key frames of 21 and 41: shown half way, dimmed, marked interpolated.
        try tmux.send("{")
        _ = try #require(try tmux.waitFor("frame 31/120"))
        try tmux.send("Tab")
        let between = try #require(try tmux.waitFor(timeout: 10) { AnnotatingEndToEndTests.statusVoxel($0) == [c + 10, r + 5, 30] })
        #expect(between.contains("landmark 1 [interp]"), "\(between)")
        #expect(between.contains("interpolated (3 keys)"))
        // On a key frame it says so.
        try tmux.send("}")
        _ = try #require(try tmux.waitFor("frame 41/120"))
        _ = try #require(try tmux.waitFor("landmark 1 [key]"))
        try tmux.send("{")
        _ = try #require(try tmux.waitFor("frame 31/120"))

        // "bleeding" from frame 31 to 41.
        try Self.command(tmux, "range-label bleeding")
        _ = try #require(try tmux.waitFor("\"bleeding\" from frame 31"))
        _ = try #require(try tmux.waitFor("▶bleeding"))
        try tmux.send("}")
        _ = try #require(try tmux.waitFor("frame 41/120"))
        try Self.command(tmux, "range-label bleeding")
        _ = try #require(try tmux.waitFor("frame range \"bleeding\" frames 31–41"))
        let labelled = try #require(try AnnotatingEndToEndTests.sidecar(in: folder) { json in
            ((json["labels"] as? [[String: Any]])?.first?["frames"] as? [String: Any])?["last"] as? Int == 40
        })
        let label = try #require((labelled["labels"] as? [[String: Any]])?.first)
        #expect(label["labelSet"] as? String == "frames" && label["name"] as? String == "bleeding")
        let frames = try #require(label["frames"] as? [String: Any])
        #expect(frames["first"] as? Int == 30 && frames["firstSeconds"] as? Double == 0.99999 && frames["lastSeconds"] as? Double == 1.33332)
        // On frame 42 the range is over: the status row no longer names it.
        try tmux.send("]")
        let after = try #require(try tmux.waitFor("frame 42/120"))
        let statusRow = try #require(after.components(separatedBy: "\n").first { $0.contains("frame 42/120") })
        #expect(!statusRow.contains("bleeding"), "\(statusRow)")
        #expect(try AnnotatingEndToEndTests.schemaProblems(in: folder) == "")
        try tmux.send("q")
    }
}
