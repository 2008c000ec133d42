import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import Annotations

@Suite struct SessionTests {
    let volume = Fake.niftiVolume(file: "/nonexistent/ct.nii")
    let image = SidecarImage(format: .nifti, files: [.init(name: "ct.nii", sha256: String(repeating: "a", count: 64))])

    func session(annotator: String = "dr.a", labels: LabelSet? = nil, template: LandmarkTemplate? = nil) -> AnnotationSession {
        AnnotationSession(document: SidecarDocument(image: image, geometry: SidecarGeometry(volume: volume)),
                          annotator: annotator, labelSet: labels, template: template)
    }

    /// A 30° rotation about S, computed by hand: LPS = origin + R (index × spacing).
    @Test func landmarkPositionOnObliqueGeometry() {
        let c = cos(Double.pi / 6), s = sin(Double.pi / 6)
        let oblique = VolumeGeometry(origin: [-5, 7, 11], spacing: [0.5, 0.75, 2],
                                     direction: Matrix3(columns: [[c, s, 0], [-s, c, 0], [0, 0, 1]]))
        let volume = Fake.niftiVolume(file: "/x/ct.nii", geometry: oblique)
        var session = self.session()
        session.now = Fake.t0
        let change = session.placeLandmark(at: [3, 4, 2], plane: .axial, volume: volume)
        #expect(change.documentChanged)
        let landmark = try! #require(session.document.annotations.first)
        #expect(landmark.kind == .landmark)
        #expect(landmark.label == "landmark 1")
        #expect(landmark.voxel == [3, 4, 2])
        #expect(landmark.annotator == "dr.a")
        #expect(landmark.created == Fake.t0)
        let expected = SIMD3<Double>(-5 + 1.5 * c - 3 * s, 7 + 1.5 * s + 3 * c, 15)
        // Positions are kept to a nanometre.
        #expect(abs(landmark.lps.x - expected.x) <= 5e-7 && abs(landmark.lps.y - expected.y) <= 5e-7 && landmark.lps.z == 15)
        #expect(landmark.lps.x == (landmark.lps.x * 1e6).rounded() / 1e6)
        #expect(abs(landmark.lps.x - -5.200961894) < 1e-6 && abs(landmark.lps.y - 10.348076211) < 1e-6)
        #expect(session.selection == landmark.id)
    }

    @Test func landmarkOutsideTheImageIsRefused() {
        var session = self.session()
        let change = session.placeLandmark(at: [8, 0, 0], plane: .axial, volume: volume)
        #expect(!change.documentChanged)
        #expect(session.document.annotations.isEmpty)
    }

    @Test func templatePlacesNextMissingNameAndReportsProgress() {
        let template = LandmarkTemplate(name: "spine", landmarks: [
            .init(name: "L1 superior", description: "centre of the L1 superior endplate"),
            .init(name: "L1 inferior"), .init(name: "L2 superior"),
        ])
        var session = self.session(template: template)
        #expect(session.templateProgress == TemplateProgress(placed: 0, total: 3, next: template.landmarks[0]))
        var change = session.placeLandmark(at: [1, 1, 1], plane: .axial, volume: volume)
        #expect(change.message?.contains("(1/3; next: L1 inferior)") == true)
        #expect(session.document.annotations[0].description == "centre of the L1 superior endplate")
        _ = session.placeLandmark(at: [2, 1, 1], plane: .axial, volume: volume)
        // Deleting the first makes it the next missing one again.
        session.select(session.document.annotations[0].id)
        _ = session.deleteSelected()
        #expect(session.templateProgress?.next?.name == "L1 superior")
        _ = session.placeLandmark(at: [3, 1, 1], plane: .axial, volume: volume)
        change = session.placeLandmark(at: [4, 1, 1], plane: .axial, volume: volume)
        #expect(change.message?.contains("(3/3; all placed)") == true)
        change = session.placeLandmark(at: [5, 1, 1], plane: .axial, volume: volume)
        #expect(!change.documentChanged)
        #expect(Set(session.document.annotations.map(\.label)) == ["L1 superior", "L1 inferior", "L2 superior"])
    }

    @Test func rectangleTakesTwoPressesAndStaysOnItsSlice() {
        var session = self.session()
        var change = session.click(.rectangle, at: [1, 2, 3], plane: .axial, volume: volume)
        #expect(!change.documentChanged)
        #expect(session.pending == PendingShape(tool: .rectangle, plane: .axial, points: [[1, 2, 3]]))
        change = session.click(.rectangle, at: [3, 4, 0], plane: .axial, volume: volume)
        #expect(change.documentChanged)
        #expect(session.pending == nil)
        let roi = session.document.annotations[0]
        #expect(roi.kind == .rectangle)
        #expect(roi.points.map(\.voxel) == [[1, 2, 3], [3, 4, 3]])
        #expect(roi.statistics?.pixelCount == 9)
        #expect(roi.statistics?.mean == 332)
        #expect(roi.label == "rectangle 1")
    }

