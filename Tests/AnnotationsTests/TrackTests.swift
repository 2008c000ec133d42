import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import Annotations

/// Tracks on a cine: linear interpolation between key frames (worked out by hand), the session's
/// track edits, frame-range labels, and the sidecar round trip of both.
@Suite struct TrackTests {
    let volume = Fake.niftiVolume(file: "/nonexistent/cine.nii", width: 40, height: 40, depth: 30,
                                  geometry: VolumeGeometry(origin: [0, 0, 0], spacing: [0.5, 0.5, 1]))
    let image = SidecarImage(format: .nifti, files: [.init(name: "cine.nii", sha256: String(repeating: "b", count: 64))])
    let timing = FrameTiming(count: 30, intervalMS: 33.3)

    func key(_ frame: Int, _ voxels: [SIMD3<Int>], outside: Bool = false) -> TrackKeyframe {
        TrackKeyframe(frame: frame, seconds: nil,
                      points: voxels.map { AnnotationPoint(voxel: SIMD3($0.x, $0.y, frame), lps: [0, 0, 0]) }, outside: outside)
    }

    func session() -> AnnotationSession {
        var s = AnnotationSession(document: SidecarDocument(image: image, geometry: SidecarGeometry(volume: volume)),
                                  annotator: "dr.a", ids: RecordIDs(seed: 7), now: Fake.t0)
        s.frameTiming = timing
        return s
    }

    // MARK: Interpolation

    @Test func pointIsInterpolatedLinearlyAndRounded() {
        let track = AnnotationTrack(keyframes: [key(10, [[20, 30, 0]]), key(0, [[10, 10, 0]])])
        #expect(track.keyframes.map(\.frame) == [0, 10])
        // t = 5/10: (15, 20); t = 3/10: (13, 16); t = 1/10: (11, 12); t = 0.25 at frame 2.5 does not exist.
        #expect(TrackInterpolation.frame(5, of: track, kind: .landmark) == TrackFrame(voxels: [[15, 20, 5]], isKeyframe: false))
        #expect(TrackInterpolation.frame(3, of: track, kind: .landmark)?.voxels == [[13, 16, 3]])
        #expect(TrackInterpolation.frame(0, of: track, kind: .landmark) == TrackFrame(voxels: [[10, 10, 0]], isKeyframe: true))
        #expect(TrackInterpolation.frame(10, of: track, kind: .landmark)?.isKeyframe == true)
        // Halves round away from zero: (10 + 10 × 0.25, 10 + 20 × 0.25) is (12.5, 15) at t = 0.25.
        let four = AnnotationTrack(keyframes: [key(0, [[10, 10, 0]]), key(4, [[20, 30, 0]])])
        #expect(TrackInterpolation.frame(1, of: four, kind: .landmark)?.voxels == [[13, 15, 1]])
    }

    @Test func beforeTheFirstKeyNothingAfterTheLastHeld() {
        let track = AnnotationTrack(keyframes: [key(4, [[10, 10, 0]]), key(8, [[14, 10, 0]])])
        #expect(TrackInterpolation.frame(3, of: track, kind: .landmark) == nil)
        #expect(TrackInterpolation.frame(20, of: track, kind: .landmark) == TrackFrame(voxels: [[14, 10, 20]], isKeyframe: false))
        #expect(TrackInterpolation.shownFrames(of: track, kind: .landmark, count: 12) == Array(4..<12))
    }

    @Test func outsideEndsTheTrackUntilTheNextKey() {
        let track = AnnotationTrack(keyframes: [key(0, [[10, 10, 0]]), key(6, [[30, 30, 0]], outside: true), key(9, [[2, 2, 0]])])
        // Towards an outside key frame the object is held, not moved towards it.
        #expect(TrackInterpolation.frame(5, of: track, kind: .landmark)?.voxels == [[10, 10, 5]])
        #expect(TrackInterpolation.frame(6, of: track, kind: .landmark) == nil)
        #expect(TrackInterpolation.frame(8, of: track, kind: .landmark) == nil)
        #expect(TrackInterpolation.frame(9, of: track, kind: .landmark)?.voxels == [[2, 2, 9]])
        #expect(TrackInterpolation.shownFrames(of: track, kind: .landmark, count: 11) == [0, 1, 2, 3, 4, 5, 9, 10])
    }

