import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import Annotations

/// Images that share DICOM UIDs (pydicom's MR_small.dcm and MR_small_RLE.dcm; rtdose.dcm and
/// rtdose_1frame.dcm) each get their own sidecar, and a sidecar is refused by an image whose
/// files or grid it was not made for.
@Suite struct SharedIdentityStoreTests {
    static func copy(_ names: [String], into folder: TemporaryFolder) throws {
        for name in names {
            try FileManager.default.copyItem(atPath: Fixtures.path("pydicom/" + name), toPath: folder.file(name))
        }
    }

    static func volume(_ path: String) throws -> Volume {
        try VolumeLoader.load(.file(path: path, format: .dicom))
    }

    static func saveNote(_ text: String, _ store: AnnotationStore) throws {
        var document = try store.load().document
        document.notes.append(Note(id: UUID(), annotator: "t", text: text, created: Fake.t0))
        _ = try store.save(document)
    }

    @Test func twoEncodingsOfOneImageKeepTwoSidecars() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try Self.copy(["MR_small.dcm", "MR_small_RLE.dcm"], into: folder)
        let plain = try AnnotationStore(volume: Self.volume(folder.file("MR_small.dcm")))
        let uid = "1.3.6.1.4.1.5962.1.3.4.1.20040826185059.5457"
        #expect((plain.sidecarPath as NSString).lastPathComponent == uid + ".annotations.json")
        try Self.saveNote("explicit", plain)
        #expect(plain.image.files.map(\.name) == ["MR_small.dcm"])

        let rle = try AnnotationStore(volume: Self.volume(folder.file("MR_small_RLE.dcm")))
        #expect((rle.sidecarPath as NSString).lastPathComponent == uid + ".MR_small_RLE.dcm.annotations.json")
        #expect(rle.auditPath.hasSuffix(uid + ".MR_small_RLE.dcm.annotations.audit.jsonl"))
        #expect(try rle.load().document.notes.isEmpty, "the other image's note must not show")
        try Self.saveNote("rle", rle)

        // Opened again, in either order, each finds its own.
        let again = try AnnotationStore(volume: Self.volume(folder.file("MR_small.dcm")))
        #expect(again.sidecarPath == plain.sidecarPath)
        #expect(try again.load().document.notes.map(\.text) == ["explicit"])
        let rleAgain = try AnnotationStore(volume: Self.volume(folder.file("MR_small_RLE.dcm")))
        #expect(try rleAgain.load().document.notes.map(\.text) == ["rle"])
    }

    @Test func aMultiFrameAndASingleFrameImageWithOneUIDDoNotShareLabels() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try Self.copy(["rtdose.dcm", "rtdose_1frame.dcm"], into: folder)
        let frames = try AnnotationStore(volume: Self.volume(folder.file("rtdose.dcm")))
        try Self.saveNote("15 frames", frames)
        let single = try AnnotationStore(volume: Self.volume(folder.file("rtdose_1frame.dcm")))
        #expect(single.sidecarPath != frames.sidecarPath)
        #expect(try single.load().document.notes.isEmpty)
    }

    @Test func aChangedFileIsRefusedInOneLineNotSidestepped() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try Self.copy(["MR_small.dcm"], into: folder)
        let store = try AnnotationStore(volume: Self.volume(folder.file("MR_small.dcm")))
        try Self.saveNote("before", store)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder.file("MR_small.dcm"))))
        bytes[bytes.count - 1] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: folder.file("MR_small.dcm")))
        let changed = try AnnotationStore(volume: Self.volume(folder.file("MR_small.dcm")))
        #expect(changed.sidecarPath == store.sidecarPath)
        #expect {
            _ = try changed.load()
        } throws: { error in
            guard case AnnotationError.identityMismatch(_, let detail) = error else { return false }
            return detail.contains("SHA-256") && !"\(error)".contains("\n")
        }
    }

    @Test func anOlderDICOMSidecarWithoutFilesIsMatchedOnUIDsAndGrid() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try Self.copy(["MR_small.dcm"], into: folder)
        let volume = try Self.volume(folder.file("MR_small.dcm"))
        let store = try AnnotationStore(volume: volume)
        var legacy = store.emptyDocument()
        legacy.image.files = []
        legacy.notes = [Note(id: UUID(), annotator: "t", text: "old", created: Fake.t0)]
        try folder.write((store.sidecarPath as NSString).lastPathComponent, SidecarCoding.encode(legacy, path: store.sidecarPath))
        #expect(try store.load().document.notes.map(\.text) == ["old"])

        legacy.geometry.dimensions = [640, 480, 120]
        try folder.write((store.sidecarPath as NSString).lastPathComponent, SidecarCoding.encode(legacy, path: store.sidecarPath))
        #expect {
            _ = try store.load()
        } throws: { error in
            "\(error)".contains("640 × 480 × 120 voxels, this one has 64 × 64 × 1")
        }
        // ... so it is another image's, and this one takes the distinct name.
        let fresh = try AnnotationStore(volume: volume)
        #expect(fresh.sidecarPath.hasSuffix(".MR_small.dcm.annotations.json"))
    }

    @Test func aSidecarFolderHoldsTheSameNames() throws {
        let images = try TemporaryFolder(), sidecars = try TemporaryFolder()
        defer { images.cleanUp(); sidecars.cleanUp() }
        try Self.copy(["MR_small.dcm"], into: images)
        let (niftiFolder, nifti) = try Fake.imageFolder()
        defer { niftiFolder.cleanUp() }
        let dicom = try AnnotationStore(volume: Self.volume(images.file("MR_small.dcm")), sidecarDirectory: sidecars.path)
        #expect(dicom.sidecarPath == sidecars.file("1.3.6.1.4.1.5962.1.3.4.1.20040826185059.5457.annotations.json"))
        let other = try AnnotationStore(volume: nifti, sidecarDirectory: sidecars.path)
        #expect(other.sidecarPath == sidecars.file("ct.nii.annotations.json"))
        #expect(other.auditPath == sidecars.file("ct.nii.annotations.audit.jsonl"))
        try Self.saveNote("here", other)
        #expect(try FileManager.default.contentsOfDirectory(atPath: niftiFolder.path) == ["ct.nii"])
    }
}
