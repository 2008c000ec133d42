import Annotations
import Foundation
import Rendering
import TestSupport
import Testing
import VolumeKit
@testable import TUI

/// The brush and the label-map tools through the reducer, on a ramp volume whose value at
/// (i, j, k) is i + 10 j + 100 k: what each key paints, undo, previews, what is saved.
@Suite struct LabelMapReducerTests {
    func map(_ state: ViewerState) -> LabelMap? { state.annotation?.labelMap?.map }

    func labelled(_ state: ViewerState) -> [SIMD3<Int>: UInt16] {
        guard let map = map(state) else { return [:] }
        var out: [SIMD3<Int>: UInt16] = [:]
        for k in 0..<map.depth { for j in 0..<map.height { for i in 0..<map.width where map[i, j, k] != 0 { out[[i, j, k]] = map[i, j, k] } } }
        return out
    }

    /// Runs the label jobs among `effects` at once, as the run loop's job thread would, and
    /// feeds their results back; returns the other effects.
    @discardableResult
    func performJobs(_ state: inout ViewerState, _ effects: [Effect]) -> [Effect] {
        var rest: [Effect] = []
        for effect in effects {
            guard case .labelJob(let job) = effect else { rest.append(effect); continue }
            rest += Reducer.reduce(&state, .labelJobFinished(LabelJobResult(kind: job.kind, outcome: job.run(),
                                                                            generation: job.generation, revision: job.revision)))
        }
        return rest
    }

    /// One-voxel brush: `:brush 0.5` on 1 mm voxels paints the voxel under the cursor only.
    func smallBrush() -> ViewerState {
        var state = annotatingState()
        _ = type(&state, "brush 0.5")
        return state
    }

    @Test func spacePaintsTheBrushLabelAtTheCursorAndDigitsChooseItInBrushMode() {
        var state = smallBrush()
        let c = state.cursor
        press(&state, "3", "Space")
        #expect(labelled(state) == [c: 3])
        #expect(state.annotation?.session.document.labels.isEmpty == true, "3 chose the brush label, not a QA label")
        #expect(state.message?.text.hasPrefix("painted: label 3 Label 3 +1 voxels") == true)
        press(&state, "b", "1")
        #expect(state.annotation?.session.document.labels.map(\.name) == ["pass"], "out of brush mode, 1 is the QA label again")
    }

    @Test func aDiscCoversTheVoxelsWithinTheRadiusInThePlaneShown() {
        var state = annotatingState()
        _ = type(&state, "brush 1")
        let c = state.cursor
        press(&state, "Space")
        let expected: Set<SIMD3<Int>> = [c, c &+ [1, 0, 0], c &- [1, 0, 0], c &+ [0, 1, 0], c &- [0, 1, 0]]
        #expect(Set(labelled(state).keys) == expected)
        press(&state, "u", "c", "Space")
        let coronal: Set<SIMD3<Int>> = [c, c &+ [1, 0, 0], c &- [1, 0, 0], c &+ [0, 0, 1], c &- [0, 0, 1]]
        #expect(Set(labelled(state).keys) == coronal, "on the coronal plane the disc lies in i and k")
    }

    @Test func aPenStrokeIsOneUndoStep() {
        var state = smallBrush()
        let c = state.cursor
        press(&state, "B", "l", "l", "j", "B")
        #expect(labelled(state) == [c: 1, c &+ [1, 0, 0]: 1, c &+ [2, 0, 0]: 1, c &+ [2, 1, 0]: 1])
        press(&state, "u")
        #expect(labelled(state).isEmpty)
        press(&state, "Ctrl-R")
        #expect(labelled(state).count == 4)
    }

    @Test func undoGoesBackThroughStrokesAndAnnotationsInTheOrderTheyWereMade() {
        var state = smallBrush()
        let c = state.cursor
        press(&state, "Space", "Esc", "m", "b", "l", "Space", "Esc")
        #expect(labelled(state).count == 2 && state.annotation?.session.document.annotations.count == 1)
        press(&state, "u")
        #expect(labelled(state) == [c: 1], "the latest edit, the second stroke, goes first")
        press(&state, "u")
        #expect(state.annotation?.session.document.annotations.isEmpty == true && labelled(state) == [c: 1])
        press(&state, "u")
        #expect(labelled(state).isEmpty)
        press(&state, "Ctrl-R", "Ctrl-R")
        #expect(labelled(state) == [c: 1] && state.annotation?.session.document.annotations.count == 1)
    }