    @Test func polygonClosesWithThreeOrMorePoints() {
        var session = self.session()
        _ = session.click(.polygon, at: [0, 0, 1], plane: .axial, volume: volume)
        _ = session.click(.polygon, at: [4, 0, 1], plane: .axial, volume: volume)
        #expect(!session.closePolygon(volume: volume).documentChanged)
        _ = session.click(.polygon, at: [0, 4, 1], plane: .axial, volume: volume)
        let change = session.closePolygon(volume: volume)
        #expect(change.documentChanged)
        #expect(session.document.annotations[0].statistics?.pixelCount == 15)
    }

    /// (0,0,0)–(3,4,2) with spacing 0.5, 0.75, 2: √(1.5² + 3² + 4²) mm.
    @Test func distanceAcrossSlices() {
        var session = self.session()
        _ = session.click(.distance, at: [0, 0, 0], plane: .axial, volume: volume)
        _ = session.click(.distance, at: [3, 4, 2], plane: .axial, volume: volume)
        let ruler = session.document.annotations[0]
        #expect(ruler.kind == .distance)
        #expect(abs(ruler.lengthMM! - 27.25.squareRoot()) < 1e-12)
        #expect(session.annotations(on: .axial, slice: 1, volume: volume).count == 1)
        #expect(session.annotations(on: .axial, slice: 3, volume: volume).isEmpty)
    }

    @Test func anotherToolStartsOver() {
        var session = self.session()
        _ = session.click(.rectangle, at: [1, 1, 1], plane: .axial, volume: volume)
        _ = session.click(.ellipse, at: [2, 2, 1], plane: .axial, volume: volume)
        #expect(session.pending?.tool == .ellipse)
        #expect(session.pending?.points == [[2, 2, 1]])
        _ = session.cancelPending()
        #expect(session.pending == nil)
        #expect(session.document.annotations.isEmpty)
    }

