import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import Annotations

/// The worklist's counts and each person's todo, from documents made by real sessions: two
/// annotators, a reviewer accepting one record and rejecting another, an edit after review.
@Suite struct WorklistTests {
    let volume = Fake.niftiVolume(file: "/nonexistent/ct.nii")
    let image = SidecarImage(format: .nifti, files: [.init(name: "ct.nii", sha256: String(repeating: "a", count: 64))])

    func session(_ annotator: String, _ document: SidecarDocument? = nil, at seconds: Int64) -> AnnotationSession {
        var s = AnnotationSession(document: document ?? SidecarDocument(image: image, geometry: SidecarGeometry(volume: volume)),
                                  annotator: annotator, labelSet: LabelSet(name: "qa", labels: [.init(name: "pass", color: "#2E9E44")]))
        s.now = Fake.time(seconds)
        return s
    }

    /// A: landmark 1 (accepted) and label pass; B: landmark 1 (rejected, reason "wrong tooth").
    func reviewed() -> (document: SidecarDocument, a: UUID, b: UUID) {
        var a = session("A", at: 1)
        _ = a.placeLandmark(at: [1, 1, 1], plane: .axial, volume: volume)
        _ = a.toggleLabel(number: 1, at: [1, 1, 1])
        var b = session("B", a.document, at: 2)
        _ = b.placeLandmark(at: [2, 2, 1], plane: .axial, volume: volume)
        let idA = a.document.annotations[0].id, idB = b.document.annotations.first { $0.annotator == "B" }!.id
        var r = session("R", b.document, at: 3)
        _ = r.review(.accept, of: idA)
        _ = r.review(.reject, of: idB, comment: "wrong tooth")
        return (r.document, idA, idB)
    }

    @Test func countsEachAnnotatorsRecordsByState() {
        let (document, _, _) = reviewed()
        let list = Worklist([WorklistImage(path: "ct.nii", sidecarPath: "ct.nii.annotations.json", document: document),
                             WorklistImage(path: "mr.nii", sidecarPath: "mr.nii.annotations.json", document: nil)])
        let ct = list.images[0]
        #expect(ct.annotators.map(\.annotator) == ["A", "B"])
        // A's landmark is accepted, A's image label is a draft nobody reviewed.
        #expect(ct.annotators[0].counts[.accepted] == 1 && ct.annotators[0].counts[.draft] == 1)
        #expect(ct.annotators[1].counts[.rejected] == 1 && ct.annotators[1].counts.total == 1)
        #expect(ct.labels == [Worklist.LabelUse(label: "qa:pass", annotators: ["A"])])
        #expect(!list.images[1].hasSidecar && list.images[1].counts.total == 0)
        #expect(list.annotators.map(\.annotator) == ["A", "B"] && list.annotators.map(\.images) == [1, 1])
        #expect(list.counts.total == 3 && list.counts[.rejected] == 1)
    }

    @Test func annotatorTodoHasTheRejectedRecordAndUntouchedImages() {
        let (document, _, idB) = reviewed()
        let list = Worklist([WorklistImage(path: "ct.nii", sidecarPath: "s", document: document),
                             WorklistImage(path: "mr.nii", sidecarPath: "s2", document: nil)])
        let b = Todo(for: "B", in: list)
        #expect(b.roles == .annotator)
        #expect(b.items.map(\.reason) == [.rejected, .notStarted])
        #expect(b.items[0].record?.id == idB && b.items[0].review?.comment == "wrong tooth" && b.items[0].review?.reviewer == "R")
        #expect(b.imageIndices == [0, 1])
        let a = Todo(for: "A", in: list)
        #expect(a.items.map(\.reason) == [.notStarted] && a.items[0].image == 1)
    }