    @Test func theEraserAndThePaintModesKeepWhatTheyShould() {
        var state = smallBrush()
        let c = state.cursor
        press(&state, "Space", "l", "2", "Space", "h")
        // Over unlabelled only: label 2 does not replace the 1 under the cursor.
        press(&state, "P", "Space")
        #expect(state.message?.text.contains("no voxel changed") == true)
        #expect(labelled(state) == [c: 1, c &+ [1, 0, 0]: 2])
        // Over label 1 only (the label under the cursor), then the eraser within it.
        press(&state, "P")
        #expect(state.brush.brush.mode == .overLabel(1))
        press(&state, "E", "l", "Space")
        #expect(labelled(state) == [c: 1, c &+ [1, 0, 0]: 2], "the eraser over label 1 leaves label 2")
        press(&state, "h", "Space")
        #expect(labelled(state) == [c &+ [1, 0, 0]: 2])
    }

    @Test func anIntensityRangeTakenAtTwoVoxelsLimitsTheBrush() {
        var state = annotatingState()
        _ = type(&state, "brush 3")
        // Values i + 10 j + 100 k: from the cursor to two to the right.
        press(&state, "R", "l", "l", "R")
        let c = state.cursor
        let low = Double(c.x - 2 + 10 * c.y + 100 * c.z), high = low + 2
        #expect(state.brush.brush.range == low...high)
        press(&state, "Space")
        let values = labelled(state).keys.map { Double($0.x + 10 * $0.y + 100 * $0.z) }
        #expect(!values.isEmpty && values.allSatisfy { (low...high).contains($0) })
        press(&state, "R")
        #expect(state.brush.brush.range == nil)
    }

    @Test func regionGrowingFillsTheConnectedVoxelsInTheRange() {
        var state = smallBrush()
        // Values 0…9 of row j = 0, slice k = 0: ten voxels, 6-connected along i.
        state.cursor = [0, 0, 0]
        performJobs(&state, type(&state, "grow 0 9"))
        #expect(labelled(state).count == 10)
        #expect(labelled(state).keys.allSatisfy { $0.y == 0 && $0.z == 0 })
        press(&state, "u")
        #expect(labelled(state).isEmpty)
        performJobs(&state, type(&state, "grow 0 9 5"))
        #expect(state.message?.isError == true, "past the limit nothing is grown")
        #expect(labelled(state).isEmpty)
    }

    @Test func aJobRunsOffTheReducerShowsProgressAndEscCancelsIt() {
        var state = smallBrush()
        state.cursor = [0, 0, 0]
        let effects = type(&state, "grow 0 9")
        guard case .labelJob(let job)? = effects.first(where: { if case .labelJob = $0 { true } else { false } }) else {
            Issue.record("no job started")
            return
        }
        #expect(labelled(state).isEmpty, "nothing is applied before the job ends")
        _ = Reducer.reduce(&state, .labelJobProgress(voxels: 7, generation: job.generation))
        #expect(AnnotationStatus.hint(state)?.contains("growing… 7 voxels") == true)
        press(&state, "Space")
        #expect(state.message?.text.contains("still growing") == true)
        press(&state, "Esc")
        #expect(job.cancellation.isCancelled)
        let outcome = job.run()
        _ = Reducer.reduce(&state, .labelJobFinished(LabelJobResult(kind: job.kind, outcome: outcome,
                                                                    generation: job.generation, revision: job.revision)))
        #expect(labelled(state).isEmpty)
        #expect(state.annotation?.labelMap?.job == nil)
    }

    @Test func theImageItselfCanBeShownAsLabels() {
        var state = annotatingState()
        _ = type(&state, "lut labels")
        let layers = LabelMapLayers.layers(state)
        #expect(layers.count == 1 && layers[0].opacity == 1)
        #expect(layers[0].map[3, 2, 1] == 123)
        _ = type(&state, "lut grey")
        #expect(LabelMapLayers.layers(state).isEmpty)
    }

    @Test func fillingASelectedRectangleLabelsItsPixels() {
        var state = annotatingState()
        press(&state, "r", "l", "l", "j", "r")
        press(&state, "b", "4", "Ctrl-F")
        #expect(labelled(state).count == 6)
        #expect(Set(labelled(state).values) == [4])
    }