    @Test func boxesAreInterpolatedCornerByCornerFromLowToHigh() {
        // The second box is drawn from its bottom-right corner: pairing the points as drawn would
        // turn the box inside out halfway; low/high corners keep it a box.
        let track = AnnotationTrack(keyframes: [key(0, [[0, 0, 0], [10, 10, 0]]), key(10, [[30, 20, 0], [10, 10, 0]])])
        // Low (0,0) → (10,10), high (10,10) → (30,20); at t = 0.5: low (5,5), high (20,15).
        #expect(TrackInterpolation.frame(5, of: track, kind: .rectangle)?.voxels == [[5, 5, 5], [20, 15, 5]])
        // A polygon's vertices pair as they are.
        let poly = AnnotationTrack(keyframes: [key(0, [[0, 0, 0], [4, 0, 0], [0, 4, 0]]), key(2, [[2, 2, 0], [6, 2, 0], [2, 6, 0]])])
        #expect(TrackInterpolation.frame(1, of: poly, kind: .polygon)?.voxels == [[1, 1, 1], [5, 1, 1], [1, 5, 1]])
    }

    @Test func frameTimesComeFromTheInterval() {
        #expect(timing.seconds(0) == 0)
        #expect(timing.seconds(3) == 0.0999)
        #expect(FrameTiming(count: 3, intervalMS: nil).seconds(2) == nil)
    }

