import Annotations
import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import TUI

/// Annotation keys through the reducer, without a terminal or files (the session is in memory
/// unless a test gives the document a store).
@Suite struct AnnotatingReducerTests {
    func annotations(_ state: ViewerState) -> [Annotation] { state.annotation?.session.annotationsInOrder ?? [] }

    @Test func landmarkGoesWhereTheCursorIsOnAnyPlane() throws {
        var state = openState()
        press(&state, "l", "l", "j", "]", "m")
        #expect(annotations(state).count == 1)
        #expect(annotations(state)[0].voxel == state.cursor)
        #expect(annotations(state)[0].plane == .axial)
        press(&state, "c", "h", "k", "k", "m")
        let second = try #require(annotations(state).first { $0.label == "landmark 2" })
        #expect(second.voxel == state.cursor && second.plane == .coronal)
        #expect(state.message?.text.contains("placed landmark") == true)
    }

    @Test func rectangleTakesTwoPressesAndUndoRedoWork() throws {
        var state = openState()
        let first = state.cursor
        press(&state, "r")
        #expect(annotations(state).isEmpty && state.annotation?.session.pending != nil)
        #expect(!StatusLine.lines(state, width: 200).0.contains("mark"))
        press(&state, "L", "J", "r")
        let rect = try #require(annotations(state).first)
        #expect(rect.kind == .rectangle)
        #expect(rect.points.map(\.voxel) == [first, state.cursor])
        let columns = abs(state.cursor.x - first.x) + 1, rows = abs(state.cursor.y - first.y) + 1
        #expect(rect.statistics?.pixelCount == columns * rows)
        press(&state, "u")
        #expect(annotations(state).isEmpty)
        press(&state, "Ctrl-R")
        #expect(annotations(state).count == 1)
    }

    @Test func escapeCancelsAHalfDrawnShapeAndUndoDropsItsLastPoint() {
        var state = openState()
        press(&state, "e", "l", "Esc")
        #expect(state.annotation?.session.pending == nil)
        #expect(state.message?.text == "ellipse cancelled")
        press(&state, "v", "l", "l", "v", "u")
        #expect(state.annotation?.session.pending?.points.count == 1)
        #expect(annotations(state).isEmpty)
    }

    @Test func polygonClosesWithEnterAndDistanceSpansSlices() throws {
        var state = openState()
        press(&state, "v", "L", "v", "J", "v", "Enter")
        let polygon = try #require(annotations(state).first)
        #expect(polygon.kind == .polygon && polygon.points.count == 3)
        let start = state.cursor
        press(&state, "d", "]", "]", "h", "d")
        let ruler = try #require(annotations(state).first { $0.kind == .distance })
        #expect(ruler.kind == .distance)
        #expect(ruler.points.map(\.voxel) == [start, state.cursor])
        #expect(ruler.points[0].voxel.z + 2 == ruler.points[1].voxel.z)
        let expected = sqrt(1.0 + 4.0)   // unit spacing: one column, two slices
        #expect(abs((ruler.lengthMM ?? 0) - expected) < 1e-9)
    }

    @Test func numberKeysToggleTheQALabelsByDefault() {
        var state = openState()
        press(&state, "1")
        #expect(state.annotation?.session.activeLabels() == ["pass"])
        press(&state, "2")
        #expect(state.annotation?.session.activeLabels() == ["fail"])
        press(&state, "2")
        #expect(state.annotation?.session.activeLabels() == [])
        press(&state, "7")
        #expect(state.message?.text == "label set qa has no label 7")
    }

    @Test func tabSelectsAndMoveModeNudgesTheSelection() throws {
        var state = openState()
        press(&state, "m", "h", "h", "h", "m")
        let placedLast = state.annotation?.session.selection
        press(&state, "Tab")
        let firstID = try #require(state.annotation?.session.selection)
        #expect(firstID != placedLast)
        let before = try #require(state.annotation?.session.document.annotation(firstID)).voxel
        #expect(state.cursor == before)
        press(&state, "M", "l", "l", "j")
        let moved = try #require(state.annotation?.session.document.annotation(firstID))
        #expect(moved.voxel == before &+ SIMD3(2, 1, 0))
        #expect(state.cursor == moved.voxel)
        press(&state, "Esc")
        #expect(state.annotation?.moving == false)
        press(&state, "l")
        #expect(state.annotation?.session.document.annotation(firstID)?.voxel == moved.voxel)
        press(&state, "x")
        #expect(annotations(state).count == 1)
    }

