import Annotations
import Foundation
import Testing
import TestSupport
import VolumeKit

/// `slicemark audit verify` and `slicemark audit log` on logs made by real sessions on a copy
/// of nibabel's `anatomical.nii`.
@Suite struct AuditCommandTests {
    struct Made {
        let folder: String
        let image: String
        let store: AnnotationStore
        var log: String { store.auditPath }
        let first: UUID, second: UUID
        let moved: (from: [Int], to: [Int])
        func cleanUp() { try? FileManager.default.removeItem(atPath: folder) }
    }

    static func time(_ seconds: Int64) -> Timestamp { Timestamp(millisecondsSince1970: 1_763_766_000_000 + seconds * 1000) }

    /// dr.a places, moves and renames a landmark (times 1-3); dr.b places one and renames it to
    /// a name holding a terminal escape (times 10-11).
    static func make() throws -> Made {
        let folder = NSTemporaryDirectory() + "slicemark-audit-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let image = folder + "/anatomical.nii"
        try FileManager.default.copyItem(atPath: Fixtures.path("nibabel/anatomical.nii"), toPath: image)
        let volume = try VolumeLoader.load(path: image)
        let store = try AnnotationStore(volume: volume)
        var a = AnnotationSession(document: try store.load().document, annotator: "dr.a", ids: RecordIDs(seed: 7), now: time(1))
        _ = a.placeLandmark(at: [10, 12, 5], plane: .axial, volume: volume)
        let first = a.selection!
        var saved = try store.save(a.document, audit: a.takeAuditEvents())
        a.adopt(saved.document)
        a.now = time(2)
        _ = a.nudgeSelected(columns: 2, rows: 0, plane: .axial, volume: volume)
        let to = a.selectedAnnotation!.voxel
        saved = try store.save(a.document, audit: a.takeAuditEvents())
        a.adopt(saved.document)
        a.now = time(3)
        _ = a.renameSelected(to: "apex")
        saved = try store.save(a.document, audit: a.takeAuditEvents())

        var b = AnnotationSession(document: saved.document, annotator: "dr.b", ids: RecordIDs(seed: 8), now: time(10))
        _ = b.placeLandmark(at: [30, 30, 6], plane: .axial, volume: volume)
        let second = b.selection!
        saved = try store.save(b.document, audit: b.takeAuditEvents())
        b.adopt(saved.document)
        b.now = time(11)
        _ = b.renameSelected(to: "evil\u{1B}[2Jname")
        _ = try store.save(b.document, audit: b.takeAuditEvents())
        return Made(folder: folder, image: image, store: store, first: first, second: second,
                    moved: ([10, 12, 5], [to.x, to.y, to.z]))
    }

    static func run(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(Fixtures.executable, ["audit"] + arguments)
    }

    static func lines(_ path: String) throws -> [[UInt8]] {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        return bytes.split(separator: 0x0A).map(Array.init)
    }

    @Test func anIntactLogExitsZeroWhateverPathLeadsToIt() throws {
        let made = try Self.make()
        defer { made.cleanUp() }
        for path in [made.log, made.store.sidecarPath, made.image, made.folder] {
            let result = try Self.run(["verify", path])
            #expect(result.status == 0, "\(path): \(result.stderr)")
            #expect(result.stdout == "\(made.log): intact: 6 lines, chained from line 1, last line sha256 \(AuditLog.hash(try Self.lines(made.log)[5]))\n")
        }
    }

    @Test func aChangedLineExitsOneNamingFileAndLine() throws {
        let made = try Self.make()
        defer { made.cleanUp() }
        var lines = try Self.lines(made.log)
        let text = String(decoding: lines[2], as: UTF8.self).replacingOccurrences(of: "\"dr.a\"", with: "\"dr.x\"")
        lines[2] = Array(text.utf8)
        try Data(lines.joined(separator: [0x0A]) + [0x0A]).write(to: URL(fileURLWithPath: made.log))
        let result = try Self.run(["verify", made.folder])
        #expect(result.status == 1)
        #expect(result.stderr == "slicemark: \(made.log): changed: line 4: its prev does not match line 3 (line 3 changed, or a line was removed or reordered here)\n")
        #expect(result.stdout.isEmpty)
    }

