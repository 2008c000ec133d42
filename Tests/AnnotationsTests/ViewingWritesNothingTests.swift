import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import Annotations

/// Opening and looking (selection, a shape started and cancelled, a save with nothing to save)
/// leaves the image's folder exactly as it was; the first change writes the sidecar and log.
@Suite struct ViewingWritesNothingTests {
    func listing(_ folder: TemporaryFolder) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func viewingCreatesNoFile() throws {
        let (folder, volume) = try Fake.imageFolder()
        defer { folder.cleanUp() }
        #expect(try listing(folder) == ["ct.nii"])
        let store = try AnnotationStore(volume: volume)
        var last = try store.load()
        var session = AnnotationSession(document: last.document, annotator: "viewer")
        _ = session.selectNext()
        _ = session.click(.rectangle, at: [1, 1, 1], plane: .axial, volume: volume)
        _ = session.cancelPending()
        _ = session.undo()
        last = try store.save(session.document, audit: session.takeAuditEvents(), after: last)
        _ = try store.save(session.document)
        #expect(try listing(folder) == ["ct.nii"])

        _ = session.placeLandmark(at: [1, 1, 1], plane: .axial, volume: volume)
        _ = try store.save(session.document, audit: session.takeAuditEvents(), after: last)
        #expect(try listing(folder) == ["ct.nii", "ct.nii.annotations.audit.jsonl", "ct.nii.annotations.json"])
    }

    /// A sidecar that came without its audit log (copied from elsewhere): viewing does not add
    /// the log, nor rewrite the sidecar.
    @Test func viewingAnExistingSidecarTouchesNothing() throws {
        let (folder, volume) = try Fake.imageFolder()
        defer { folder.cleanUp() }
        let store = try AnnotationStore(volume: volume)
        var session = AnnotationSession(document: store.emptyDocument(), annotator: "a")
        _ = session.placeLandmark(at: [1, 1, 1], plane: .axial, volume: volume)
        _ = try store.save(session.document, audit: session.takeAuditEvents())
        try FileManager.default.removeItem(atPath: store.auditPath)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: store.sidecarPath))
        let stamp = FileStamp.of(store.sidecarPath)

        let viewer = AnnotationSession(document: try store.load().document, annotator: "b")
        _ = try store.save(viewer.document)
        _ = try store.save(viewer.document, audit: [], after: try store.load())
        #expect(try listing(folder) == ["ct.nii", "ct.nii.annotations.json"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: store.sidecarPath)) == bytes)
        #expect(FileStamp.of(store.sidecarPath) == stamp)
    }
}