    @Test func fillBetweenSlicesIsAPreviewUntilEnter() {
        var state = annotatingState()
        _ = type(&state, "brush 2")
        let k = state.cursor.z
        press(&state, "Space")
        for _ in 0..<4 { press(&state, "]") }
        performJobs(&state, press(&state, "Space", "Ctrl-E"))
        let preview = state.annotation?.labelMap?.preview
        #expect(preview != nil && preview!.changedVoxels > 0)
        #expect(Set(labelled(state).keys.map(\.z)) == [k, k + 4], "nothing is applied before Enter")
        press(&state, "Esc")
        #expect(state.annotation?.labelMap?.preview == nil)
        performJobs(&state, press(&state, "Ctrl-E"))
        press(&state, "Enter")
        #expect(Set(labelled(state).keys.map(\.z)) == Set(k...(k + 4)))
        press(&state, "u")
        #expect(Set(labelled(state).keys.map(\.z)) == [k, k + 4])
    }

    @Test func theSegmentsPanelGivesEachLabelsVoxelsAndMillilitres() {
        var state = annotatingState()
        _ = type(&state, "brush 1")
        press(&state, "Space", "S")
        #expect(state.panel == .segments(scroll: 0))
        let lines = SegmentsPanel.lines(state)
        #expect(lines.count == 2)
        #expect(lines[1].contains("Label 1") && lines[1].contains(" 5 ") && lines[1].contains("0.01"))
    }

    @Test func theOverlayIsDrawnInTheLabelColourAndHidesWithVAndY() {
        var state = smallBrush()
        press(&state, "Space")
        let layers = LabelMapLayers.layers(state)
        #expect(layers.count == 1 && layers[0].colors[1] == RGB(255, 0, 0) && !layers[0].outline)
        press(&state, "V")
        #expect(LabelMapLayers.layers(state).first?.outline == true)
        press(&state, "V")
        #expect(LabelMapLayers.layers(state).isEmpty)
        press(&state, "V", "Y")
        #expect(LabelMapLayers.layers(state).first?.colors[1] == nil)
        press(&state, "Y")
        #expect(LabelMapLayers.layers(state).first?.colors[1] == RGB(255, 0, 0))
    }

    @Test func theScreenShowsThePaintedVoxelInColour() {
        var state = smallBrush()
        state.cursor = [2, 2, state.cursor.z]
        press(&state, "Space", "#")
        let grid = ScreenView().render(state)
        var reds = 0
        for row in 0..<grid.rows { for column in 0..<grid.columns {
            let cell = grid[column, row]
            for color in [cell.foreground, cell.background] where Int(color.r) > Int(color.g) + 60 { reds += 1 }
        } }
        #expect(reds > 0)
    }

    @Test func eachStrokeIsSavedWithTheLabelMapOnce() throws {
        let (folder, file, volume) = try standInImageFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var document = ImageDocument(volume: volume, title: "ct.nii")
        document.annotationSource = AnnotationSource.open(for: volume)
        var state = annotatingState(document: document)
        let effects = AnnotationSaving.resolve(type(&state, "brush 0.5") + press(&state, "Space"), &state)
        let requests = effects.compactMap { effect -> SaveRequest? in if case .write(let r) = effect { r } else { nil } }
        #expect(requests.count == 1)
        #expect(requests.first?.labelMap?.revision == 1)
        #expect(requests.first?.labelMap?.path == file + ".tester.seg.nii.gz")
        #expect(requests.first?.document.segmentations.first?.file == "ct.nii.tester.seg.nii.gz")
        #expect(AnnotationSaving.resolve([.save], &state).isEmpty, "nothing new, nothing written")
        let next = AnnotationSaving.resolve(press(&state, "l", "Space"), &state)
        let second = next.compactMap { effect -> SaveRequest? in if case .write(let r) = effect { r } else { nil } }
        #expect(second.first?.labelMap?.revision == 2)
    }

    @Test func aFolderScanDoesNotListTheLabelMapsBesideTheirImages() throws {
        let folder = NSTemporaryDirectory() + "slicemark-scan-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["ct.nii.gz", "ct.nii.gz.dr.a.seg.nii.gz", "1.2.3.annotations.json", "1.2.3.bob.seg.nii.gz", "other.seg.nii.gz"] {
            _ = FileManager.default.createFile(atPath: folder + "/" + name, contents: Data())
        }
        func beside(_ name: String) -> Bool { SidecarLocation.isLabelMapBesideItsImage(.file(path: folder + "/" + name, format: .nifti)) }
        #expect(beside("ct.nii.gz.dr.a.seg.nii.gz"), "an annotator's name may hold dots")
        #expect(beside("1.2.3.bob.seg.nii.gz"), "a DICOM series' label map, named after its sidecar")
        #expect(!beside("other.seg.nii.gz"), "a label map of no image here is an image of its own")
        #expect(!beside("ct.nii.gz"))
    }
}