    @Test func aTornLastLineIsNoError() throws {
        let made = try Self.make()
        defer { made.cleanUp() }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: made.log))
        try bytes.prefix(bytes.count - 30).write(to: URL(fileURLWithPath: made.log))
        let result = try Self.run(["verify", made.log])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("line 6 torn (cut short by a kill while it was written)"))
    }

    @Test func pathsWithoutALogExitOne() throws {
        let made = try Self.make()
        defer { made.cleanUp() }
        let missing = try Self.run(["verify", made.folder + "/nothing.annotations.audit.jsonl"])
        #expect(missing.status == 1 && missing.stderr.contains("nothing.annotations.audit.jsonl: no such file or folder"))
        let empty = made.folder + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let none = try Self.run(["verify", empty])
        #expect(none.status == 1 && none.stderr.contains("no audit logs"))
        #expect(try Self.run(["verify"]).status == 2)
        #expect(try Self.run(["log", "--since", "yesterday", made.log]).status == 2)
        #expect(try Self.run(["log", "--record", "not-an-id", made.log]).status == 2)
    }

    /// One JSON object per line: the lines selected, nothing else.
    static func selected(_ arguments: [String], _ made: Made) throws -> [(line: Int, id: String, annotator: String, time: String)] {
        let result = try run(["log", "--json"] + arguments + [made.log])
        #expect(result.status == 0, "\(result.stderr)")
        return try result.stdout.split(separator: "\n").map { text in
            let o = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            #expect(o["log"] as? String == made.log)
            return (try #require(o["line"] as? Int), try #require(o["id"] as? String),
                    try #require(o["annotator"] as? String), try #require(o["time"] as? String))
        }
    }

    @Test func logFiltersSelectExactly() throws {
        let made = try Self.make()
        defer { made.cleanUp() }
        #expect(try Self.selected([], made).map(\.line) == [2, 3, 4, 5, 6])
        #expect(try Self.selected(["--annotator", "dr.a"], made).map(\.line) == [2, 3, 4])
        #expect(try Self.selected(["--annotator", "dr.b"], made).map(\.line) == [5, 6])
        #expect(try Self.selected(["--annotator", "dr.a", "--annotator", "dr.b"], made).count == 5)
        #expect(try Self.selected(["--annotator", "nobody"], made).isEmpty)
        #expect(try Self.selected(["--since", Self.time(3).iso8601], made).map(\.line) == [4, 5, 6])
        #expect(try Self.selected(["--since", "2025-11-21T23:00:10+00:00"], made).map(\.line) == [5, 6])
        #expect(try Self.selected(["--since", "2025-11-22"], made).isEmpty)
        #expect(try Self.selected(["--record", made.second.uuidString], made).map(\.line) == [5, 6])
        #expect(try Self.selected(["--record", made.first.uuidString.lowercased(), "--annotator", "dr.a", "--since", Self.time(2).iso8601], made)
                .map(\.line) == [3, 4])
        // The JSON is the line as written, plus where it is.
        let events = AuditLog.read(path: made.log)
        let all = try Self.selected([], made)
        #expect(all.map(\.id) == events.map(\.id.uuidString))
        #expect(all.map(\.time) == events.map(\.time.iso8601))
    }

    @Test func logShowsWhatChangedAndNoEscapeFromTheFile() throws {
        let made = try Self.make()
        defer { made.cleanUp() }
        let result = try Self.run(["log", made.log])
        #expect(result.status == 0, "\(result.stderr)")
        let text = result.stdout
        let voxel = "    voxel: [\(made.moved.from.map(String.init).joined(separator: ","))] → [\(made.moved.to.map(String.init).joined(separator: ","))]"
        #expect(text.contains(voxel), "\(text)")
        #expect(text.contains("2025-11-21T23:00:02.000Z  dr.a  update  annotation landmark"))
        #expect(text.contains("    label: ") && text.contains(" → \"apex\""))
        #expect(!text.utf8.contains(0x1B))
        #expect(text.contains("evil␛[2Jname"))
        // JSON keeps the escape as an escape, never the byte.
        let json = try Self.run(["log", "--json", made.log])
        #expect(!json.stdout.utf8.contains(0x1B) && json.stdout.lowercased().contains("\\u001b[2jname"))
    }
}
