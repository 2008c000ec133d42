import Annotations
import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import TUI

/// A model's label-map proposal in the viewer: the label under the cursor (or all) copied into
/// the person's own label map as one undoable stroke, the person's record then naming the model
/// as its source, and the model's record reviewed.
@Suite struct ProposalLabelMapTests {
    static let source = RecordSource.model(name: "seg", version: "4")

    /// A state with model "seg"'s label map drawn over the image: label 1 in a 3×3 block on
    /// slice 6 around the cursor, label 2 in a row of 4 voxels on slice 2.
    func stateWithModelMap() -> (ViewerState, UUID) {
        var state = openState()
        let volume = state.volume!
        var map = LabelMap(grid: volume)
        for j in 7...9 { for i in 9...11 { map[i, j, 6] = 1 } }
        for i in 0..<4 { map[i, 0, 2] = 2 }
        let table = LabelTable(entries: [.init(value: 1, name: "lesion", color: LabelColor(red: 200, green: 0, blue: 0)),
                                         .init(value: 2, name: "vessel", color: LabelColor(red: 0, green: 0, blue: 200))])
        let id = UUID(uuidString: "00000000-0000-4000-8000-0000000000aa")!
        var document = SidecarDocument(unsavedFor: volume)
        document.segmentations.append(Segmentation(id: id, annotator: "seg", created: Timestamp(millisecondsSince1970: 1_000),
                                                   file: "ct.nii.seg_4.seg.nii.gz", sha256: "",
                                                   segments: [.init(value: 1, name: "lesion", color: "#C80000"),
                                                              .init(value: 2, name: "vessel", color: "#0000C8")],
                                                   source: Self.source, status: .proposed, revision: 1))
        state.annotation?.session = AnnotationSession(document: document, annotator: "tester", ids: RecordIDs(seed: 3),
                                                      now: Timestamp(millisecondsSince1970: 50_000))
        state.annotation?.references = [ReferenceLabelMap(name: "seg", path: "/data/ct.nii.seg_4.seg.nii.gz", map: map,
                                                          table: table, kind: .annotator)]
        state.cursor = SIMD3(10, 8, 6)
        state.now = Timestamp(millisecondsSince1970: 60_000)
        return (state, id)
    }

    @Test func acceptingTheLabelUnderTheCursorCopiesItIntoYourLabelMap() throws {
        var (state, id) = stateWithModelMap()
        press(&state, "Ctrl-K")
        let own = try #require(state.annotation?.labelMap)
        #expect(own.map.counts() == [1: 9])
        #expect(own.table.entry(for: 1)?.name == "lesion")
        let document = try #require(state.annotation?.session.document)
        let mine = try #require(document.segmentations.first { $0.annotator == "tester" })
        #expect(mine.source == Self.source && mine.status == .accepted)
        let review = try #require(document.reviews.first { $0.target == id })
        #expect(review.decision == .accept && review.comment?.contains("lesion") == true)
        // Only one of the model's two labels was taken: its record stays proposed.
        #expect(document.segmentations.first { $0.id == id }?.status == .proposed)
        _ = type(&state, "accept-labelmap seg all")
        #expect(state.annotation?.labelMap?.map.counts()[2] == 4)
        #expect(state.annotation?.session.document.segmentations.first { $0.id == id }?.status == .accepted)
        // Undo takes the review back, then exactly the voxels copied.
        press(&state, "u", "u")
        #expect(state.annotation?.labelMap?.map.counts()[2] == nil)
        #expect(state.annotation?.labelMap?.map.counts()[1] == 9)
        // The person's own label map is still theirs to save: the session finds its record.
        #expect(state.annotation?.session.segmentation(of: "tester") != nil)
    }

    @Test func theAcceptedCopyIsSavedAsYourLabelMapNamingTheModel() throws {
        let (folder, file, volume) = try standInImageFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var image = ImageDocument(volume: volume, title: "ct.nii")
        image.annotationSource = AnnotationSource.open(for: volume)
        var state = annotatingState(document: image)
        let (modelState, id) = stateWithModelMap()
        var document = try #require(state.annotation?.session.document)
        document.segmentations = modelState.annotation!.session.document.segmentations
        state.annotation?.session.adopt(document)
        state.annotation?.references = modelState.annotation!.references
        state.cursor = modelState.cursor
        state.now = modelState.now
        let writes = AnnotationSaving.resolve(press(&state, "Ctrl-K"), &state).compactMap { effect -> SaveRequest? in
            if case .write(let r) = effect { r } else { nil }
        }
        let request = try #require(writes.last)
        #expect(request.labelMap?.path == file + ".tester.seg.nii.gz")
        let mine = try #require(request.document.segmentations.first { $0.annotator == "tester" })
        #expect(mine.source == Self.source && mine.status == .accepted && mine.file == "ct.nii.tester.seg.nii.gz")
        #expect(request.labelMap?.recordID == mine.id)
        #expect(request.document.reviews.contains { $0.target == id && $0.decision == .accept })
    }

    @Test func rejectingTheModelsMapUnderTheCursor() throws {
        var (state, id) = stateWithModelMap()
        press(&state, "Ctrl-V")
        let document = try #require(state.annotation?.session.document)
        #expect(document.segmentations.first { $0.id == id }?.status == .rejected)
        #expect(document.reviews.first { $0.target == id }?.decision == .reject)
        #expect(state.annotation?.labelMap == nil)
    }
}
