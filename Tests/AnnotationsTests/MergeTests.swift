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
        a.labels = [ImageLabel(labelSet: "qa", name: "pass", annotator: "a", created: Fake.time(1))]
        b.labels = [ImageLabel(labelSet: "qa", name: "fail", annotator: "b", created: Fake.time(2))]
        a.notes = [Note(annotator: "a", text: "ok", created: Fake.time(1))]
        let merged = a.merged(with: b)
        #expect(merged.labels.map(\.name) == ["pass", "fail"])
        #expect(merged.notes.map(\.text) == ["ok"])
    }
}

@Suite struct IdentityTests {
    let nifti = SidecarImage(format: .nifti, files: [.init(name: "ct.nii", sha256: String(repeating: "a", count: 64))])
    let dicom = SidecarImage(format: .dicom, studyInstanceUID: "1.2", seriesInstanceUID: "1.2.3", sopInstanceUIDs: ["1.2.3.1", "1.2.3.2"])

    @Test func sameImageMatches() {
        #expect(nifti.mismatch(with: nifti) == nil)
        var renamed = nifti
        renamed.files[0].name = "renamed.nii"
        #expect(nifti.mismatch(with: renamed) == nil)
        var reordered = dicom
        reordered.sopInstanceUIDs.reverse()
        #expect(dicom.mismatch(with: reordered) == nil)
    }

    @Test func differencesAreNamed() {
        var otherContent = nifti
        otherContent.files[0].sha256 = String(repeating: "b", count: 64)
        #expect(nifti.mismatch(with: otherContent)?.contains("bbbbbbbbbbbb…") == true)
        #expect(nifti.mismatch(with: dicom) == "it is for DICOM series 1.2.3, this image is a nifti file")
        var otherSeries = dicom
        otherSeries.seriesInstanceUID = "9.9"
        #expect(dicom.mismatch(with: otherSeries) == "it is for series 9.9, this image is series 1.2.3")
        var otherStudy = dicom
        otherStudy.studyInstanceUID = "7.7"
        #expect(dicom.mismatch(with: otherStudy)?.contains("study 7.7") == true)
        var fewer = dicom
        fewer.sopInstanceUIDs = ["1.2.3.1", "1.2.3.9"]
        #expect(dicom.mismatch(with: fewer) == "it lists 1 instance(s) this series does not have and lacks 1 of its 2")
    }
}
