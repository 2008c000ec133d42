import Annotations
import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import TUI

/// The reducer with a sidecar store: the save effect, saving and merging by the run loop,
/// refused sidecars, and keys that wait for a sidecar to open.
@Suite struct AnnotatingStoreTests {
    func annotations(_ state: ViewerState) -> [Annotation] { state.annotation?.session.annotationsInOrder ?? [] }

    @Test func changesAskTheRunLoopToSaveAndSavingWritesTheSidecar() throws {
        let (folder, file, volume) = try standInImageFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var document = ImageDocument(volume: volume, title: "ct.nii")
        document.annotationSource = AnnotationSource.open(for: volume)
        var state = annotatingState(document: document)
        #expect(state.annotation?.isSaving == true)
        let effects = press(&state, "l", "m")
        #expect(writes(effects) == 1)
        #expect(performFiles(&state, effects).isEmpty)
        let sidecar = try String(contentsOfFile: file + ".annotations.json", encoding: .utf8)
        #expect(sidecar.contains("landmark 1"))
        #expect(press(&state, "r") == [])
        // Another session's save is merged in when the run loop polls.
        let other = try AnnotationStore(volume: volume)
        var theirs = AnnotationSession(document: try other.load().document, annotator: "other", ids: RecordIDs(seed: 2), now: .now())
        _ = theirs.placeLandmark(at: [1, 1, 1], plane: .axial, volume: volume)
        _ = try other.save(theirs.document, audit: theirs.takeAuditEvents())
        let poll = Reducer.reduce(&state, .tick)
        #expect(poll.count == 1)
        performFiles(&state, poll)
        #expect(annotations(state).map(\.annotator).sorted() == ["other", "tester"])
        #expect(state.message?.text.contains("merged") == true)
        state.message = nil
        performFiles(&state, Reducer.reduce(&state, .tick))
        #expect(state.message == nil)
    }

    @Test func aSidecarOfAnotherImageIsRefusedAndKept() throws {
        let folder = NSTemporaryDirectory() + "slicemark-wire-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/ct.nii"
        try Data("one image".utf8).write(to: URL(fileURLWithPath: file))
        var volume = SyntheticVolume.ramp(width: 20, height: 16, depth: 12)
        volume.metadata = VolumeMetadata(format: .nifti, sourceFiles: [file], datatypeName: "int16")
        let store = try AnnotationStore(volume: volume)
        var session = AnnotationSession(document: try store.load().document, annotator: "a", ids: RecordIDs(seed: 1), now: .now())
        _ = session.placeLandmark(at: [1, 1, 1], plane: .axial, volume: volume)
        _ = try store.save(session.document, audit: session.takeAuditEvents())
        try Data("another image".utf8).write(to: URL(fileURLWithPath: file))
        let before = try Data(contentsOf: URL(fileURLWithPath: file + ".annotations.json"))
        var document = ImageDocument(volume: volume, title: "ct.nii")
        document.annotationSource = AnnotationSource.open(for: volume)
        var state = annotatingState(document: document)
        #expect(state.message?.isError == true)
        #expect(state.message?.text.contains("different image") == true)
        #expect(press(&state, "m") == [])
        #expect(Reducer.reduce(&state, .action(.save)) == [])
        #expect(try Data(contentsOf: URL(fileURLWithPath: file + ".annotations.json")) == before)
    }

    @Test func keysTypedWhileTheNextImageIsReadAreForThatImage() throws {
        var state = openState(images: 2)
        state.annotation?.notSavedReason = nil
        press(&state, "1")
        #expect(state.annotation?.session.activeLabels() == ["pass"])
        let effects = press(&state, "n", "2")
        let generation = try #require(state.loading?.generation)
        #expect(effects.contains(.load(index: 1, generation: generation)))
        #expect(state.annotation?.session.activeLabels() == ["pass"], "the shown image keeps its label")
        #expect(state.message?.text.contains("waiting for") == true)
        let next = ImageDocument(volume: SyntheticVolume.ramp(width: 20, height: 16, depth: 12), title: "image1.nii")
        _ = Reducer.reduce(&state, .loaded(next, generation: generation))
        #expect(state.annotation?.session.activeLabels() == ["fail"])
        #expect(state.deferred.isEmpty)
    }

