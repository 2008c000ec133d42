import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import Annotations

/// Files the store owns are never read or written through a symbolic link, and a FIFO, device
/// or folder in their place is refused at once; nothing is left behind by a refusal.
@Suite struct StoreHardeningTests {
    func editedSession(_ store: AnnotationStore, _ volume: Volume) -> AnnotationSession {
        var session = AnnotationSession(document: store.emptyDocument(), annotator: "a")
        _ = session.placeLandmark(at: [1, 1, 1], plane: .axial, volume: volume)
        return session
    }

    func noTemporaries(_ folder: TemporaryFolder) throws -> Bool {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.contains(".tmp-") }
    }

    func oneLine(_ error: AnnotationError?, naming path: String) -> Bool {
        guard let text = error?.description else { return false }
        return text.contains(path) && !text.contains("\n")
    }

    @Test func symbolicLinkInPlaceOfTheSidecarIsRefused() throws {
        let (folder, volume) = try Fake.imageFolder()
        defer { folder.cleanUp() }
        let victim = try folder.write("precious.txt", Array("someone else's file\n".utf8))
        let store = try AnnotationStore(volume: volume)
        try FileManager.default.createSymbolicLink(atPath: store.sidecarPath, withDestinationPath: victim)

        let loading = thrownError { _ = try store.load() }
        #expect(loading == .symbolicLink(path: store.sidecarPath))
        #expect(oneLine(loading, naming: store.sidecarPath))
        var session = editedSession(store, volume)
        let saving = thrownError { _ = try store.save(session.document, audit: session.takeAuditEvents()) }
        #expect(saving == .symbolicLink(path: store.sidecarPath))
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "someone else's file\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: store.sidecarPath) == victim)
        #expect(try noTemporaries(folder))
    }

    @Test func symbolicLinkInPlaceOfTheAuditLogIsRefused() throws {
        let (folder, volume) = try Fake.imageFolder()
        defer { folder.cleanUp() }
        let victim = try folder.write("precious.log", Array("line one\n".utf8))
        let store = try AnnotationStore(volume: volume)
        try FileManager.default.createSymbolicLink(atPath: store.auditPath, withDestinationPath: victim)
        var session = editedSession(store, volume)
        let error = thrownError { _ = try store.save(session.document, audit: session.takeAuditEvents()) }
        #expect(error == .symbolicLink(path: store.auditPath))
        #expect(oneLine(error, naming: store.auditPath))
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "line one\n")
        #expect(!FileManager.default.fileExists(atPath: store.sidecarPath))
        #expect(AuditLog.read(path: store.auditPath).isEmpty)
        #expect(try noTemporaries(folder))
    }

    /// A FIFO nobody writes to would block a plain open or read for ever.
    @Test func fifoInPlaceOfTheSidecarOrLogIsRefusedAtOnce() throws {
        let (folder, volume) = try Fake.imageFolder()
        defer { folder.cleanUp() }
        let store = try AnnotationStore(volume: volume)
        #expect(mkfifo(store.sidecarPath, 0o644) == 0)
        let started = Date()
        let error = thrownError { _ = try store.load() }
        #expect(error == .notRegularFile(path: store.sidecarPath, kind: "a FIFO"))
        #expect(oneLine(error, naming: store.sidecarPath))
        var session = editedSession(store, volume)
        #expect(thrownError { _ = try store.save(session.document, audit: session.takeAuditEvents()) } != nil)
        unlink(store.sidecarPath)

        #expect(mkfifo(store.auditPath, 0o644) == 0)
        session = editedSession(store, volume)
        let logError = thrownError { _ = try store.save(session.document, audit: session.takeAuditEvents()) }
        #expect(logError == .notRegularFile(path: store.auditPath, kind: "a FIFO"))
        #expect(AuditLog.read(path: store.auditPath).isEmpty)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(!FileManager.default.fileExists(atPath: store.sidecarPath))
        #expect(try noTemporaries(folder))
    }

    @Test func folderOrDeviceInPlaceOfTheSidecarIsRefused() throws {
        let (folder, volume) = try Fake.imageFolder()
        defer { folder.cleanUp() }
        let store = try AnnotationStore(volume: volume)
        try FileManager.default.createDirectory(atPath: store.sidecarPath, withIntermediateDirectories: false)
        #expect(thrownError { _ = try store.load() } == .notRegularFile(path: store.sidecarPath, kind: "a folder"))
        try FileManager.default.removeItem(atPath: store.sidecarPath)
        try FileManager.default.createSymbolicLink(atPath: store.sidecarPath, withDestinationPath: "/dev/zero")
        #expect(thrownError { _ = try store.load() } == .symbolicLink(path: store.sidecarPath))
        try FileManager.default.removeItem(atPath: store.sidecarPath)
        try FileManager.default.createSymbolicLink(atPath: store.auditPath, withDestinationPath: "/dev/null")
        var session = editedSession(store, volume)
        #expect(thrownError { _ = try store.save(session.document, audit: session.takeAuditEvents()) } == .symbolicLink(path: store.auditPath))
    }

    /// The sidecar keeps its permissions across saves (temporary files start owner-only, then
    /// take the sidecar's mode); a new one gets 0644.
    @Test func savedSidecarKeepsItsMode() throws {
        let (folder, volume) = try Fake.imageFolder()
        defer { folder.cleanUp() }
        let store = try AnnotationStore(volume: volume)
        var session = editedSession(store, volume)
        _ = try store.save(session.document, audit: session.takeAuditEvents())
        func mode() throws -> Int { try (FileManager.default.attributesOfItem(atPath: store.sidecarPath)[.posixPermissions] as! NSNumber).intValue }
        #expect(try mode() == 0o644)
        chmod(store.sidecarPath, 0o640)
        _ = session.placeLandmark(at: [2, 2, 2], plane: .axial, volume: volume)
        _ = try store.save(session.document, audit: session.takeAuditEvents())
        #expect(try mode() == 0o640)
        #expect(try noTemporaries(folder))
    }
}
