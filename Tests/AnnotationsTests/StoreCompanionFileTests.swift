import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import Annotations

/// A label map and its table are saved with the sidecar: under the same lock, each written to a
/// temporary file first, renamed just before the sidecar; never through a link.
@Suite struct StoreCompanionFileTests {
    @Test func companionsAreWrittenBesideTheSidecarUnderTheirNames() throws {
        let (folder, volume) = try Fake.imageFolder()
        defer { folder.cleanUp() }
        let store = try AnnotationStore(volume: volume)
        let map = SidecarLocation.labelMapPath(forSidecar: store.sidecarPath, annotator: "dr ann/1")
        #expect((map as NSString).lastPathComponent == "ct.nii.dr_ann_1.seg.nii.gz")
        let table = SidecarLocation.labelTablePath(forLabelMap: map)
        #expect((table as NSString).lastPathComponent == "ct.nii.dr_ann_1.seg.txt")

        var session = AnnotationSession(document: store.emptyDocument(), annotator: "a")
        _ = session.placeLandmark(at: [1, 1, 1], plane: .axial, volume: volume)
        _ = try store.save(session.document, audit: session.takeAuditEvents(),
                           companions: [.init(path: map, bytes: [1, 2, 3]), .init(path: table, bytes: Array("0 0 0 0".utf8))])
        #expect(FileManager.default.contents(atPath: map) == Data([1, 2, 3]))
        #expect(FileManager.default.contents(atPath: table) == Data("0 0 0 0".utf8))
        #expect(FileManager.default.fileExists(atPath: store.sidecarPath))

        // With no change to the sidecar, the companions are still replaced.
        _ = try store.save(session.document, companions: [.init(path: map, bytes: [9])])
        #expect(FileManager.default.contents(atPath: map) == Data([9]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.contains(".tmp-") })
    }

    @Test func aLinkInPlaceOfALabelMapIsRefusedBeforeAnythingIsWritten() throws {
        let (folder, volume) = try Fake.imageFolder()
        defer { folder.cleanUp() }
        let victim = try folder.write("precious.nii.gz", [7, 7])
        let store = try AnnotationStore(volume: volume)
        let map = SidecarLocation.labelMapPath(forSidecar: store.sidecarPath, annotator: "a")
        try FileManager.default.createSymbolicLink(atPath: map, withDestinationPath: victim)
        var session = AnnotationSession(document: store.emptyDocument(), annotator: "a")
        _ = session.placeLandmark(at: [1, 1, 1], plane: .axial, volume: volume)
        let error = thrownError { _ = try store.save(session.document, audit: session.takeAuditEvents(),
                                                     companions: [.init(path: map, bytes: [1])]) }
        #expect(error == .symbolicLink(path: map))
        #expect(FileManager.default.contents(atPath: victim) == Data([7, 7]))
        #expect(!FileManager.default.fileExists(atPath: store.sidecarPath))
    }

    @Test func aCompanionOutsideTheSidecarsFolderIsRefused() throws {
        let (folder, volume) = try Fake.imageFolder()
        defer { folder.cleanUp() }
        let store = try AnnotationStore(volume: volume)
        let error = thrownError { _ = try store.save(store.emptyDocument(), companions: [.init(path: "/tmp/elsewhere.seg.nii.gz", bytes: [1])]) }
        #expect(error != nil)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/elsewhere.seg.nii.gz"))
    }
}