    @Test func keysWaitForTheSidecarToOpen() throws {
        var document = ImageDocument(volume: SyntheticVolume.ramp(width: 20, height: 16, depth: 12), title: "ct.nii")
        document.annotationSource = .opening
        var state = annotatingState(document: document)
        #expect(StatusLine.lines(state, width: 300).0.contains("reading annotations"))
        press(&state, "l", "m")
        let landmarkAt = state.cursor
        #expect(annotations(state).isEmpty)
        #expect(state.message?.text == "1 key waiting for the sidecar")
        press(&state, "r")
        let cornerA = state.cursor
        press(&state, "l", "l", "j", "r")
        let cornerB = state.cursor
        press(&state, "k")
        let live = state.cursor
        _ = Reducer.reduce(&state, .annotationsOpened(.unsaved(reason: "test", isError: false), generation: state.documentGeneration + 1))
        #expect(annotations(state).isEmpty, "a late result of another load is ignored")
        _ = Reducer.reduce(&state, .annotationsOpened(.unsaved(reason: "test", isError: false), generation: state.documentGeneration))
        #expect(annotations(state).first { $0.kind == .landmark }?.voxel == landmarkAt)
        #expect(annotations(state).first { $0.kind == .rectangle }?.points.map(\.voxel) == [cornerA, cornerB])
        #expect(state.cursor == live)
        #expect(state.annotation?.opening == false)
    }

    @Test func quitWaitsForKeysThatWaitForTheSidecar() throws {
        var document = ImageDocument(volume: SyntheticVolume.ramp(width: 20, height: 16, depth: 12), title: "ct.nii")
        document.annotationSource = .opening
        var state = annotatingState(document: document)
        #expect(press(&state, "m", "q") == [])
        #expect(state.isRunning)
        let effects = Reducer.reduce(&state, .annotationsOpened(.unsaved(reason: "test", isError: false),
                                                                generation: state.documentGeneration))
        #expect(annotations(state).count == 1, "the landmark typed before q is applied first")
        // Then q, replayed, asks: that landmark cannot be saved.
        #expect(!effects.contains(.quit))
        #expect(state.message?.text.contains("will not be saved (test)") == true)
        #expect(press(&state, "q") == [.quit])
        #expect(!state.isRunning)
    }

    @Test func typingAheadBeforeASidecarOpensLabelsEachImage() throws {
        func opening() -> ImageDocument {
            var document = ImageDocument(volume: SyntheticVolume.ramp(width: 20, height: 16, depth: 12), title: "ct.nii")
            document.annotationSource = .opening
            return document
        }
        var state = ViewerState(keymap: KeymapLoader.defaultKeymap,
                                options: ViewerOptions(colorMode: .truecolor, annotator: "tester"),
                                images: [.file(path: "/data/a.nii", format: .nifti), .file(path: "/data/b.nii", format: .nifti)])
        state.screenColumns = 80
        state.screenRows = 24
        let first = Reducer.startLoading(&state, index: 0)
        guard case .load(_, let g1) = try #require(first.first) else { Issue.record("no load"); return }
        _ = Reducer.reduce(&state, .loaded(opening(), generation: g1))
        #expect(press(&state, "1", "n", "2").isEmpty, "all wait for the first sidecar")
        let (folder, source) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var effects = Reducer.reduce(&state, .annotationsOpened(source, generation: g1))
        #expect(state.annotation?.session.activeLabels() == ["pass"])
        guard case .load(1, let g2) = try #require(effects.last { if case .load = $0 { true } else { false } }) else {
            Issue.record("n did not load: \(effects)"); return
        }
        effects = Reducer.reduce(&state, .loaded(opening(), generation: g2))
        let (folder2, source2) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder2) }
        effects += Reducer.reduce(&state, .annotationsOpened(source2, generation: g2))
        #expect(state.imageIndex == 1)
        #expect(state.annotation?.session.activeLabels() == ["fail"])
        #expect(state.deferred.isEmpty)
    }

    /// A sidecar store in a fresh folder, as the loading thread would open it.
    func temporaryStore() throws -> (folder: String, source: AnnotationSource) {
        let folder = NSTemporaryDirectory() + "slicemark-wire-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = folder + "/ct.nii"
        try Data("stand-in image bytes".utf8).write(to: URL(fileURLWithPath: file))
        var volume = SyntheticVolume.ramp(width: 20, height: 16, depth: 12)
        volume.metadata = VolumeMetadata(format: .nifti, sourceFiles: [file], datatypeName: "int16")
        return (folder, AnnotationSource.open(for: volume))
    }
}
