import Annotations
import Foundation
import Rendering
import Testing
import TestSupport
import VolumeKit
@testable import TUI

/// The review unit and blind reads through the reducer: whose records are shown, drawn, listed
/// and walked; accept, fix-accept, reject with a reason and reopen as review records; and what
/// the annotator then sees. In memory: the next person's session starts from the document the
/// last one made, as it would from the shared sidecar.
@Suite struct ReviewReducerTests {
    /// A viewer open on the ramp as `annotator`, on `document` when given.
    func viewer(_ annotator: String, review: Bool = false, blind: Bool = false, document: SidecarDocument? = nil,
                at seconds: Int64 = 100) -> ViewerState {
        var options = ViewerOptions(colorMode: .truecolor, annotator: annotator)
        options.review = review
        options.blind = blind
        var state = ViewerState(keymap: KeymapLoader.defaultKeymap, options: options, images: [.file(path: "/data/ct.nii", format: .nifti)])
        state.screenColumns = 120
        state.screenRows = 40
        state.idSeed = UInt64(annotator.unicodeScalars.first!.value)
        state.now = Timestamp(millisecondsSince1970: 1_764_000_000_000 + seconds * 1000)
        Reducer.open(&state, ImageDocument(volume: SyntheticVolume.ramp(width: 20, height: 16, depth: 12), title: "ct.nii"))
        if let document {
            state.annotation?.session = AnnotationSession(document: document, annotator: annotator,
                                                          ids: RecordIDs(seed: state.idSeed), now: state.now)
        }
        return state
    }

    /// A and B each place one landmark on the same slice, A at the centre, B two pixels right.
    func twoReads() -> SidecarDocument {
        var a = viewer("A", at: 1)
        press(&a, "m")
        var b = viewer("B", document: a.annotation!.session.document, at: 2)
        press(&b, "l", "l", "m")
        return b.annotation!.session.document
    }

    func document(_ state: ViewerState) -> SidecarDocument { state.annotation!.session.document }
    func screen(_ state: ViewerState) -> String { text(ScreenView().render(state)).joined(separator: "\n") }

    @Test func aBlindReadShowsOnlyOnesOwnRecords() throws {
        var b = viewer("B", blind: true, document: twoReads())
        #expect(AnnotationOverlays.overlays(b, plane: .axial).count == 1)
        #expect(StatusLine.lines(b, width: 200).0.contains("1 mark"))
        press(&b, "A")
        let list = AnnotationListPanel.lines(b).lines.joined(separator: "\n")
        #expect(list.contains("· B") && !list.contains("· A"))
        #expect(list.contains("1 annotation "))
        press(&b, "Esc", "Tab")
        #expect(b.annotation?.session.selectedAnnotation?.annotator == "B")
        press(&b, "Tab")
        #expect(b.annotation?.session.selectedAnnotation?.annotator == "B")
        #expect(b.message?.text.contains("(1/1)") == true)
        // Without --blind the other read is there (in a paler tint).
        let open = viewer("B", document: document(b))
        #expect(AnnotationOverlays.overlays(open, plane: .axial).count == 2)
    }

    @Test func aModelsProposalsStayVisibleInABlindRead() {
        var doc = twoReads()
        let geometry = SyntheticVolume.ramp(width: 20, height: 16, depth: 12).geometry
        doc.annotations.append(Annotation(id: UUID(), kind: .landmark, label: "proposal", annotator: "totalseg", created: .init(millisecondsSince1970: 5),
                                          plane: .axial, points: [AnnotationPoint(voxel: [3, 3, 6], geometry: geometry)],
                                          source: .model(name: "totalseg", version: "1"), status: .proposed))
        let b = viewer("B", blind: true, document: doc)
        #expect(ReviewVisibility.visible(b).map(\.annotator).sorted() == ["B", "totalseg"])
    }

    @Test func reviewModeColoursEachAnnotatorAndShowsTheLegend() throws {
        let r = viewer("R", review: true, document: twoReads())
        let overlays = AnnotationOverlays.overlays(r, plane: .axial)
        #expect(overlays.count == 2)
        #expect(Set(overlays.map(\.color)).count == 2)
        #expect(overlays.map(\.color).contains(ReviewColors.color(of: "A", among: ["A", "B"])))
        let shown = screen(r)
        #expect(shown.contains("annotators") && shown.contains("A 1, 1 pending") && shown.contains("B 1, 1 pending"))
        #expect(StatusLine.lines(r, width: 200).0.contains("REVIEW 2 pending · walk all"))
    }