    @Test func aRunOfNudgesIsOneUndoStepAndEachMoveModeItsOwn() throws {
        var state = openState()
        press(&state, "m")
        let id = try #require(state.annotation?.session.selection)
        let placed = try #require(state.annotation?.session.document.annotation(id)).voxel
        press(&state, "M", "l", "l", "l", "Esc", "M", "j", "j", "Esc")
        #expect(state.annotation?.session.document.annotation(id)?.voxel == placed &+ SIMD3(3, 2, 0))
        press(&state, "u")
        #expect(state.annotation?.session.document.annotation(id)?.voxel == placed &+ SIMD3(3, 0, 0),
                "undo takes back the second move mode's two nudges at once")
        press(&state, "u")
        #expect(state.annotation?.session.document.annotation(id)?.voxel == placed)
        press(&state, "u")
        #expect(state.annotation?.session.document.annotations.isEmpty == true)
        press(&state, "Ctrl-R", "Ctrl-R")
        #expect(state.annotation?.session.document.annotation(id)?.voxel == placed &+ SIMD3(3, 0, 0))
    }

    @Test func moveModeNeedsASelection() {
        var state = openState()
        press(&state, "M")
        #expect(state.annotation?.moving == false)
        #expect(state.message?.text.contains("nothing is selected") == true)
    }

    @Test func commandLineRenamesAndSetsTheNote() {
        var state = openState()
        press(&state, "m")
        _ = type(&state, "name L1 superior")
        #expect(annotations(state)[0].label == "L1 superior")
        _ = type(&state, "note motion artefact, slices 4–6")
        #expect(state.annotation?.session.note == "motion artefact, slices 4–6")
        _ = type(&state, "region lesion")
        press(&state, "r", "l", "r")
        #expect(annotations(state).contains { $0.kind == .rectangle && $0.label == "lesion" })
    }

    @Test func templateNamesLandmarksAndTheStatusShowsProgress() {
        var state = annotatingState(annotating: AnnotationSettings(template: LandmarkTemplate(name: "spine", landmarks: [
            .init(name: "L1 superior"), .init(name: "L1 inferior"),
        ])))
        press(&state, "m")
        #expect(annotations(state)[0].label == "L1 superior")
        #expect(StatusLine.lines(state, width: 300).0.contains("1/2 next L1 inferior"))
        press(&state, "j", "m", "j", "m")
        #expect(Set(annotations(state).map(\.label)) == ["L1 superior", "L1 inferior"])
        #expect(state.message?.text.contains("all 2 landmarks") == true)
    }

    @Test func overlaysShowTheSliceAnnotationsAndTheSelection() throws {
        var state = openState()
        press(&state, "m", "r", "l", "l")
        let plane = state.plane
        let overlays = AnnotationOverlays.overlays(state, plane: plane)
        #expect(overlays.contains { if case .marker = $0.shape { return $0.selected && $0.label == "landmark 1" }; return false })
        #expect(overlays.contains { if case .rectangle = $0.shape { return true }; return false })
        press(&state, "]")
        #expect(AnnotationOverlays.overlays(state, plane: plane).allSatisfy {
            if case .marker = $0.shape { return $0.label == nil }; return true
        })
    }

    @Test func listPanelListsMeasurements() {
        var state = openState()
        press(&state, "r", "l", "j", "r", "A")
        #expect(state.panel == .annotations(scroll: 0))
        let lines = AnnotationListPanel.lines(state).lines
        #expect(lines.contains { $0.contains(". \"rectangle 1\"") && $0.contains("mm²") && $0.contains("mean") })
    }

    @Test func defaultLabelSetIsTheShippedQASet() throws {
        let shipped = try LabelSet.load(path: Fixtures.repositoryRoot.appendingPathComponent("LabelSets/qa.json").path)
        #expect(DefaultLabelSet.qa == shipped)
    }
}

/// A viewer state with `document` (or a ramp volume) open and the given annotation settings.
func annotatingState(document: ImageDocument? = nil, annotating: AnnotationSettings = AnnotationSettings()) -> ViewerState {
    var state = ViewerState(keymap: KeymapLoader.defaultKeymap,
                            options: ViewerOptions(colorMode: .truecolor, annotator: "tester"),
                            images: [.file(path: "/data/image0.nii", format: .nifti)])
    state.options.annotationSettings = annotating
    state.screenColumns = 80
    state.screenRows = 24
    let volume = SyntheticVolume.ramp(width: 20, height: 16, depth: 12)
    Reducer.open(&state, document ?? ImageDocument(volume: volume, title: "ramp.nii"))
    return state
}
