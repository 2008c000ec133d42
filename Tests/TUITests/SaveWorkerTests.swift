import Annotations
import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import TUI

/// The saving thread: a burst of saves is a few writes that end with every edit on disk, a
/// failed write answers with its audit events, and `flush` returns only when all is written.
@Suite struct SaveWorkerTests {
    static func store() throws -> (folder: String, store: AnnotationStore, volume: Volume) {
        let folder = NSTemporaryDirectory() + "slicemark-saver-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = folder + "/ct.nii"
        try Data("stand-in image bytes".utf8).write(to: URL(fileURLWithPath: file))
        var volume = SyntheticVolume.ramp(width: 20, height: 16, depth: 12)
        volume.metadata = VolumeMetadata(format: .nifti, sourceFiles: [file], datatypeName: "int16")
        return (folder, try AnnotationStore(volume: volume), volume)
    }

    @Test func aBurstOfTwoHundredEditsIsAFewWritesAndLosesNothing() throws {
        let (folder, store, volume) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let mailbox = Mailbox()
        let saver = SaveWorker(mailbox: mailbox, gather: 0.2)
        var session = AnnotationSession(document: try store.load().document, annotator: "burst", ids: RecordIDs(seed: 1), now: Timestamp(millisecondsSince1970: 1_800_000_000_000))
        let start = Date()
        for n in 0..<200 {
            _ = session.placeLandmark(at: [n % 20, (n / 20) % 16, n % 12], plane: .axial, volume: volume)
            saver.submit(SaveRequest(store: store, document: session.document, audit: session.takeAuditEvents(),
                                     generation: 1, sequence: n + 1))
        }
        // At most one write per gathering window while edits arrive (a loaded machine makes the
        // burst longer, not the writes more frequent), and one for what is left at the end.
        let windows = Int(Date().timeIntervalSince(start) / 0.2) + 2
        saver.flush()
        let results = mailbox.take().compactMap { if case .saved(let r) = $0 { r } else { nil } }
        #expect(!results.isEmpty && results.count <= min(windows, 200 / 10), "\(results.count) writes for 200 edits in \(windows) windows")
        #expect(results.last?.sequence == 200)
        let disk = try store.load().document
        #expect(disk.annotations.count == 200)
        let audit = AuditLog.read(path: store.auditPath)
        #expect(audit.count == 200, "one audit line per edit (after the log's header), none lost in coalescing")
    }

    @Test func aFailedWriteAnswersWithItsAuditEvents() throws {
        let (folder, store, volume) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A directory where the sidecar should be: the write cannot replace it.
        try FileManager.default.createDirectory(atPath: store.sidecarPath, withIntermediateDirectories: true)
        let mailbox = Mailbox()
        let saver = SaveWorker(mailbox: mailbox, gather: 0)
        var session = AnnotationSession(document: store.emptyDocument(), annotator: "a", ids: RecordIDs(seed: 2), now: Timestamp(millisecondsSince1970: 1_800_000_000_000))
        _ = session.placeLandmark(at: [1, 1, 1], plane: .axial, volume: volume)
        let audit = session.takeAuditEvents()
        saver.submit(SaveRequest(store: store, document: session.document, audit: audit, generation: 3, sequence: 1))
        saver.flush()
        let failures = mailbox.take().compactMap { if case .saveFailed(let f) = $0 { f } else { nil } }
        #expect(failures.count == 1)
        #expect(failures.first?.audit == audit)
        #expect(failures.first?.generation == 3)
    }

    @Test func theReducerSavesNothingWhenNothingChanged() {
        var state = openState()
        press(&state, "]", "c", "s", "t", "w")
        #expect(writes(Reducer.reduce(&state, .action(.save))) == 0)
        #expect(writes(press(&state, "q")) == 0)
    }
}
