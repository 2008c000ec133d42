import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import Annotations

/// An audit log made the way the viewer makes one: real sessions on a copy of nibabel's
/// `anatomical.nii`, saved after every change, with undo and redo and a merge conflict from a
/// second store on the same sidecar.
struct AuditTrail {
    let folder: TemporaryFolder
    let volume: Volume
    let store: AnnotationStore
    var log: String { store.auditPath }
    /// The landmark that is moved, renamed, and renamed concurrently.
    let landmark: UUID
    let start: SIMD3<Int>, moved: SIMD3<Int>

    static func build() throws -> AuditTrail {
        let folder = try TemporaryFolder()
        let image = folder.file("anatomical.nii")
        try FileManager.default.copyItem(atPath: Fixtures.path("nibabel/anatomical.nii"), toPath: image)
        let volume = try VolumeLoader.load(path: image)
        let store = try AnnotationStore(volume: volume)
        var a = AnnotationSession(document: try store.load().document, annotator: "dr.a")
        var last = try store.load()
        func save(_ s: inout AnnotationSession, _ st: AnnotationStore) throws {
            last = try st.save(s.document, audit: s.takeAuditEvents(), after: last)
            s.adopt(last.document)
        }
        let start = SIMD3(10, 12, 5)
        a.now = Fake.time(1)
        _ = a.placeLandmark(at: start, plane: .axial, volume: volume)
        let landmark = try #require(a.selection)
        try save(&a, store)
        a.now = Fake.time(2)
        _ = a.nudgeSelected(columns: 3, rows: 1, plane: .axial, volume: volume)
        let moved = try #require(a.selectedAnnotation?.voxel)
        try save(&a, store)
        a.now = Fake.time(3)
        _ = a.renameSelected(to: "apex")
        try save(&a, store)
        a.now = Fake.time(4)
        _ = a.undo()
        try save(&a, store)
        a.now = Fake.time(5)
        _ = a.redo()
        try save(&a, store)
        a.now = Fake.time(6)
        _ = a.placeLandmark(at: [20, 20, 4], plane: .axial, volume: volume)
        try save(&a, store)
        a.now = Fake.time(7)
        _ = a.deleteSelected()
        try save(&a, store)

        // dr.b's session read the sidecar before dr.a's last rename and saves without reloading.
        let other = try AnnotationStore(volume: volume)
        var b = AnnotationSession(document: try other.load().document, annotator: "dr.b")
        a.now = Fake.time(8)
        a.select(landmark)
        _ = a.renameSelected(to: "apex (a)")
        try save(&a, store)
        b.now = Fake.time(9)
        b.select(landmark)
        _ = b.renameSelected(to: "apex (b)")
        _ = try other.save(b.document, audit: b.takeAuditEvents())
        return AuditTrail(folder: folder, volume: volume, store: store, landmark: landmark, start: start, moved: moved)
    }

    func lines() throws -> [[UInt8]] {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: log)))
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        if bytes.last == 0x0A { lines.removeLast() }
        return lines
    }

    func write(_ lines: [[UInt8]], endingWithNewline: Bool = true) throws {
        var bytes = lines.joined(separator: [0x0A]).map { $0 }
        if endingWithNewline { bytes.append(0x0A) }
        try Data(bytes).write(to: URL(fileURLWithPath: log))
    }
}

/// The independent check: Python's hashlib over the raw line bytes.
enum PythonChain {
    static let script = """
    import hashlib, json, sys
    data = open(sys.argv[1], 'rb').read()
    lines = data.split(b'\\n')
    if data.endswith(b'\\n'):
        lines = lines[:-1]
    bad, checked = [], 0
    for i, line in enumerate(lines):
        try:
            prev = json.loads(line).get('prev')
        except ValueError:
            continue
        if prev is None:
            continue
        checked += 1
        if i == 0 or prev != hashlib.sha256(lines[i - 1]).hexdigest():
            bad.append(i + 1)
    print(json.dumps({'lines': len(lines), 'checked': checked, 'bad': bad}))
    """

    static func check(_ path: String) throws -> (lines: Int, checked: Int, bad: [Int]) {
        let result = try runProcess(Fixtures.path("venv/bin/python"), ["-c", script, path])
        guard result.status == 0, let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
              let lines = object["lines"] as? Int, let checked = object["checked"] as? Int, let bad = object["bad"] as? [Int]
        else { throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: result.stderr]) }
        return (lines, checked, bad)
    }
}

extension JSONValue {
    func value(_ key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }
}

