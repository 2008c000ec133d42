import Testing
import Annotations
import TestSupport
import VolumeKit
@testable import TUI

/// Going about a cine in time: `:seek` (a time, by seconds, a frame), Alt-Left/Alt-Right,
/// `:loop off`, and the frame's time from a Frame Time Vector.
@Suite struct FrameSeekingTests {
    /// 12 frames, 100 ms each: frame n is at n/10 s.
    static func cine(_ extra: [(String, String)] = [("(0018,1063)", "100")]) -> ViewerState {
        openState(CineAndProjectionTests.dicom([("(0028,0008)", "12")] + extra, depth: 12), columns: 100, rows: 30)
    }

    static func frame(_ state: ViewerState) -> Int { state.slice(of: state.plane) }

    @Test func seekTargetsAreTimesOffsetsOrFrames() {
        #expect(SeekTarget("5s") == .at(seconds: 5))
        #expect(SeekTarget("1:05") == .at(seconds: 65))
        #expect(SeekTarget("0.5") == nil, "a bare number is a frame number, and a whole one")
        #expect(SeekTarget("+2s") == .by(seconds: 2))
        #expect(SeekTarget("-1.5s") == .by(seconds: -1.5))
        #expect(SeekTarget("12") == .frame(12))
        #expect(SeekTarget("0") == nil)
        #expect(SeekTarget("1:75") == nil)
        #expect(SeekTarget("soon") == nil)
    }

    @Test func seekGoesToATimeByATimeOrToAFrame() {
        var state = Self.cine()
        _ = type(&state, "seek 0.55s")
        #expect(Self.frame(state) == 5)
        #expect(StatusLine.lines(state, width: 100).0.contains("frame 6/12 · 0.50 s"))
        _ = type(&state, "seek +0.3s")
        #expect(Self.frame(state) == 8)
        _ = type(&state, "seek -2s")
        #expect(Self.frame(state) == 0, "clamped at the first frame")
        _ = type(&state, "seek 99s")
        #expect(Self.frame(state) == 11, "clamped at the last")
        _ = type(&state, "seek 3")
        #expect(Self.frame(state) == 2)
        _ = type(&state, "seek later")
        #expect(state.message?.isError == true)
    }

    @Test func altArrowsGoASecondAndBack() {
        var state = Self.cine()
        _ = press(&state, "Alt-Right")
        #expect(Self.frame(state) == 10)
        _ = press(&state, "Alt-Left")
        #expect(Self.frame(state) == 0)
    }

    @Test func aSliceSeriesHasNoTimesToSeek() {
        var state = openState(SyntheticVolume.ramp(width: 8, height: 8, depth: 6), columns: 80, rows: 24)
        _ = type(&state, "seek 2s")
        #expect(state.message?.text.contains("only a cine or video") == true)
        #expect(Self.frame(state) == 3)
    }

    @Test func withLoopOffPlayingStopsAtTheLastFrame() {
        var state = Self.cine()
        _ = type(&state, "loop off")
        CineAndProjectionTests.at(&state, milliseconds: 0, .input(.key(.control("p"))))
        CineAndProjectionTests.at(&state, milliseconds: 700, .frameClock)
        #expect(Self.frame(state) == 7 && state.playback != nil)
        CineAndProjectionTests.at(&state, milliseconds: 5_000, .frameClock)
        #expect(Self.frame(state) == 11)
        #expect(state.playback == nil)
        #expect(state.message?.text.contains("last frame") == true)
    }

    @Test func framesKeepTheirOwnTimesFromAFrameTimeVector() {
        // Intervals of 0, then 50 ms for five frames, then 200 ms.
        let vector = ["0"] + Array(repeating: "50", count: 5) + Array(repeating: "200", count: 6)
        let state = Self.cine([("(0018,1065)", vector.joined(separator: "\\"))])
        let presentation = state.document!.presentation
        #expect(presentation.seconds(atFrame: 0) == 0)
        #expect(abs(presentation.seconds(atFrame: 5) - 0.25) < 1e-9)
        #expect(abs(presentation.seconds(atFrame: 7) - 0.65) < 1e-9)
        #expect(presentation.frame(atSeconds: 0.3, count: 12) == 5)
        #expect(presentation.frame(atSeconds: 0.65, count: 12) == 7)
        var seeking = state
        _ = type(&seeking, "seek 0.7s")
        #expect(StatusLine.lines(seeking, width: 100).0.contains("frame 8/12 · 0.65 s"))
    }

    @Test func playingKeepsTheFramesOwnTimesFromTheVector() {
        // Frames 1–6 50 ms apart, then 200 ms apart.
        let vector = ["0"] + Array(repeating: "50", count: 5) + Array(repeating: "200", count: 6)
        var state = Self.cine([("(0018,1065)", vector.joined(separator: "\\"))])
        CineAndProjectionTests.at(&state, milliseconds: 0, .input(.key(.control("p"))))
        CineAndProjectionTests.at(&state, milliseconds: 120, .frameClock)
        #expect(Self.frame(state) == 2)
        CineAndProjectionTests.at(&state, milliseconds: 260, .frameClock)
        #expect(Self.frame(state) == 5)
        CineAndProjectionTests.at(&state, milliseconds: 600, .frameClock)
        #expect(Self.frame(state) == 6, "0.45 s to frame 7, 0.65 s to frame 8")
        #expect(state.playback?.untilNextFrame(after: Timestamp(millisecondsSince1970: 1_000_600)) == 50)
        // The last frame starts at 1.45 s and lasts 0.2 s like the one before it; then round again.
        CineAndProjectionTests.at(&state, milliseconds: 1_640, .frameClock)
        #expect(Self.frame(state) == 11)
        CineAndProjectionTests.at(&state, milliseconds: 1_660, .frameClock)
        #expect(Self.frame(state) == 0)
    }
}
