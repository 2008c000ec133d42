import Foundation
import Testing
import VolumeKit
@testable import Annotations

@Suite struct MergeTests {
    let volume = Fake.niftiVolume(file: "/x/ct.nii")
    var empty: SidecarDocument {
        SidecarDocument(image: SidecarImage(format: .nifti, files: [.init(name: "ct.nii", sha256: String(repeating: "b", count: 64))]),
                        geometry: SidecarGeometry(volume: volume))
    }

    func landmark(_ label: String, by annotator: String, at time: Timestamp, id: UUID = UUID()) -> Annotation {
        Annotation(id: id, kind: .landmark, label: label, annotator: annotator, created: time, plane: .axial,
                   points: [AnnotationPoint(voxel: [1, 2, 3], geometry: volume.geometry)])
    }

    @Test func bothSidesAnnotationsAreKept() {
        var a = empty, b = empty
        a.annotations = [landmark("a1", by: "a", at: Fake.time(1))]
        b.annotations = [landmark("b1", by: "b", at: Fake.time(2))]
        #expect(a.merged(with: b).annotations.map(\.label) == ["a1", "b1"])
        #expect(b.merged(with: a).annotations.map(\.label) == ["a1", "b1"])
    }

    @Test func latestModificationWins() {
        let id = UUID()
        var old = landmark("old name", by: "a", at: Fake.time(1), id: id)
        var new = old
        new.label = "new name"
        new.modified = Fake.time(5)
        old.modified = Fake.time(3)
        var a = empty, b = empty
        a.annotations = [old]
        b.annotations = [new]
        #expect(a.merged(with: b).annotations.map(\.label) == ["new name"])
        #expect(b.merged(with: a).annotations.map(\.label) == ["new name"])
    }

    @Test func deletionIsNotUndoneByAStaleCopy() {
        let stale = landmark("x", by: "a", at: Fake.time(1))
        var deleter = empty, holder = empty
        deleter.deleted = [Tombstone(id: stale.id, deletedBy: "b", deleted: Fake.time(2))]
        holder.annotations = [stale]
        for merged in [deleter.merged(with: holder), holder.merged(with: deleter)] {
            #expect(merged.annotations.isEmpty)
            #expect(merged.deleted.map(\.id) == [stale.id])
        }
    }

    @Test func anEditAfterTheDeletionBringsItBack() {
        var edited = landmark("x", by: "a", at: Fake.time(1))
        edited.modified = Fake.time(9)
        var deleter = empty, editor = empty
        deleter.deleted = [Tombstone(id: edited.id, deletedBy: "b", deleted: Fake.time(2))]
        editor.annotations = [edited]
        let merged = deleter.merged(with: editor)
        #expect(merged.annotations.map(\.id) == [edited.id])
        #expect(merged.deleted.isEmpty)
    }

    @Test func labelsAndNotesMergeByIdToo() {
        var a = empty, b = empty
        a.labels = [ImageLabel(id: UUID(), labelSet: "qa", name: "pass", annotator: "a", created: Fake.time(1))]
        b.labels = [ImageLabel(id: UUID(), labelSet: "qa", name: "fail", annotator: "b", created: Fake.time(2))]
        a.notes = [Note(id: UUID(), annotator: "a", text: "ok", created: Fake.time(1))]
        let merged = a.merged(with: b)
        #expect(merged.labels.map(\.name) == ["pass", "fail"])
        #expect(merged.notes.map(\.text) == ["ok"])
    }

    /// A change made after seeing another has the higher revision and wins, though its
    /// machine's clock says it was made an hour earlier.
    @Test func higherRevisionWinsOverALaterClock() {
        let id = UUID()
        var ahead = landmark("seen first", by: "a", at: Fake.time(3600), id: id)
        ahead.revision = 4
        var behind = ahead
        behind.label = "changed after"
        behind.modified = Fake.time(1)
        behind.modifiedBy = "b"
        behind.revision = 5
        var a = empty, b = empty
        a.annotations = [ahead]
        b.annotations = [behind]
        #expect(a.merged(with: b).annotations.map(\.label) == ["changed after"])
        #expect(b.merged(with: a).annotations.map(\.label) == ["changed after"])
        // A deletion is ordered the same way.
        var deleter = empty
        deleter.deleted = [Tombstone(id: id, deletedBy: "c", deleted: Fake.time(0), revision: 6)]
        #expect(a.merged(with: deleter).annotations.isEmpty)
        #expect(deleter.merged(with: b).annotations.isEmpty)
        deleter.deleted[0].revision = 3
        #expect(deleter.merged(with: a).annotations.map(\.label) == ["seen first"])
        #expect(deleter.merged(with: a).deleted.isEmpty)
    }