@Suite struct AuditChainTests {
    @Test func anIntactLogVerifiesHereAndInPython() throws {
        let trail = try AuditTrail.build()
        defer { trail.folder.cleanUp() }
        let result = try AuditLog.verify(path: trail.log)
        #expect(result.isIntact, "\(result.summary)")
        #expect(result.chainStart == 1 && result.unchainedLines == 0 && result.tornLines.isEmpty)
        let lines = try trail.lines()
        #expect(result.lines == lines.count)
        #expect(result.lastLineHash == AuditLog.hash(lines[lines.count - 1]))
        let python = try PythonChain.check(trail.log)
        #expect(python.lines == lines.count && python.checked == lines.count - 1 && python.bad.isEmpty)

        // Line 1 is the header naming this sidecar and image; every event follows it.
        let entries = try AuditLog.entries(path: trail.log)
        guard case .header(let header) = entries[0].entry else { Issue.record("line 1 is no header"); return }
        #expect(header.sidecar == "anatomical.nii.annotations.json" && header.prev == nil)
        #expect(header.image == trail.store.image && header.schema == "slicemark-audit/1")
        let events = AuditLog.read(path: trail.log)
        #expect(events.count == lines.count - 1)
        #expect(events.map(\.action) == [.create, .update, .update, .update, .update, .create, .delete, .update, .update, .conflict])
        #expect(events.map(\.cause) == [.edit, .edit, .edit, .undo, .redo, .edit, .edit, .edit, .edit, .merge])
    }

