import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import Annotations

/// Exports of a cine (a 30-frame US multi-frame image pydicom writes, 40 ms a frame): a track's
/// CSV rows on every frame it is shown on, and a COCO image per frame, each checked by
/// `scripts/reference/export_check.py` (pandas, pycocotools, pydicom) against its own
/// interpolation of the sidecar's key frames.
@Suite(.serialized) struct ExportFrameTests {
    struct Made {
        var folder: TemporaryFolder
        var image: String
        var sidecar: String
    }

    static func make() throws -> Made {
        let folder = try TemporaryFolder()
        let image = folder.file("cine.dcm")
        _ = try PythonCheck.run("scripts/reference/make_cine.py", "grey",
                                ["path": image, "frames": 30, "rows": 48, "columns": 64, "frame_time": 40])
        let volume = try VolumeLoader.load(path: image)
        let timing = try #require(FrameTiming(volume: volume))
        #expect(timing == FrameTiming(count: 30, intervalMS: 40))
        let store = try AnnotationStore(volume: volume)
        var s = AnnotationSession(document: try store.load().document, annotator: "alice", ids: RecordIDs(seed: 3),
                                  now: ExportFixture.t0)
        s.frameTiming = timing
        let plane = volume.nativePlane
        // A landmark track: frame 2, moved on frames 12 and 22, ended on 27.
        _ = s.placeLandmark(at: [10, 10, 2], plane: plane, volume: volume)
        _ = s.keyframeSelected(at: 2, volume: volume)
        for _ in 0..<10 { _ = s.nudgeSelected(columns: 1, rows: 0, plane: plane, volume: volume, frame: 12) }
        s.endMoveRun()
        _ = s.nudgeSelected(columns: 0, rows: 10, plane: plane, volume: volume, frame: 22)
        _ = s.endTrackSelected(at: 27, volume: volume)
        // A box track from frame 0, drawn again on frame 20 from its other corner.
        _ = s.click(.rectangle, at: [5, 5, 0], plane: plane, volume: volume)
        _ = s.click(.rectangle, at: [15, 12, 0], plane: plane, volume: volume)
        _ = s.keyframeSelected(at: 0, volume: volume)
        for _ in 0..<7 { _ = s.nudgeSelected(columns: 3, rows: 1, plane: plane, volume: volume, frame: 20) }
        // A plain rectangle on frame 5 and a frame range 4–9.
        _ = s.click(.rectangle, at: [30, 30, 5], plane: plane, volume: volume)
        _ = s.click(.rectangle, at: [34, 33, 5], plane: plane, volume: volume)
        _ = s.toggleFrameRange("bleeding", at: 4)
        _ = s.toggleFrameRange("bleeding", at: 9)
        _ = try store.save(s.document, audit: s.takeAuditEvents())
        return Made(folder: folder, image: image, sidecar: store.sidecarPath)
    }

    @Test func csvWritesATrackOnEveryFrameItIsShownOn() throws {
        let made = try Self.make()
        defer { made.folder.cleanUp() }
        let out = made.folder.file("out")
        let run = try ExportFixture.export(["--format", "csv", "--out", out, made.image])
        #expect(run.status == 0, "\(run.stderr)")
        let read = try ExportFixture.check("csv", ["csv": out + "/annotations.csv", "sidecars": [made.sidecar], "frames": 30])
        #expect((read["mismatches"] as? [String]) == [])
        // The landmark on frames 2–26 (25 rows), the box on 0–29 (30 frames × 2 corners).
        #expect(read["track_rows"] as? Int == 25 + 60)
        #expect(read["compared"] as? Int == 85 + 2)
        let times = try #require(read["times"] as? [String: String])
        #expect(times["12"] == "0.48" && times["5"] == "0.2" && times["0"] == "0.0")
        let ranges = try #require(read["ranges"] as? [[String: String]])
        #expect(ranges == [["label": "frames:bleeding", "first": "4", "last": "9", "first_s": "0.16", "last_s": "0.36"]])
    }

    @Test func cocoHasAnImagePerFrameWithThatFramesAnnotations() throws {
        let made = try Self.make()
        defer { made.folder.cleanUp() }
        let out = made.folder.file("out")
        let run = try ExportFixture.export(["--format", "coco", "--out", out, made.image])
        #expect(run.status == 0, "\(run.stderr)")
        let read = try ExportFixture.check("coco", ["coco": out + "/annotations.json", "images": out + "/images",
                                                    "sidecars": [made.sidecar]])
        #expect((read["errors"] as? [String]) == [])
        let checked = try #require(read["checked"] as? [String: Int])
        // Every frame the box is on (0–29) is an image; 30 box frames and 25 landmark frames checked.
        #expect(read["images"] as? Int == 30 && checked["png"] == 30)
        #expect(checked["track"] == 55 && checked["bbox"] == 31 && checked["keypoints"] == 25)
        let coco = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/annotations.json"))) as? [String: Any]
        let images = try #require(coco?["images"] as? [[String: Any]])
        let names = Set(images.compactMap { $0["file_name"] as? String })
        #expect(names.contains("cine.dcm_frame_12.png") || names.contains { $0.hasSuffix("_frame_12.png") })
        let twelve = try #require(images.first { ($0["file_name"] as? String)?.hasSuffix("_frame_12.png") == true })
        let info = try #require(twelve["slicemark"] as? [String: Any])
        #expect(info["frame"] as? Int == 12 && info["seconds"] as? Double == 0.48)
    }
}
