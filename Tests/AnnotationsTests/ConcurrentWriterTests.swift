import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import Annotations

/// Real processes (the `sidecar-stress` helper) writing one sidecar: at the same time, with
/// clocks an hour apart, and killed with SIGKILL in the middle of saving.
@Suite(.serialized) struct ConcurrentWriterTests {
    let helper = BuiltProducts.path("sidecar-stress")

    /// An image file and a volume of the size and spacing the helper annotates (16 × 16 × 4, 0.5 × 0.5 × 2 mm).
    static func imageFolder() throws -> (folder: TemporaryFolder, volume: Volume) {
        let (folder, volume) = try Fake.imageFolder()
        return (folder, Fake.niftiVolume(file: volume.metadata.sourceFiles[0], width: 16, height: 16, depth: 4,
                                          geometry: VolumeGeometry(origin: [-10, 20, 5], spacing: [0.5, 0.5, 2])))
    }

    /// A running helper. Its stderr goes to a file (a pipe nobody reads would block it once
    /// full), read back by `errors` for the test's messages.
    struct Writer {
        let process: Process
        let stderrPath: String
        var errors: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

        func finish() -> (status: Int32, errors: String) {
            process.waitUntilExit()
            return (process.terminationStatus, errors)
        }
    }

    func start(_ image: String, _ annotator: String, _ count: Int, _ options: [String] = [], in folder: TemporaryFolder) throws -> Writer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: helper)
        process.arguments = [image, annotator, String(count)] + options
        process.standardOutput = FileHandle.nullDevice
        let stderrPath = folder.file("stderr-\(annotator)-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        try process.run()
        return Writer(process: process, stderrPath: stderrPath)
    }

    @Test func twoWritersLoseNothing() throws {
        let (folder, volume) = try Self.imageFolder()
        defer { folder.cleanUp() }
        let image = volume.metadata.sourceFiles[0]
        let a = try start(image, "alice", 30, in: folder), b = try start(image, "bob", 30, in: folder)
        let ra = a.finish(), rb = b.finish()
        #expect(ra.status == 0 && rb.status == 0, "\(ra.errors)\(rb.errors)")

        let store = try AnnotationStore(volume: volume)
        let document = try store.load().document
        #expect(document.annotations.filter { $0.annotator == "alice" }.count == 30)
        #expect(document.annotations.filter { $0.annotator == "bob" }.count == 30)
        #expect(Set(document.annotations.map(\.id)).count == 60)
        let audit = AuditLog.read(path: store.auditPath)
        #expect(audit.filter { $0.action == .create }.count == 60)
        #expect(try SchemaCheck.problems([store.sidecarPath]) == "")
    }

    /// Two processes, one with its clock an hour behind, both creating records and renaming the
    /// same one at every step: no record is lost, the shared record ends as its highest revision,
    /// and every change that lost a merge is in the audit log beside the one that won. Then a
    /// forced conflict (both rename it from the same version) and a later change from the
    /// process whose clock is behind.
    @Test func skewedClocksLoseNothingAndConflictsAreLogged() throws {
        let (folder, volume) = try Self.imageFolder()
        defer { folder.cleanUp() }
        let image = volume.metadata.sourceFiles[0]
        let setup = try start(image, "setup", 1, ["--seed", "7"], in: folder).finish()
        #expect(setup.status == 0, "\(setup.errors)")
        let store = try AnnotationStore(volume: volume)
        let shared = try #require(try store.load().document.annotations.first).id

        let a = try start(image, "alice", 20, ["--touch", shared.uuidString], in: folder)
        let b = try start(image, "bob", 20, ["--touch", shared.uuidString, "--clock-offset", "-3600"], in: folder)
        let ra = a.finish(), rb = b.finish()
        #expect(ra.status == 0 && rb.status == 0, "\(ra.errors)\(rb.errors)")
        var document = try store.load().document
        #expect(document.annotations.filter { $0.annotator == "alice" }.count == 20)
        #expect(document.annotations.filter { $0.annotator == "bob" }.count == 20)
        let bobs = document.annotations.filter { $0.annotator == "bob" }
        let alices = document.annotations.filter { $0.annotator == "alice" }
        #expect(bobs.allSatisfy { $0.created < alices.map(\.created).min()! }, "bob's clock is an hour behind")
        var audit = AuditLog.read(path: store.auditPath)
        let x = try #require(document.annotation(shared))
        let revisions = audit.filter { $0.id == shared && $0.action == .update }.compactMap(\.revision)
        #expect(x.revision == revisions.max(), "no change with a higher revision than the kept one was lost")
        for conflict in audit where conflict.action == .conflict {
            #expect(conflict.id == shared)
            let kept = try #require(conflict.kept?.revision), lost = try #require(conflict.lost?.revision)
            #expect(kept >= lost)
        }

        // Both read the same version; alice renames it but waits, bob (an hour behind) renames and
        // saves, then alice saves: equal revisions, so the clock decides, and bob's is logged.
        let ready = folder.file("alice-ready"), go = folder.file("bob-saved")
        let alice = try start(image, "alice", 0, ["--rename", shared.uuidString, "alice final", "--ready", ready, "--wait-for", go],
                              in: folder)
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: ready), Date() < deadline { usleep(5000) }
        let bob = try start(image, "bob", 0, ["--rename", shared.uuidString, "bob final", "--signal", go,
                                              "--clock-offset", "-3600"], in: folder).finish()
        let aliceResult = alice.finish()
        #expect(bob.status == 0 && aliceResult.status == 0, "\(bob.errors)\(aliceResult.errors)")
        document = try store.load().document
        #expect(document.annotation(shared)?.label == "alice final")
        audit = AuditLog.read(path: store.auditPath)
        let conflict = try #require(audit.last { $0.action == .conflict })
        #expect(conflict.kept?.label == "alice final" && conflict.lost?.label == "bob final")
        #expect(conflict.kept?.revision == conflict.lost?.revision)

        // A change made after seeing that one wins by revision, though its clock is an hour behind.
        let later = try start(image, "bob", 0, ["--rename", shared.uuidString, "bob after", "--clock-offset", "-3600"],
                              in: folder).finish()
        #expect(later.status == 0, "\(later.errors)")
        document = try store.load().document
        let final = try #require(document.annotation(shared))
        #expect(final.label == "bob after" && final.modifiedBy == "bob")
        #expect(document.annotations.count == 41)
        #expect(try SchemaCheck.problems([store.sidecarPath]) == "")
    }

    /// Each round starts a writer that saves without pause, kills it at a random moment once it
    /// has saved at least once, and checks the sidecar: complete, valid, and never shrinking.
    @Test func killDuringWritesLeavesTheLastSavedSidecar() throws {
        let (folder, volume) = try Self.imageFolder()
        defer { folder.cleanUp() }
        let image = volume.metadata.sourceFiles[0]
        let store = try AnnotationStore(volume: volume)
        var copies: [String] = []
        var previousCount = 0
        for round in 0..<8 {
            let writer = try start(image, "writer\(round % 2)", 0, in: folder)
            let deadline = Date().addingTimeInterval(20)
            while !store.hasChanged(since: nil) || (try? store.load().document.annotations.count) ?? 0 <= previousCount {
                guard Date() < deadline else { break }
                usleep(2000)
            }
            usleep(UInt32.random(in: 0...60_000))
            kill(writer.process.processIdentifier, SIGKILL)
            writer.process.waitUntilExit()
            #expect(writer.process.terminationReason == .uncaughtSignal, "\(writer.errors)")

            let document = try store.load().document
            #expect(document.annotations.count > previousCount, "round \(round)")
            previousCount = document.annotations.count
            let copy = folder.file("round\(round).json")
            try FileManager.default.copyItem(atPath: store.sidecarPath, toPath: copy)
            copies.append(copy)
        }
        #expect(try SchemaCheck.problems(copies) == "")
        // Every complete audit line decodes; a line cut by the kill is skipped, never fatal.
        #expect(AuditLog.read(path: store.auditPath).count >= previousCount)
    }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    var revision: Int? {
        if case .integer(let n)? = self["revision"] { return Int(n) }
        return nil
    }

    var label: String? {
        if case .string(let s)? = self["label"] { return s }
        return nil
    }
}
