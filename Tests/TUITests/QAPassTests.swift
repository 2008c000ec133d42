import TestSupport
import Testing
import VolumeKit
@testable import TUI

/// A QA pass over a folder: the picker says which images are labelled and how many are done,
/// `N` goes to the next image without a label, `--advance` moves on after each label.
@Suite struct QAPassTests {
    func loadTarget(_ effects: [Effect]) -> Int? {
        effects.compactMap { if case .load(let index, _) = $0 { index } else { nil } }.first
    }

    /// A viewer whose annotations count as saved (leaving an image asks nothing).
    func savingState() -> ViewerState {
        var state = annotatingState()
        state.annotation?.notSavedReason = nil
        return state
    }

    @Test func thePickerCountsTheLabelledImagesAndNGoesToTheNextUnlabelled() {
        var state = savingState()
        state.images = (0..<4).map { ImageSource.file(path: "/data/image\($0).nii", format: .nifti) }
        _ = Reducer.reduce(&state, .imageLabelsScanned([1: ["pass"], 2: ["fail"]]))
        press(&state, "1")
        #expect(state.imageLabels[0] == ["pass"], "the image on screen counts as soon as it is labelled")
        let lines = (0..<4).map { n in state.imageLabels[n] == nil ? "" : "✓" }
        #expect(lines == ["✓", "✓", "✓", ""])
        #expect(loadTarget(press(&state, "N")) == 3)
        press(&state, "Esc")
    }

    @Test func everyImageDoneIsSaid() {
        var state = savingState()
        state.images = (0..<2).map { ImageSource.file(path: "/data/image\($0).nii", format: .nifti) }
        _ = Reducer.reduce(&state, .imageLabelsScanned([1: ["pass"]]))
        press(&state, "2")
        #expect(loadTarget(press(&state, "N")) == nil)
        #expect(state.message?.text == "every image has a label: 2/2 done")
    }

    @Test func advanceMovesOnAfterALabelIsSetButNotWhenOneIsCleared() {
        var state = savingState()
        state.options.advanceAfterLabel = true
        state.images = (0..<3).map { ImageSource.file(path: "/data/image\($0).nii", format: .nifti) }
        _ = Reducer.reduce(&state, .imageLabelsScanned([1: ["fail"]]))
        #expect(loadTarget(press(&state, "1")) == 2, "image 1 is done already: on to image 2")
        var again = savingState()
        again.images = state.images
        press(&again, "1")
        again.options.advanceAfterLabel = true
        #expect(loadTarget(press(&again, "1")) == nil, "clearing the label stays on the image")
        #expect(again.imageLabels[0] == nil)
    }
}

@Suite struct StatusLineRoomTests {
    @Test func theImageTitleIsCutAfterTheColourModeZoomAndSliceFileHaveGone() {
        var state = annotatingState(document: ImageDocument(volume: SyntheticVolume.ramp(width: 20, height: 16, depth: 12),
                                                            title: "CT series 3 · 120 files · /data/study-0042/CT"))
        let wide = StatusLine.lines(state, width: 200).0
        #expect(wide.contains("truecolour") && wide.contains("zoom 1×"))
        let narrow = StatusLine.lines(state, width: 96).0
        #expect(narrow.contains("CT series 3 · 120 files · /data/study-0042/CT"), "\(narrow)")
        #expect(!narrow.contains("truecolour") && narrow.contains("annotator tester"))
        state.images = []
        #expect(StatusLine.lines(state, width: 40).0.contains("annotator tester"), "whose marks these are always stays")
    }
}
