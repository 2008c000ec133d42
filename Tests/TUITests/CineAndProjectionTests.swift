import Annotations
import Testing
import TestSupport
import VolumeKit
@testable import TUI

/// A cine is frames in time (played with Ctrl-P at its rate, frames skipped rather than queued),
/// a projection radiograph has its own directions, and neither offers planes it does not have.
@Suite struct CineAndProjectionTests {
    static func dicom(_ fields: [(String, String)], depth: Int) -> Volume {
        var volume = SyntheticVolume.ramp(width: 20, height: 16, depth: depth)
        volume.metadata = VolumeMetadata(format: .dicom, sourceFiles: ["/data/cine.dcm"], datatypeName: "uint8")
        volume.metadata.fields = fields.map { MetadataField(key: $0.0, name: "", value: $0.1) }
        return volume
    }

    static func cine() -> ViewerState {
        openState(dicom([("(0028,0008)", "12"), ("(0018,1063)", "100")], depth: 12), columns: 100, rows: 30)
    }

    static func at(_ state: inout ViewerState, milliseconds: Int64, _ message: Message) {
        _ = Reducer.reduce(&state, message, at: Timestamp(millisecondsSince1970: 1_000_000 + milliseconds))
    }

    @Test func aCineOpensAtItsFirstFrameAndSaysFramesAndTime() {
        let state = Self.cine()
        #expect(state.slice(of: state.plane) == 0)
        #expect(StatusLine.lines(state, width: 100).0.contains("frame 1/12 · 0.00 s"))
        #expect(!StatusLine.lines(state, width: 100).0.contains("axial"))
    }

    @Test func playsAtTheFileRateLoopsAndSkipsFramesThatCameLate() {
        var state = Self.cine()
        Self.at(&state, milliseconds: 0, .input(.key(.control("p"))))
        #expect(state.playback != nil)
        #expect(state.message?.text == "playing at 10 frames a second")
        Self.at(&state, milliseconds: 250, .frameClock)
        #expect(state.slice(of: state.plane) == 2)
        #expect(StatusLine.lines(state, width: 100).0.contains("frame 3/12 · 0.20 s ▶"))
        // The run loop was late by nearly a second: the frame follows the clock, not the count of messages.
        Self.at(&state, milliseconds: 1_150, .frameClock)
        #expect(state.slice(of: state.plane) == 11)
        Self.at(&state, milliseconds: 1_250, .frameClock)
        #expect(state.slice(of: state.plane) == 0, "looped")
        #expect(state.playback?.untilNextFrame(after: Timestamp(millisecondsSince1970: 1_001_260)) == 40)
        Self.at(&state, milliseconds: 1_300, .input(.key(.character("]"))))
        #expect(state.playback == nil, "a slice key pauses")
        #expect(state.slice(of: state.plane) == 1, "and steps")
    }

    @Test func speedScalesTheRate() {
        var state = Self.cine()
        _ = type(&state, "speed 2")
        Self.at(&state, milliseconds: 0, .input(.key(.control("p"))))
        Self.at(&state, milliseconds: 250, .frameClock)
        #expect(state.slice(of: state.plane) == 5)
        #expect(StatusLine.lines(state, width: 100).0.contains("▶ ×2"))
        _ = type(&state, "speed 40")
        #expect(state.message?.isError == true)
    }

    @Test func theHintsOfferPlayingNotPlanes() {
        #expect(StatusLine.hints(Self.cine()).contains("Ctrl-P play"))
        #expect(!StatusLine.hints(Self.cine()).contains("3 planes"))
        #expect(!StatusLine.hints(openState(Self.dicom([("(0020,0020)", "L\\F")], depth: 1))).contains("3 planes"))
        #expect(StatusLine.hints(openState()).contains("t 3 planes"))
    }

    @Test func aCineHasNoOtherPlanes() {
        var state = Self.cine()
        for key in ["c", "s", "t"] {
            press(&state, key)
            #expect(state.plane == .axial && state.layout == .single)
            #expect(state.message?.text.contains("frames in time") == true)
        }
    }

    @Test func slicesDoNotPlay() {
        var state = openState()
        press(&state, "Ctrl-P")
        #expect(state.playback == nil)
        #expect(state.message?.text.contains("only a cine") == true)
    }

    @Test func aProjectionShowsItsOwnDirectionsAndNoAxialLetters() {
        let volume = Self.dicom([("(0020,0020)", "L\\F")], depth: 1)
        let state = openState(volume, columns: 100, rows: 30)
        let presentation = state.document!.presentation
        let letters = Orientation.edgeLetters(.axial, presentation)
        #expect(letters?.left == "R" && letters?.right == "L" && letters?.top == "H" && letters?.bottom == "F")
        #expect(StatusLine.lines(state, width: 100).0.contains("projection L\\F"))
        let screen = text(ScreenView().render(state))
        let middle = screen[state.screenLayout.imageArea.rows / 2]
        #expect(middle.hasPrefix("R") && middle.hasSuffix("L"))
        #expect(screen[0].contains("H") && !screen[0].contains("A"))
    }

    @Test func aDICOMImageWithNoDirectionsHasNoLetters() {
        let state = openState(Self.dicom([], depth: 1), columns: 100, rows: 30)
        #expect(Orientation.edgeLetters(.axial, state.document!.presentation) == nil)
        #expect(StatusLine.lines(state, width: 100).0.contains("2D image"))
    }
}