    @Test func acceptRejectAndReopenAreReviewRecordsOfTheVersionSeen() throws {
        var r = viewer("R", review: true, document: twoReads())
        press(&r, "Tab")
        let first = try #require(r.annotation?.session.selectedAnnotation)
        #expect(first.annotator == "A" && r.message?.text.contains("(A) (1/2)") == true)
        press(&r, "Ctrl-A")
        let accept = try #require(document(r).reviews.first)
        #expect(accept.decision == .accept && accept.target == first.id && accept.reviewer == "R")
        #expect(accept.targetModified == first.modified)
        // On to the next record of the walk: B's.
        #expect(r.annotation?.session.selectedAnnotation?.annotator == "B")
        #expect(r.message?.text.contains("accepted landmark") == true)
        // Ctrl-X asks for the reason on the command line.
        press(&r, "Ctrl-X")
        #expect(r.commandLine?.text == "reject ")
        for c in "wrong tooth" { _ = Reducer.reduce(&r, .input(.key(.character(c)))) }
        press(&r, "Enter")
        let reject = try #require(document(r).reviews.first { $0.decision == .reject })
        #expect(reject.comment == "wrong tooth")
        #expect(StatusLine.lines(r, width: 200).0.contains("REVIEW 0 pending"))
        press(&r, "A")
        let list = AnnotationListPanel.lines(r).lines.joined(separator: "\n")
        #expect(list.contains("accepted by R") && list.contains("rejected by R: wrong tooth"))
        press(&r, "Esc")
        // :reject with no reason is refused; :reopen puts the record back on the pending walk.
        _ = type(&r, "reject")
        #expect(r.message?.isError == true && document(r).reviews.count == 2)
        _ = type(&r, "reopen")
        #expect(document(r).reviews.last?.decision == .reopen)
        #expect(StatusLine.lines(r, width: 200).0.contains("REVIEW 1 pending"))
    }

    @Test func editingBeforeAcceptingIsAFixAccept() throws {
        var r = viewer("R", review: true, document: twoReads())
        press(&r, "Tab", "M", "l", "Esc")
        let fixed = try #require(r.annotation?.session.selectedAnnotation)
        #expect(fixed.modifiedBy == "R" && fixed.annotator == "A")
        _ = type(&r, "accept")
        let review = try #require(document(r).reviews.first)
        #expect(review.decision == .fixAccept && review.targetModified == fixed.modified)
        #expect(document(r).workState(of: fixed).state == .accepted)
    }

    @Test func theWalkNarrowsWhatTabVisits() throws {
        var r = viewer("R", review: true, document: twoReads())
        _ = type(&r, "walk B")
        press(&r, "Tab")
        #expect(r.annotation?.session.selectedAnnotation?.annotator == "B")
        press(&r, "Tab")
        #expect(r.annotation?.session.selectedAnnotation?.annotator == "B" && r.message?.text.contains("(1/1)") == true)
        _ = type(&r, "walk pending")
        press(&r, "Ctrl-A")
        // B's is decided: the pending walk holds A's only.
        #expect(ReviewVisibility.walk(r).map(\.annotator) == ["A"])
        // Ctrl-N cycles pending → A → B → all.
        press(&r, "Ctrl-N")
        #expect(r.reviewWalk == .annotator("A"))
        press(&r, "Ctrl-N", "Ctrl-N")
        #expect(r.reviewWalk == .all)
    }

    @Test func decisionsNeedReviewModeAndOthersRecords() {
        var a = viewer("A", document: twoReads())
        press(&a, "Tab", "Ctrl-A")
        #expect(a.message?.isError == true && a.message?.text.contains("--review") == true)
        #expect(document(a).reviews.isEmpty)
        var doc = document(a)
        var r = viewer("R", review: true, document: doc)
        press(&r, "m")
        _ = type(&r, "accept")
        #expect(r.message?.text.contains("your own record") == true)
        doc = document(r)
        #expect(doc.reviews.isEmpty)
    }