    /// An uneven Frame Time Vector gives each frame its own time, as the status line shows it.
    @Test func frameTimesFollowAFrameTimeVector() {
        let uneven = FrameTiming(count: 4, intervalMS: 33.3, vectorMS: [0, 10, 40, 50])
        #expect(uneven.seconds(0) == 0)
        #expect(uneven.seconds(2) == 0.05)
        #expect(uneven.seconds(3) == 0.1)
        var presentation = ImagePresentation(projection: nil, isCine: true, frameTime: 33.3)
        presentation.frameTimeVector = [0, 10, 40, 50]
        for k in 0..<4 { #expect(uneven.seconds(k) == presentation.seconds(atFrame: k)) }
    }

    // MARK: Session

    @Test func aTrackOnThreeKeyFramesShowsEveryFrameBetween() throws {
        var s = session()
        _ = s.placeLandmark(at: [10, 10, 0], plane: .axial, volume: volume)
        let placed = try #require(s.document.annotations.first)
        #expect(placed.frame == 0 && placed.seconds == 0)
        #expect(s.keyframeSelected(at: 0, volume: volume).documentChanged)
        // Frame 10: moved 10 columns right; frame 20: 10 rows down from there.
        // Still in move mode (no endMoveRun): a move on another frame is an undo step of its own.
        for _ in 0..<10 { _ = s.nudgeSelected(columns: 1, rows: 0, plane: .axial, volume: volume, frame: 10) }
        _ = s.nudgeSelected(columns: 0, rows: 10, plane: .axial, volume: volume, frame: 20)
        let track = try #require(s.document.annotations.first?.track)
        #expect(track.keyframes.map(\.frame) == [0, 10, 20])
        #expect(track.keyframes.map { $0.points[0].voxel } == [[10, 10, 0], [20, 10, 10], [20, 20, 20]])
        #expect(track.keyframes[2].seconds == 0.666)
        let a = s.document.annotations[0]
        #expect(a.voxel == [10, 10, 0] && a.frame == 0)
        let between = try #require(a.onFrame(15, geometry: volume.geometry, timing: timing))
        #expect(between.interpolated && between.annotation.voxel == [20, 15, 15])
        #expect(between.annotation.lps == [10, 7.5, 15])
        #expect(s.annotations(on: .axial, slice: 5, volume: volume).map(\.voxel) == [[15, 10, 5]])
        // Ten nudges on one frame are one undo step; the move to frame 20 another.
        _ = s.undo()
        #expect(s.document.annotations[0].track?.keyframes.map(\.frame) == [0, 10])
    }

    @Test func keyFramesAreSetDeletedAndTheTrackEnded() throws {
        var s = session()
        _ = s.click(.rectangle, at: [2, 2, 3], plane: .axial, volume: volume)
        _ = s.click(.rectangle, at: [6, 5, 3], plane: .axial, volume: volume)
        #expect(s.document.annotations[0].frame == 3)
        _ = s.keyframeSelected(at: 3, volume: volume)
        // T on frame 8: a key frame where the box is held (after the last key).
        #expect(s.keyframeSelected(at: 8, volume: volume).documentChanged)
        #expect(!s.keyframeSelected(at: 8, volume: volume).documentChanged)
        #expect(s.document.annotations[0].track?.keyframe(at: 8)?.points.map(\.voxel) == [[2, 2, 8], [6, 5, 8]])
        #expect(s.endTrackSelected(at: 12, volume: volume).documentChanged)
        #expect(s.document.annotations[0].onFrame(12, geometry: volume.geometry, timing: timing) == nil)
        #expect(s.document.annotations[0].onFrame(11, geometry: volume.geometry, timing: timing) != nil)
        #expect(s.deleteKeyframeSelected(at: 3, volume: volume).documentChanged)
        // The anchor follows the first key frame; its statistics are of that frame.
        let a = s.document.annotations[0]
        #expect(a.voxel == [2, 2, 8] && a.frame == 8 && a.statistics?.pixelCount == 20)
        #expect(!s.deleteKeyframeSelected(at: 8, volume: volume).documentChanged)
        // A distance cannot be a track.
        _ = s.click(.distance, at: [1, 1, 1], plane: .axial, volume: volume)
        _ = s.click(.distance, at: [5, 1, 1], plane: .axial, volume: volume)
        #expect(!s.keyframeSelected(at: 1, volume: volume).documentChanged)
    }

    @Test func tracksNeedFrames() {
        var s = session()
        s.frameTiming = nil
        _ = s.placeLandmark(at: [1, 1, 1], plane: .axial, volume: volume)
        #expect(s.document.annotations[0].frame == nil)
        #expect(!s.keyframeSelected(at: 1, volume: volume).documentChanged)
        #expect(!s.toggleFrameRange("bleeding", at: 1).documentChanged)
    }

    @Test func frameRangesStartEndAndDelete() throws {
        var s = session()
        #expect(s.toggleFrameRange("bleeding", at: 12).documentChanged)
        #expect(s.myFrameRanges.first?.frames == FrameRange(first: 12, timing: timing))
        #expect(s.frameRangeNames(at: 12) == ["bleeding"])
        // Ended on an earlier frame: the two frames in order.
        #expect(s.toggleFrameRange("bleeding", at: 4).documentChanged)
        let range = try #require(s.myFrameRanges.first?.frames)
        #expect(range.first == 4 && range.last == 12 && range.firstSeconds == 0.1332 && range.lastSeconds == 0.3996)
        #expect(s.frameRangeNames(at: 8) == ["bleeding"] && s.frameRangeNames(at: 13).isEmpty)
        _ = s.toggleFrameRange("clot", at: 20)
        #expect(s.endFrameRange(nil, at: 25).documentChanged)
        #expect(!s.endFrameRange(nil, at: 25).documentChanged)
        #expect(s.deleteFrameRange("bleeding", at: 5).documentChanged)
        #expect(s.myFrameRanges.map(\.name) == ["clot"])
        // Frame ranges are not the image's QA labels.
        #expect(s.activeLabels().isEmpty)
    }

    // MARK: Sidecar

    @Test func tracksFramesAndRangesRoundTripThroughTheSidecar() throws {
        var s = session()
        _ = s.placeLandmark(at: [10, 10, 2], plane: .axial, volume: volume)
        _ = s.keyframeSelected(at: 2, volume: volume)
        _ = s.nudgeSelected(columns: 4, rows: 0, plane: .axial, volume: volume, frame: 9)
        _ = s.endTrackSelected(at: 15, volume: volume)
        _ = s.toggleFrameRange("bleeding", at: 3)
        _ = s.toggleFrameRange("bleeding", at: 7)
        _ = s.toggleFrameRange("open one", at: 9)
        let bytes = try SidecarCoding.encode(s.document, path: "/x/cine.nii.annotations.json")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\"outside\" : true") && text.contains("\"keyframes\"") && text.contains("\"frames\""))
        let back = try SidecarCoding.decode(bytes, path: "/x/cine.nii.annotations.json")
        #expect(back == s.document)
        #expect(back.labels.first { $0.name == "open one" }?.frames?.isOpen == true)
        #expect(back.annotations[0].track?.keyframes.map(\.frame) == [2, 9, 15])
        // Valid against the JSON Schema (schemas/sidecar.schema.json), by Python's jsonschema.
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let file = try folder.write("cine.nii.annotations.json", bytes)
        #expect(try SchemaCheck.problems([file]) == "")
    }

    @Test func keysOfANewerTrackAreKept() throws {
        let json = """
        {"frame": 4, "seconds": 0.1, "points": [{"voxel": [1, 2, 4], "lps": [0.5, 1, 4]}], "occluded": true}
        """
        let key = try JSONDecoder().decode(TrackKeyframe.self, from: Data(json.utf8))
        #expect(key.unknown["occluded"] != nil && !key.outside)
        let again = try JSONDecoder().decode(TrackKeyframe.self, from: JSONEncoder().encode(key))
        #expect(again == key)
    }
}