    @Test func theMovedLandmarksOldAndNewPositionAreInItsLine() throws {
        let trail = try AuditTrail.build()
        defer { trail.folder.cleanUp() }
        let move = try #require(AuditLog.read(path: trail.log).first { $0.summary.hasPrefix("move") })
        let geometry = trail.volume.geometry
        func lps(_ v: SIMD3<Int>) -> [Double] {
            let p = geometry.patientPosition(ofIndex: SIMD3(Double(v.x), Double(v.y), Double(v.z)))
            return [p.x, p.y, p.z]
        }
        func numbers(_ value: JSONValue?) -> [Double]? {
            guard case .array(let items)? = value else { return nil }
            return items.compactMap { item -> Double? in
                switch item {
                case .integer(let n): Double(n)
                case .number(let d): d
                default: nil
                }
            }
        }
        func voxel(_ v: SIMD3<Int>) -> JSONValue { .array([v.x, v.y, v.z].map { .integer(Int64($0)) }) }
        #expect(move.before?.value("voxel") == voxel(trail.start) && move.after?.value("voxel") == voxel(trail.moved))
        #expect(numbers(move.before?.value("lps")) == lps(trail.start) && numbers(move.after?.value("lps")) == lps(trail.moved))
        #expect(trail.start != trail.moved)
        let changed = Set(AuditLog.changes(from: move.before, to: move.after).map(\.path))
        #expect(changed.isSuperset(of: ["voxel", "lps", "points[0].voxel", "points[0].lps"]))
        #expect(!changed.contains("modified") && !changed.contains("revision"))

        let rename = try #require(AuditLog.read(path: trail.log).first { $0.summary.contains("apex") && $0.cause == .edit })
        #expect(AuditLog.changes(from: rename.before, to: rename.after)
                == [AuditFieldChange(path: "label", old: rename.before?.value("label"), new: .string("apex"))])
        let create = try #require(AuditLog.read(path: trail.log).first)
        #expect(create.before == nil && create.after?.value("voxel") == voxel(trail.start))
        let delete = try #require(AuditLog.read(path: trail.log).first { $0.action == .delete })
        #expect(delete.after == nil && delete.before?.value("voxel") == voxel([20, 20, 4]))
        let conflict = try #require(AuditLog.read(path: trail.log).last)
        #expect(conflict.kept?.value("label") != nil && conflict.lost?.value("label") != nil && conflict.kept != conflict.lost)
    }

    enum Tampering: String, CaseIterable, Sendable {
        case editMiddleByte, deleteLine, swapLines, insertForgedLine, insertCopiedLine, removeFirstLine
    }

    @Test(arguments: Tampering.allCases)
    func tamperingIsCaughtAndNamed(_ tampering: Tampering) throws {
        let trail = try AuditTrail.build()
        defer { trail.folder.cleanUp() }
        var lines = try trail.lines()
        let middle = lines.count / 2
        let expected: AuditTampering
        switch tampering {
        case .editMiddleByte:
            // A digit of the time in the middle line: still valid JSON, only the chain shows it.
            let index = try #require(lines[middle - 1].firstIndex(of: UInt8(ascii: "T")).map { $0 + 1 })
            lines[middle - 1][index] = lines[middle - 1][index] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
            expected = AuditTampering(line: middle + 1, reason: .prevMismatch)
        case .deleteLine:
            lines.remove(at: middle - 1)
            expected = AuditTampering(line: middle, reason: .prevMismatch)
        case .swapLines:
            lines.swapAt(middle - 1, middle)
            expected = AuditTampering(line: middle, reason: .namesLaterLine(middle + 1))
        case .insertForgedLine:
            // Someone who knows the format: a line with a correct prev, inserted as line `middle`.
            var forged = try #require(try JSONSerialization.jsonObject(with: Data(lines[middle - 1])) as? [String: Any])
            forged["prev"] = AuditLog.hash(lines[middle - 2])
            forged["summary"] = "forged"
            lines.insert(Array(try JSONSerialization.data(withJSONObject: forged, options: [.sortedKeys])), at: middle - 1)
            expected = AuditTampering(line: middle + 1, reason: .namesEarlierLine(middle - 1))
        case .insertCopiedLine:
            lines.insert(lines[2], at: middle)
            expected = AuditTampering(line: middle + 1, reason: .namesEarlierLine(2))
        case .removeFirstLine:
            lines.removeFirst()
            expected = AuditTampering(line: 1, reason: .prevOnFirstLine)
        }
        try trail.write(lines)
        let result = try AuditLog.verify(path: trail.log)
        #expect(result.problem == expected, "\(result.summary)")
        // Python's hashlib finds the same first break.
        #expect(try PythonChain.check(trail.log).bad.first == expected.line)
    }

    @Test func messagesNameTheLine() {
        #expect(AuditTampering(line: 7, reason: .prevMismatch).description
                == "line 7: its prev does not match line 6 (line 6 changed, or a line was removed or reordered here)")
        #expect(AuditTampering(line: 7, reason: .namesLaterLine(8)).description
                == "line 7: its prev is the hash of line 8, which follows it: lines 7 and 8 were swapped")
        #expect(AuditTampering(line: 7, reason: .namesEarlierLine(5)).description
                == "line 7: its prev is the hash of line 5, not of line 6: line 6 was inserted, or line 7 was moved here")
    }

    @Test func aLineTornByAKillIsReportedAsSuchAndTheChainGoesOn() throws {
        let trail = try AuditTrail.build()
        defer { trail.folder.cleanUp() }
        var lines = try trail.lines()
        let count = lines.count
        lines[count - 1] = Array(lines[count - 1].prefix(lines[count - 1].count / 2))
        try trail.write(lines, endingWithNewline: false)
        let torn = try AuditLog.verify(path: trail.log)
        #expect(torn.isIntact && torn.tornLines == [count], "\(torn.summary)")
        #expect(torn.summary.contains("line \(count) torn (cut short by a kill"))

        // The next save ends the torn line and chains to its bytes as written.
        var session = AnnotationSession(document: try trail.store.load().document, annotator: "dr.c")
        session.now = Fake.time(20)
        _ = session.placeLandmark(at: [3, 3, 3], plane: .axial, volume: trail.volume)
        _ = try trail.store.save(session.document, audit: session.takeAuditEvents())
        let after = try AuditLog.verify(path: trail.log)
        #expect(after.isIntact && after.tornLines == [count] && after.lines == count + 1, "\(after.summary)")
        #expect(after.summary.contains("line \(count) torn by a kill and covered as written by line \(count + 1)"))
        #expect(try PythonChain.check(trail.log).bad.isEmpty)
        #expect(AuditLog.read(path: trail.log).last?.annotator == "dr.c")
    }

    /// The line reader (a one-pass scan, no JSON decoder) agrees with JSONSerialization on every
    /// prefix of every line of a real log: only the whole line is readable, and its prev is the
    /// decoder's.
    @Test func everyPrefixOfALineIsTornAndOnlyTheWholeLineIsRead() throws {
        let trail = try AuditTrail.build()
        defer { trail.folder.cleanUp() }
        let tricky = Array(#"{"action":"update","label":"a \"}{[\\","prev":"ab","x":[{"y":"}"}]}"#.utf8)
        for line in try trail.lines() + [tricky] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            let facts = LineFacts(line)
            #expect(facts.kind != .unreadable && facts.prev == object["prev"] as? String)
            for cut in 0..<line.count {
                #expect(LineFacts(line.prefix(cut)).kind == .unreadable, "\(cut) bytes of \(String(decoding: line, as: UTF8.self))")
            }
        }
        #expect(LineFacts(tricky).prev == "ab" && !LineFacts(tricky).fromChainingWriter)
        #expect(LineFacts(Array(#"{"a":1} x"#.utf8)).kind == .unreadable)
    }

    @Test func aTornLineThatWasChangedLaterIsCaught() throws {
        let trail = try AuditTrail.build()
        defer { trail.folder.cleanUp() }
        var lines = try trail.lines()
        lines[3] = Array(lines[3].prefix(40))
        try trail.write(lines)
        #expect(try AuditLog.verify(path: trail.log).problem == AuditTampering(line: 5, reason: .prevMismatch))
    }

    /// A log written before lines were chained (slicemark/1 and the first slicemark/2) is
    /// continued: the first new line is a header whose prev is the hash of the last old line.
    @Test func anOldLogIsContinuedAndVerifiesFromWhereTheChainStarts() throws {
        let (folder, volume) = try Fake.imageFolder()
        defer { folder.cleanUp() }
        let store = try AnnotationStore(volume: volume)
        let old = """
        {"action":"create","annotator":"dr.a","baseRevision":0,"cause":"edit","id":"6F8ED69F-75D9-4B11-82C1-FD87EE10E639","kind":"landmark","label":"L1 superior","record":"annotation","revision":1,"summary":"place landmark \\"L1 superior\\"","time":"2026-11-21T23:17:17.421Z"}
        {"action":"update","annotator":"dr.a","baseRevision":1,"cause":"edit","id":"6F8ED69F-75D9-4B11-82C1-FD87EE10E639","kind":"landmark","label":"L1","record":"annotation","revision":2,"summary":"rename landmark","time":"2026-11-21T23:17:18.421Z"}

        """
        try folder.write((store.auditPath as NSString).lastPathComponent, Array(old.utf8))
        let before = try AuditLog.verify(path: store.auditPath)
        #expect(before.isIntact && before.chainStart == nil && before.unchainedLines == 2)

        var session = AnnotationSession(document: try store.load().document, annotator: "dr.b")
        _ = session.placeLandmark(at: [1, 2, 3], plane: .axial, volume: volume)
        _ = try store.save(session.document, audit: session.takeAuditEvents())
        _ = session.placeLandmark(at: [2, 2, 3], plane: .axial, volume: volume)
        _ = try store.save(session.document, audit: session.takeAuditEvents())

        let result = try AuditLog.verify(path: store.auditPath)
        #expect(result.isIntact && result.chainStart == 3 && result.unchainedLines == 2 && result.lines == 5, "\(result.summary)")
        let entries = try AuditLog.entries(path: store.auditPath)
        guard case .header(let header) = entries[2].entry else { Issue.record("line 3 is no header"); return }
        #expect(header.prev == AuditLog.hash(Array(old.utf8.split(separator: 0x0A)[1])))
        #expect(AuditLog.read(path: store.auditPath).count == 4)
        #expect(try PythonChain.check(store.auditPath).bad.isEmpty)

        // The old lines are not covered one by one, but the last of them is.
        var lines = try Data(contentsOf: URL(fileURLWithPath: store.auditPath)).split(separator: 0x0A).map(Array.init)
        lines[1][lines[1].count - 3] = UInt8(ascii: "9")
        try Data(lines.joined(separator: [0x0A]) + [0x0A]).write(to: URL(fileURLWithPath: store.auditPath))
        #expect(try AuditLog.verify(path: store.auditPath).problem == AuditTampering(line: 3, reason: .prevMismatch))
    }

    @Test func removingPrevFromALineIsCaught() throws {
        let trail = try AuditTrail.build()
        defer { trail.folder.cleanUp() }
        var lines = try trail.lines()
        var object = try #require(try JSONSerialization.jsonObject(with: Data(lines[4])) as? [String: Any])
        object["prev"] = nil
        lines[4] = Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
        try trail.write(lines)
        #expect(try AuditLog.verify(path: trail.log).problem == AuditTampering(line: 5, reason: .missingPrev(chainStart: 1)))
        // Every line stripped of its prev, header gone: the before/after still give it away.
        let stripped = try trail.lines().dropFirst().map { line -> [UInt8] in
            var o = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            o["prev"] = nil
            return Array(try JSONSerialization.data(withJSONObject: o, options: [.sortedKeys]))
        }
        try trail.write(stripped)
        #expect(try AuditLog.verify(path: trail.log).problem == AuditTampering(line: 1, reason: .prevRemoved))
    }

    @Test func aLogCopiedBesideAnotherSidecarIsCaught() throws {
        let trail = try AuditTrail.build()
        defer { trail.folder.cleanUp() }
        let copy = trail.folder.file("other.nii.annotations.audit.jsonl")
        try FileManager.default.copyItem(atPath: trail.log, toPath: copy)
        #expect(try AuditLog.verify(path: copy).problem
                == AuditTampering(line: 1, reason: .otherSidecar(named: "anatomical.nii.annotations.json",
                                                                 expected: "other.nii.annotations.json")))
    }

    /// The same file name beside another image's sidecar: the header's identity gives it away.
    @Test func aLogCopiedBesideAnotherImageWithTheSameNameIsCaught() throws {
        let trail = try AuditTrail.build()
        defer { trail.folder.cleanUp() }
        let other = try TemporaryFolder()
        defer { other.cleanUp() }
        let image = other.file("anatomical.nii")
        try FileManager.default.copyItem(atPath: Fixtures.path("nibabel/example4d.nii.gz"), toPath: image)
        let store = try AnnotationStore(volume: try VolumeLoader.load(path: image))
        var session = AnnotationSession(document: try store.load().document, annotator: "dr.z")
        _ = session.setNote("another image")
        _ = try store.save(session.document, audit: session.takeAuditEvents())
        #expect(try AuditLog.verify(path: store.auditPath).isIntact)
        try FileManager.default.removeItem(atPath: store.auditPath)
        try FileManager.default.copyItem(atPath: trail.log, toPath: store.auditPath)
        let result = try AuditLog.verify(path: store.auditPath)
        guard case .otherImage(let detail)? = result.problem?.reason else { Issue.record("\(result.summary)"); return }
        #expect(result.problem?.line == 1 && detail.contains("SHA-256"), "\(detail)")
    }

    /// The public API other commands log with: export lines, chained under the same lock.
    @Test func exportLinesAreAppendedChained() throws {
        let trail = try AuditTrail.build()
        defer { trail.folder.cleanUp() }
        let document = try trail.store.load().document
        let ids = document.annotations.map(\.id) + [UUID()]
        let events = AuditEvent.recordEvents(ids, in: document, action: .export, format: "csv",
                                             destination: "/out/points.csv", annotator: "dr.a", time: Fake.time(30))
        #expect(events.count == document.annotations.count)
        try trail.store.appendAudit(events)
        let read = AuditLog.read(path: trail.log).suffix(events.count)
        #expect(read.map(\.action) == Array(repeating: .export, count: events.count))
        #expect(read.allSatisfy { $0.format == "csv" && $0.destination == "/out/points.csv" && $0.cause == .command })
        #expect(read.map(\.revision) == document.annotations.map(\.revision))
        #expect(try AuditLog.verify(path: trail.log).isIntact)
        #expect(try PythonChain.check(trail.log).bad.isEmpty)
    }

    /// Every line slicemark writes (header, creates, moves, undo and redo, a delete, a conflict,
    /// exports) is valid against `schemas/audit-line.schema.json`, checked by Python's jsonschema.
    @Test func everyLineMatchesTheSchema() throws {
        let trail = try AuditTrail.build()
        defer { trail.folder.cleanUp() }
        let document = try trail.store.load().document
        try trail.store.appendAudit(AuditEvent.recordEvents(document.annotations.map(\.id), in: document, action: .export,
                                                            format: "slicer", destination: "/out", annotator: "dr.a", time: Fake.time(40)))
        let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        for n, line in enumerate(open(sys.argv[2], 'rb').read().split(b'\\n')[:-1], start=1):
            for error in validator.iter_errors(json.loads(line)):
                print(f"line {n}: {error.message[:200]}")
        """
        let schema = Fixtures.repositoryRoot.appendingPathComponent("schemas/audit-line.schema.json").path
        let result = try runProcess(Fixtures.path("venv/bin/python"), ["-c", script, schema, trail.log])
        #expect(result.status == 0 && result.stdout.isEmpty, "\(result.stdout)\(result.stderr)")
        #expect(try trail.lines().count == 11 + document.annotations.count)
    }

    /// Appending reads only the log's last lines, however long the log.
    @Test func appendingReadsOnlyTheTail() throws {
        let trail = try AuditTrail.build()
        defer { trail.folder.cleanUp() }
        let line = try trail.lines()[1]
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: trail.log))
        handle.seekToEndOfFile()
        // 8 MB of copies (the chain is broken by them, which does not matter for this check).
        handle.write(Data(Array(repeating: line + [0x0A], count: 8_000_000 / (line.count + 1)).joined()))
        try handle.close()
        let fd = open(trail.log, O_RDONLY)
        defer { close(fd) }
        let tail = try AuditLog.tail(of: fd).get()
        #expect(tail.lastLine == line && tail.chained && tail.endsWithNewline)
        #expect(tail.bytesRead <= 1 << 16)
    }
}