    @Test func anEditAfterRejectionPutsTheRecordBackInTheReviewersQueue() {
        var (document, idA, idB) = reviewed()
        var list = Worklist([WorklistImage(path: "ct.nii", sidecarPath: "s", document: document)])
        var r = Todo(for: "R", in: list)
        #expect(r.roles == .reviewer)
        // Both landmarks are decided; A's image label is counted but not queued for review.
        #expect(r.items.isEmpty)
        #expect(list.images[0].counts[.draft] == 1)

        var b = session("B", document, at: 10)
        b.select(idB)
        _ = b.nudgeSelected(columns: 1, rows: 0, plane: .axial, volume: volume)
        document = b.document
        #expect(document.workState(of: document.annotation(idB)!).state == .changedSinceReview)
        #expect(document.workState(of: document.annotation(idB)!).text == "changed since review (rejected by R: wrong tooth)")
        list = Worklist([WorklistImage(path: "ct.nii", sidecarPath: "s", document: document)])
        r = Todo(for: "R", in: list)
        #expect(r.items.map(\.reason) == [.changedSinceReview] && r.items[0].record?.id == idB)
        #expect(Todo(for: "B", in: list).items.isEmpty)
        #expect(list.images[0].counts[.changedSinceReview] == 1)

        // Reopening A's accepted landmark sends it back to R's queue as reopened.
        var r2 = session("R", document, at: 11)
        _ = r2.review(.reopen, of: idA)
        let reopened = Todo(for: "R", in: Worklist([WorklistImage(path: "ct.nii", sidecarPath: "s", document: r2.document)]))
        #expect(reopened.items.contains { $0.reason == .reopened && $0.record?.id == idA })
    }

    @Test func aReviewerBeforeTheirFirstReviewIsNamedAsOne() {
        var a = session("A", at: 1)
        _ = a.placeLandmark(at: [1, 1, 1], plane: .axial, volume: volume)
        let list = Worklist([WorklistImage(path: "ct.nii", sidecarPath: "s", document: a.document)])
        // Inferred: R has neither records nor reviews, so R is an annotator with an image to start.
        #expect(Todo(for: "R", in: list).items.map(\.reason) == [.notStarted])
        #expect(Todo(for: "R", in: list, roles: .reviewer).items.map(\.reason) == [.notReviewed])
    }

    @Test func proposalsCountAsProposedUntilDecided() {
        var document = SidecarDocument(image: image, geometry: SidecarGeometry(volume: volume))
        var proposal = Annotation(id: UUID(), kind: .landmark, label: "nasion", annotator: "totalseg", created: Fake.t0,
                                  plane: .axial, points: [AnnotationPoint(voxel: [1, 1, 1], geometry: volume.geometry)],
                                  source: .model(name: "totalseg", version: "2"), status: .proposed)
        document.annotations = [proposal]
        #expect(document.workState(of: proposal).state == .proposed)
        proposal.status = .accepted
        document.annotations = [proposal]
        #expect(document.workState(of: proposal).state == .accepted)
        // Proposals wait for an annotator, not the reviewer.
        proposal.status = .proposed
        document.annotations = [proposal]
        let list = Worklist([WorklistImage(path: "ct.nii", sidecarPath: "s", document: document)])
        #expect(Todo(for: "R", in: list, roles: .reviewer).items.isEmpty)
        #expect(list.counts[.proposed] == 1)
    }

    @Test func jsonNamesEveryStateAndTheTodo() throws {
        let (document, _, idB) = reviewed()
        let list = Worklist([WorklistImage(path: "ct.nii", sidecarPath: "ct.nii.annotations.json", document: document)])
        let text = WorklistReport.json(list, todo: Todo(for: "B", in: list)).rendered()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let images = try #require(json["images"] as? [[String: Any]])
        let annotators = try #require(images[0]["annotators"] as? [[String: Any]])
        #expect(annotators[1]["annotator"] as? String == "B" && annotators[1]["rejected"] as? Int == 1)
        #expect(Set(annotators[0].keys) == ["annotator", "records", "draft", "proposed", "accepted", "rejected", "changed_since_review"])
        let todo = try #require(json["todo"] as? [String: Any])
        let items = try #require(todo["items"] as? [[String: Any]])
        #expect(items.count == 1 && items[0]["reason"] as? String == "rejected" && items[0]["comment"] as? String == "wrong tooth")
        #expect(items[0]["record"] as? String == idB.uuidString.lowercased())
        #expect(todo["roles"] as? [String] == ["annotator"])
        let table = WorklistReport.table(list)
        #expect(table.contains("ct.nii") && table.contains("qa:pass (A)"))
    }
}
