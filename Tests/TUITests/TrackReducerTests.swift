import Annotations
import Rendering
import Testing
import TestSupport
import VolumeKit
@testable import TUI

/// Tracks and frame ranges through the reducer's keys on a 12-frame cine (100 ms a frame): T, M
/// on another frame, X, |; :range-label; what the status row, the list and the overlays say.
@Suite struct TrackReducerTests {
    static func cine() -> ViewerState {
        CineAndProjectionTests.cine()
    }

    static func track(_ state: ViewerState) -> AnnotationTrack? { state.annotation?.session.document.annotations.first?.track }

    static func overlays(_ state: ViewerState) -> [Overlay] { AnnotationOverlays.overlays(state, plane: state.plane) }

    @Test func keysMakeEditAndEndATrack() throws {
        var state = Self.cine()
        #expect(state.annotation?.session.frameTiming == FrameTiming(count: 12, intervalMS: 100))
        let start = state.cursor
        press(&state, "m", "T")
        #expect(Self.track(state)?.keyframes.map(\.frame) == [0])
        // Frame 4: moved two pixels right (move mode), a key frame; frame 2 shows it interpolated.
        press(&state, "]", "]", "]", "]", "M", "l", "l", "M")
        #expect(Self.track(state)?.keyframes.map(\.frame) == [0, 4])
        #expect(Self.track(state)?.keyframe(at: 4)?.points[0].voxel == SIMD3(start.x + 2, start.y, 4))
        press(&state, "[", "[")
        let between = try #require(Self.overlays(state).first { $0.label != nil })
        #expect(between.label == "landmark 1 [interp]")
        #expect(between.shape == .marker(SIMD2(Double(start.x + 1), Double(start.y))))
        #expect(StatusLine.lines(state, width: 140).0.contains("track: interpolated (2 keys)"))
        // T here: a key frame where it is shown; X takes it away again.
        press(&state, "T")
        #expect(Self.track(state)?.keyframes.map(\.frame) == [0, 2, 4])
        #expect(Self.overlays(state).first { $0.label != nil }?.label == "landmark 1 [key]")
        press(&state, "X")
        #expect(Self.track(state)?.keyframes.map(\.frame) == [0, 4])
        // | on frame 8: not shown from there; the list names the key frames.
        press(&state, "]", "]", "]", "]", "]", "]", "|")
        #expect(Self.track(state)?.keyframe(at: 8)?.outside == true)
        #expect(Self.overlays(state).allSatisfy { $0.label == nil })
        #expect(AnnotationListPanel.lines(state).lines.contains { $0.contains("track, key frames 1, 5, 9 end") })
        // One undo takes back one edit.
        press(&state, "u")
        #expect(Self.track(state)?.keyframes.map(\.frame) == [0, 4])
    }

    @Test func aFrameRangeIsStartedEndedAndShown() throws {
        var state = Self.cine()
        press(&state, "]", "]")
        _ = type(&state, "range-label bleeding")
        #expect(StatusLine.lines(state, width: 140).0.contains("▶bleeding"))
        press(&state, "]", "]", "]")
        _ = type(&state, "range-end")
        let range = try #require(state.annotation?.session.document.labels.first?.frames)
        #expect(range == FrameRange(first: 2, last: 5, timing: FrameTiming(count: 12, intervalMS: 100)))
        #expect(range.firstSeconds == 0.2 && range.lastSeconds == 0.5)
        #expect(StatusLine.lines(state, width: 140).0.contains("bleeding"))
        #expect(AnnotationListPanel.lines(state).lines.contains("frame ranges: bleeding 3–6 (tester)"))
        press(&state, "]")
        #expect(!StatusLine.lines(state, width: 140).0.contains("bleeding"))
        // A frame range is not one of the image's QA labels (the picker's record).
        #expect(state.imageLabels[state.imageIndex] == nil)
    }

    @Test func anImageOfSlicesHasNoTracks() {
        var state = openState()
        press(&state, "m", "T")
        #expect(Self.track(state) == nil)
        #expect(state.message?.text.contains("tracks are for cines") == true)
    }
}
