import Annotations
import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import TUI

/// The proposal keys through the reducer: walking, accepting, rejecting, accepting all of one
/// label, an edit accepting as fix-accept, and how proposals are drawn and listed.
@Suite struct ProposalReducerTests {
    static let model = RecordSource.model(name: "net", version: "7", score: 0.8)

    /// A state whose session holds three landmark proposals of model "net": two "nodule" on
    /// slice 6 (the one shown), one "nodule" on slice 2, and one "vessel" on slice 6.
    func stateWithProposals() -> ViewerState {
        var state = openState()
        let volume = state.volume!
        var document = SidecarDocument(unsavedFor: volume)
        let spots: [(String, SIMD3<Int>)] = [("nodule", [3, 4, 6]), ("nodule", [10, 9, 6]), ("nodule", [5, 5, 2]), ("vessel", [12, 3, 6])]
        for (n, (label, voxel)) in spots.enumerated() {
            document.annotations.append(Annotation(
                id: UUID(uuidString: "00000000-0000-4000-8000-00000000000\(n + 1)")!, kind: .landmark, label: label,
                annotator: "net", created: Timestamp(millisecondsSince1970: 1_000 + Int64(n)), revision: n + 1, plane: .axial,
                points: [AnnotationPoint(voxel: voxel, geometry: volume.geometry)], source: Self.model, status: .proposed))
        }
        state.annotation?.session = AnnotationSession(document: document, annotator: "tester", ids: RecordIDs(seed: 9),
                                                      now: Timestamp(millisecondsSince1970: 50_000))
        state.now = Timestamp(millisecondsSince1970: 60_000)
        return state
    }

    func proposal(_ state: ViewerState, _ n: Int) -> Annotation {
        state.annotation!.session.document.annotation(UUID(uuidString: "00000000-0000-4000-8000-00000000000\(n)")!)!
    }

    func reviews(_ state: ViewerState) -> [ReviewRecord] { state.annotation!.session.document.reviews }

    @Test func walkingVisitsOpenProposalsAndMovesToTheirSlice() {
        var state = stateWithProposals()
        press(&state, "'")
        #expect(state.annotation?.session.selection == proposal(state, 3).id)
        #expect(state.cursor == SIMD3(5, 5, 2))
        #expect(state.message?.text.contains("proposal 1/4: landmark \"nodule\" by net@7 (score 0.80)") == true)
        press(&state, "'", "\"")
        #expect(state.annotation?.session.selection == proposal(state, 3).id)
    }

    @Test func acceptRejectAndUndo() throws {
        var state = stateWithProposals()
        press(&state, "'", "Ctrl-K")
        let accepted = proposal(state, 3)
        #expect(accepted.status == .accepted && accepted.annotator == "net" && accepted.source == Self.model)
        let review = try #require(reviews(state).first)
        #expect(review.decision == .accept && review.reviewer == "tester" && review.target == accepted.id)
        #expect(review.targetModified == accepted.modified)
        #expect(state.annotation?.session.document.reviewState(of: accepted.id) == .decided(review))
        press(&state, "'", "Ctrl-V")
        #expect(proposal(state, 1).status == .rejected)
        #expect(reviews(state).last?.decision == .reject)
        press(&state, "u")
        #expect(proposal(state, 1).status == .proposed && reviews(state).count == 1)
        // Rejected proposals are not drawn; open ones are dimmed and marked with "?".
        press(&state, "Ctrl-R")
        let overlays = AnnotationOverlays.overlays(state, plane: .axial)
        #expect(overlays.count == 2)
        #expect(overlays.allSatisfy { $0.label?.hasPrefix("?") == true })
        let list = AnnotationListPanel.lines(state).lines.joined(separator: "\n")
        #expect(list.contains("rejected proposal of net@7 (score 0.80)"))
        #expect(list.contains("accepted proposal of net@7"))
    }

    @Test func acceptAllOfOneLabelOnThisSliceOrTheImage() {
        var state = stateWithProposals()
        press(&state, "'", "'")  // nodule on slice 6 selected, cursor on slice 6
        #expect(state.cursor.z == 6)
        press(&state, "Ctrl-T")
        #expect(proposal(state, 1).status == .accepted && proposal(state, 2).status == .accepted)
        #expect(proposal(state, 3).status == .proposed && proposal(state, 4).status == .proposed)
        press(&state, "u")
        #expect(proposal(state, 1).status == .proposed && proposal(state, 2).status == .proposed)
        press(&state, "Ctrl-U")
        #expect([1, 2, 3].allSatisfy { proposal(state, $0).status == .accepted })
        #expect(proposal(state, 4).status == .proposed)
        _ = type(&state, "reject-proposals vessel")
        #expect(proposal(state, 4).status == .rejected)
        #expect(state.annotation?.session.openProposals.isEmpty == true)
    }

    @Test func movingAProposalAcceptsItAsFixAcceptKeepingItsSource() throws {
        var state = stateWithProposals()
        press(&state, "'", "M", "l", "l", "Esc")
        let moved = proposal(state, 3)
        #expect(moved.voxel == SIMD3(7, 5, 2))
        #expect(moved.status == .accepted && moved.source == Self.model && moved.annotator == "net")
        // One review, following the fix to the version kept: not "changed since review".
        let review = try #require(reviews(state).last)
        #expect(reviews(state).count == 1)
        #expect(review.decision == .fixAccept && review.targetModified == moved.modified)
        #expect(state.annotation?.session.document.reviewState(of: moved.id) == .decided(review))
        // Undo takes the steps back one by one, down to the proposal as it came.
        press(&state, "u", "u", "u", "u")
        #expect(proposal(state, 3).status == .proposed && proposal(state, 3).voxel == SIMD3(5, 5, 2))
        #expect(reviews(state).isEmpty)
    }
}