    @Test func theAnnotatorSeesTheReasonAndAnEditSendsItBack() throws {
        var r = viewer("R", review: true, document: twoReads())
        press(&r, "Tab", "Tab")
        #expect(r.annotation?.session.selectedAnnotation?.annotator == "B")
        _ = type(&r, "reject not on the landmark")
        var b = viewer("B", blind: true, document: document(r))
        #expect(StatusLine.lines(b, width: 200).0.contains("1 rejected"))
        press(&b, "Tab")
        #expect(b.message?.text.contains("rejected by R: not on the landmark") == true)
        b.message = nil
        let shown = screen(b)
        #expect(shown.contains("rejected by R: not on the landmark"))
        #expect(shown.contains("landmark 1 ✗"))
        press(&b, "M", "j", "Esc")
        #expect(StatusLine.lines(b, width: 200).0.contains("1 changed since review"))
        // Back in R's pending walk.
        let again = viewer("R", review: true, document: document(b))
        #expect(ReviewVisibility.walk(again).count == 2)
        let pending = again.annotation!.session.annotationsInOrder.filter {
            ReviewWalk.pending.includes($0, reviewer: "R", document: document(again))
        }
        #expect(pending.map(\.annotator).sorted() == ["A", "B"])
        #expect(document(again).workState(of: pending.first { $0.annotator == "B" }!).state == .changedSinceReview)
    }

    @Test func aBlindReadCountsOnlyOnesOwnImageLabelsAsDone() throws {
        var a = viewer("A", at: 1)
        press(&a, "1")
        #expect(a.annotation?.session.document.labels.map(\.name) == ["pass"])
        var b = viewer("B", blind: true, document: document(a))
        AnnotationActions.noteImageLabels(&b)
        #expect(b.imageLabels[0] == nil)
        var open = viewer("B", document: document(a))
        AnnotationActions.noteImageLabels(&open)
        #expect(open.imageLabels[0] == ["pass"])

        // The folder scan for the picker's done/total reads the sidecar the same way.
        let (folder, file, volume) = try standInImageFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try AnnotationStore(volume: volume)
        var session = AnnotationSession(document: try store.load().document, annotator: "A", ids: RecordIDs(seed: 3),
                                        now: Timestamp(millisecondsSince1970: 1_764_000_000_000), labelSet: DefaultLabelSet.qa)
        _ = session.toggleLabel(number: 2, at: [0, 0, 0])
        _ = try store.save(session.document, audit: session.takeAuditEvents())
        let sources = [ImageSource.file(path: file, format: .nifti)]
        #expect(ImageLabelScan.labels(of: sources, sidecarDirectory: nil)[0] == ["fail"])
        #expect(ImageLabelScan.labels(of: sources, sidecarDirectory: nil, by: "A")[0] == ["fail"])
        #expect(ImageLabelScan.labels(of: sources, sidecarDirectory: nil, by: "B")[0] == nil)
    }

    @Test func imageLabelsAndLabelMapsAreDecidedByName() throws {
        var a = viewer("A", at: 1)
        press(&a, "1")
        #expect(document(a).labels.map(\.name) == ["pass"])
        var r = viewer("R", review: true, document: document(a), at: 3)
        type(&r, "review-labels A reject the contrast phase is wrong")
        #expect(r.message?.text == "rejected 1 image label of A")
        let reviews = document(r).reviews
        #expect(reviews.count == 1 && reviews.allSatisfy { $0.decision == .reject && $0.reviewer == "R" })
        #expect(reviews.map(\.target) == document(a).labels.map(\.id))
        #expect(reviews.first?.comment == "the contrast phase is wrong")
        for label in document(r).labels {
            guard case .decided(let review) = document(r).reviewState(of: label.id) else { Issue.record("not decided"); continue }
            #expect(review.decision == .reject)
        }
        type(&r, "review-labels A reject")
        #expect(r.message?.isError == true, "a rejection needs a reason")
        type(&r, "review-seg A accept")
        #expect(r.message?.text == "A has no label map on this image")
        type(&r, "review-labels R accept")
        #expect(r.message?.isError == true, "not one's own")
        var plain = viewer("R", document: document(a), at: 4)
        type(&plain, "review-labels A accept")
        #expect(plain.message?.text.contains("review mode") == true)
        #expect(document(plain).reviews.isEmpty)
    }

    @Test func anotherSessionsDecisionIsSaidWhenItArrives() throws {
        let reads = twoReads()
        var r = viewer("R", review: true, document: reads)
        press(&r, "Tab")
        _ = type(&r, "reject too far left")
        let a = viewer("A", blind: true, document: reads)
        #expect(ReviewStatus.news(before: reads, after: document(r), a) == "R rejected your landmark \"landmark 1\": too far left")
        // B's record was not decided: nothing for B.
        #expect(ReviewStatus.news(before: reads, after: document(r), viewer("B", blind: true, document: reads)) == nil)
        // The reviewer hears of an edit after review.
        var edited = viewer("A", blind: true, document: document(r))
        press(&edited, "Tab", "M", "l", "Esc")
        let news = ReviewStatus.news(before: document(r), after: document(edited), r)
        #expect(news == "A changed landmark \"landmark 1\" since your review: pending again")
    }
}