    /// The same record changed on both sides from one version: the later change is kept, the
    /// other reported with both versions. A copy that was merely stale is no conflict.
    @Test func concurrentChangesAreReported() throws {
        let id = UUID()
        var base = landmark("base", by: "a", at: Fake.time(1), id: id)
        base.revision = 2
        var mine = base, theirs = base
        mine.label = "mine"; mine.revision = 3; mine.modified = Fake.time(10)
        theirs.label = "theirs"; theirs.revision = 3; theirs.modified = Fake.time(20); theirs.modifiedBy = "b"
        var a = empty, b = empty
        a.annotations = [mine]
        b.annotations = [theirs]
        let result = a.merge(with: b, changed: [id: 2])
        #expect(result.document.annotations.map(\.label) == ["theirs"])
        let conflict = try #require(result.conflicts.first)
        #expect(result.conflicts.count == 1 && conflict.id == id && conflict.record == .annotation)
        #expect(conflict.kept.label == "theirs" && conflict.lost.label == "mine")

        // Not changed by `a` since it read `b`'s version: a stale copy, silently replaced.
        #expect(a.merge(with: b, changed: [:]).conflicts.isEmpty)
        // Changed by `a` on top of `b`'s version: an ordinary update.
        #expect(a.merge(with: b, changed: [id: 3]).conflicts.isEmpty)
        // Deleted on one side while edited on the other: a conflict too.
        var deleter = empty
        deleter.deleted = [Tombstone(id: id, deletedBy: "b", deleted: Fake.time(5), revision: 3)]
        let deletion = a.merge(with: deleter, changed: [id: 2])
        #expect(deletion.conflicts.count == 1)
        #expect(deletion.document.annotations.map(\.label) == ["mine"], "equal revisions: the later time wins")
    }

    @Test func reviewsAndSegmentationsMergeByIdToo() {
        var a = empty, b = empty
        let target = UUID()
        a.reviews = [ReviewRecord(id: UUID(), target: target, targetModified: Fake.t0, reviewer: "r", decision: .accept, time: Fake.time(1), revision: 1)]
        b.reviews = [ReviewRecord(id: UUID(), target: target, targetModified: Fake.t0, reviewer: "s", decision: .reject, time: Fake.time(2), revision: 1)]
        b.segmentations = [Segmentation(id: UUID(), annotator: "a", created: Fake.t0, file: "ct.nii.a.seg.nii.gz",
                                        sha256: String(repeating: "0", count: 64), segments: [.init(value: 1, name: "liver", color: "#DD8866")],
                                        source: .model(name: "nnunet", version: "2"), status: .proposed)]
        let merged = a.merged(with: b)
        #expect(merged.reviews.map(\.reviewer) == ["r", "s"])
        #expect(merged.segmentations.map(\.file) == ["ct.nii.a.seg.nii.gz"])
        #expect(merged.reviewState(of: target) == .decided(b.reviews[0]))
    }
}


@Suite struct AdoptConflictTests {
    /// A session's unsaved change that loses to another session's (a reload merged it in) is
    /// kept in the audit events of the next save, beside the version that won.
    @Test func unsavedChangeLostInAReloadIsLogged() throws {
        let volume = Fake.niftiVolume(file: "/x/ct.nii")
        let empty = SidecarDocument(image: SidecarImage(format: .nifti, files: [.init(name: "ct.nii", sha256: String(repeating: "b", count: 64))]),
                                    geometry: SidecarGeometry(volume: volume))
        var mine = AnnotationSession(document: empty, annotator: "a")
        _ = mine.placeLandmark(at: [1, 1, 1], plane: .axial, volume: volume)
        let saved = mine.document
        _ = mine.takeAuditEvents()
        mine.adopt(saved)
        var theirs = AnnotationSession(document: saved, annotator: "b")
        theirs.select(saved.annotations[0].id)
        theirs.now = Fake.time(10)
        _ = theirs.renameSelected(to: "theirs")
        _ = theirs.renameSelected(to: "theirs again")

        mine.now = Fake.time(5)
        _ = mine.renameSelected(to: "mine")
        mine.adopt(mine.document.merged(with: theirs.document))
        #expect(mine.document.annotations.map(\.label) == ["theirs again"])
        let events = mine.takeAuditEvents()
        let conflict = try #require(events.first { $0.action == .conflict })
        #expect(conflict.kept?.label == "theirs again" && conflict.lost?.label == "mine")
        #expect(events.count == 2)
    }
}