    @Test func undoAndRedoEveryKindOfChange() {
        let qa = LabelSet(name: "qa", labels: [.init(name: "pass", color: "#00FF00"), .init(name: "fail", color: "#FF0000")])
        var session = self.session(labels: qa)
        var t = Fake.t0.millisecondsSince1970
        func next() -> Timestamp { t += 1000; return Timestamp(millisecondsSince1970: t) }

        session.now = next()
        _ = session.placeLandmark(at: [1, 1, 1], plane: .axial, volume: volume)
        let id = session.document.annotations[0].id
        session.now = next()
        _ = session.renameSelected(to: "apex")
        session.now = next()
        _ = session.nudgeSelected(columns: 2, rows: -1, plane: .axial, volume: volume)
        #expect(session.document.annotations[0].voxel == [3, 0, 1])
        session.now = next()
        _ = session.toggleLabel(number: 1, at: [0, 0, 0])
        session.now = next()
        _ = session.toggleLabel(number: 2, at: [0, 0, 0])   // single choice: fail replaces pass
        #expect(session.activeLabels() == ["fail"])
        session.now = next()
        _ = session.setNote("motion artefact")
        session.now = next()
        _ = session.deleteSelected()
        #expect(session.document.annotations.isEmpty)
        #expect(session.document.deleted.contains { $0.id == id })

        _ = { session.now = next(); return session.undo() }()   // delete
        #expect(session.document.annotation(id)?.label == "apex")
        #expect(!session.document.deleted.contains { $0.id == id })
        #expect(session.selection == id)
        _ = { session.now = next(); return session.undo() }()   // note
        #expect(session.note == nil)
        _ = { session.now = next(); return session.undo() }()   // fail
        #expect(session.activeLabels() == ["pass"])
        _ = { session.now = next(); return session.undo() }()   // pass
        #expect(session.activeLabels().isEmpty)
        _ = { session.now = next(); return session.undo() }()   // nudge
        #expect(session.document.annotation(id)?.voxel == [1, 1, 1])
        _ = { session.now = next(); return session.undo() }()   // rename
        #expect(session.document.annotation(id)?.label == "landmark 1")
        _ = { session.now = next(); return session.undo() }()   // place
        #expect(session.document.annotations.isEmpty)
        #expect(!{ session.now = next(); return session.undo() }().documentChanged)

        for _ in 0..<7 { #expect({ session.now = next(); return session.redo() }().documentChanged) }
        #expect(session.document.annotations.isEmpty)
        #expect(session.note == "motion artefact")
        #expect(session.activeLabels() == ["fail"])
        #expect(!{ session.now = next(); return session.redo() }().documentChanged)

        // Each undo and redo was a new change: modification times only go forward.
        let events = session.takeAuditEvents()
        #expect(events.map(\.time) == events.map(\.time).sorted())
        #expect(events.filter { $0.cause == .undo }.count >= 7)
        #expect(session.takeAuditEvents().isEmpty)
    }

    @Test func undoWhileDrawingRemovesThePoint() {
        var session = self.session()
        _ = session.click(.polygon, at: [0, 0, 1], plane: .axial, volume: volume)
        _ = session.click(.polygon, at: [3, 0, 1], plane: .axial, volume: volume)
        _ = session.undo()
        #expect(session.pending?.points == [[0, 0, 1]])
        _ = session.undo()
        #expect(session.pending == nil)
    }

    @Test func imageScopedLabelsArePerSlice() {
        let set = LabelSet(name: "slice-quality", scope: .image, choice: .multiple,
                           labels: [.init(name: "artefact", color: "#FFAA00"), .init(name: "blur", color: "#8888FF")])
        var session = self.session(labels: set)
        _ = session.toggleLabel(number: 1, at: [0, 0, 2])
        _ = session.toggleLabel(number: 2, at: [5, 5, 2])
        #expect(session.activeLabels(slice: 2) == ["artefact", "blur"])
        #expect(session.activeLabels(slice: 1).isEmpty)
        #expect(session.document.labels.allSatisfy { $0.slice == 2 })
        #expect(!session.toggleLabel(number: 3, at: [0, 0, 2]).documentChanged)
    }

    @Test func tabCyclesInCreationOrder() {
        var session = self.session()
        for n in 0..<3 {
            session.now = Fake.time(Int64(n))
            _ = session.placeLandmark(at: [n, 0, 0], plane: .axial, volume: volume)
        }
        let ids = session.document.annotations.map(\.id)
        session.select(nil)
        _ = session.selectNext(); #expect(session.selection == ids[0])
        _ = session.selectNext(); #expect(session.selection == ids[1])
        _ = session.selectNext(); _ = session.selectNext(); #expect(session.selection == ids[0])
        _ = session.selectPrevious(); #expect(session.selection == ids[2])
        _ = session.deleteSelected()
        #expect(session.selection == ids[1])
    }

    @Test func nudgeRecomputesStatisticsAndStopsAtTheEdge() {
        var session = self.session()
        _ = session.click(.rectangle, at: [1, 2, 3], plane: .axial, volume: volume)
        _ = session.click(.rectangle, at: [3, 4, 3], plane: .axial, volume: volume)
        _ = session.nudgeSelected(columns: 1, rows: 0, plane: .axial, volume: volume)
        #expect(session.selectedAnnotation?.statistics?.mean == 333)
        let refused = session.nudgeSelected(columns: 5, rows: 0, plane: .axial, volume: volume)
        #expect(!refused.documentChanged)
        #expect(session.selectedAnnotation?.points.map(\.voxel) == [[2, 2, 3], [4, 4, 3]])
    }

    @Test func reviewRecordsTheReviewerAndGoesStaleOnEdit() {
        var session = self.session(annotator: "reviewer.b")
        _ = session.placeLandmark(at: [1, 1, 1], plane: .axial, volume: volume)
        let id = session.document.annotations[0].id
        #expect(session.reviewState(of: id) == .notReviewed)
        session.now = Fake.time(5)
        _ = session.review(.reject, of: id, comment: "off by one slice", tags: ["position"])
        let review = try! #require(session.document.reviews.first)
        #expect(review.target == id && review.reviewer == "reviewer.b" && review.decision == .reject)
        #expect(review.comment == "off by one slice" && review.tags == ["position"] && review.time == Fake.time(5))
        #expect(review.targetModified == session.document.annotations[0].modified)
        #expect(session.reviewState(of: id) == .decided(review))
        // The annotation itself is not touched by its review.
        #expect(session.document.annotations[0].modified == Fake.t0)

        session.now = Fake.time(6)
        _ = session.renameSelected(to: "moved")
        #expect(session.reviewState(of: id) == .changedSinceReview(last: review))
        session.now = Fake.time(7)
        _ = session.review(.fixAccept, of: id)
        #expect(session.reviewState(of: id).decision == .fixAccept)
        _ = session.undo()
        #expect(session.reviewState(of: id) == .changedSinceReview(last: review))
    }
}

extension ReviewState {
    var decision: ReviewRecord.Decision? {
        if case .decided(let r) = self { return r.decision }
        return nil
    }
}
