import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import Annotations

/// Real processes (the `sidecar-stress` helper) writing one sidecar: at the same time, and
/// killed with SIGKILL in the middle of saving.
@Suite(.serialized) struct ConcurrentWriterTests {
    let helper = BuiltProducts.path("sidecar-stress")

    /// An image file and a volume of the size the helper annotates (16 × 16 × 4).
    static func imageFolder() throws -> (folder: TemporaryFolder, volume: Volume) {
        let (folder, volume) = try Fake.imageFolder()
        return (folder, Fake.niftiVolume(file: volume.metadata.sourceFiles[0], width: 16, height: 16, depth: 4))
    }

    func start(_ image: String, _ annotator: String, _ count: Int) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: helper)
        process.arguments = [image, annotator, String(count)]
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        return process
    }

    @Test func twoWritersLoseNothing() throws {
        let (folder, volume) = try Self.imageFolder()
        defer { folder.cleanUp() }
        let image = volume.metadata.sourceFiles[0]
        let a = try start(image, "alice", 30), b = try start(image, "bob", 30)
        a.waitUntilExit()
        b.waitUntilExit()
        #expect(a.terminationStatus == 0 && b.terminationStatus == 0)

        let store = try AnnotationStore(volume: volume)
        let document = try store.load().document
        #expect(document.annotations.filter { $0.annotator == "alice" }.count == 30)
        #expect(document.annotations.filter { $0.annotator == "bob" }.count == 30)
        #expect(Set(document.annotations.map(\.id)).count == 60)
        let audit = AuditLog.read(path: store.auditPath)
        #expect(audit.filter { $0.action == .create }.count == 60)
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
            let writer = try start(image, "writer\(round % 2)", 0)
            let deadline = Date().addingTimeInterval(20)
            while !store.hasChanged(since: nil) || (try? store.load().document.annotations.count) ?? 0 <= previousCount {
                guard Date() < deadline else { break }
                usleep(2000)
            }
            usleep(UInt32.random(in: 0...60_000))
            kill(writer.processIdentifier, SIGKILL)
            writer.waitUntilExit()
            #expect(writer.terminationReason == .uncaughtSignal)

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