/// Agreement on a cine: frames are slices. Two annotators' landmark tracks are compared on every
/// frame both show them; frame ranges are rated frame by frame (worked out by hand).
@Suite struct FrameAgreementTests {
    let volume = Fake.niftiVolume(file: "/nonexistent/cine.nii", width: 40, height: 40, depth: 10,
                                  geometry: VolumeGeometry(origin: [0, 0, 0], spacing: [1, 1, 1]))
    let image = SidecarImage(format: .nifti, files: [.init(name: "cine.nii", sha256: String(repeating: "c", count: 64))])

    @Test func tracksAreMatchedPerFrameAndRangesRatedPerFrame() throws {
        var document = SidecarDocument(image: image, geometry: SidecarGeometry(volume: volume))
        for (n, name) in ["a", "b"].enumerated() {
            var s = AnnotationSession(document: document, annotator: name, ids: RecordIDs(seed: UInt64(40 + n)), now: Fake.t0)
            s.frameTiming = FrameTiming(count: 10, intervalMS: 100)
            // a: from (10,10) on frame 0 to (20,10) on frame 4; b: the same 3 pixels lower, from frame 2.
            let start = n == 0 ? 0 : 2, row = 10 + 3 * n
            let first = n == 0 ? 10 : 15
            _ = s.placeLandmark(at: [first, row, start], plane: .axial, volume: volume)
            _ = s.keyframeSelected(at: start, volume: volume)
            _ = s.nudgeSelected(columns: 20 - first, rows: 0, plane: .axial, volume: volume, frame: 4)
            _ = s.endTrackSelected(at: 6, volume: volume)
            // a: bleeding 1–5; b: bleeding 3–7.
            _ = s.toggleFrameRange("bleeding", at: 1 + 2 * n)
            _ = s.toggleFrameRange("bleeding", at: 5 + 2 * n)
            document = s.document
        }
        var study = AgreementStudy()
        study.add(AgreementImage(name: "cine.nii", sidecarPath: "/x/cine.nii.annotations.json", document: document))
        let report = study.report()
        // Both show the landmark on frames 2–5: a at (15,10), (18,10)→(17.5 rounds to 18), (20,10), (20,10);
        // b at (15,13), (18,13) (17.5 → 18), (20,13), (20,13): 3 mm apart on each of the 4 frames.
        let pair = try #require(report.landmarks.first)
        #expect(pair.overall.matched == 4)
        #expect(abs(pair.overall.mreMM - 3) < 1e-9)
        #expect(pair.perLandmark.map(\.name) == ["landmark 1"])
        // Frames 0–9 rated: a bleeding on 1–5, b on 3–7; the same on 0, 3, 4, 5, 8, 9: 60 %.
        let ranges = try #require(report.labels.first { $0.labelSet == "frames" })
        #expect(ranges.n == 10)
        #expect(ranges.percentAgreement == 60)
    }
}
