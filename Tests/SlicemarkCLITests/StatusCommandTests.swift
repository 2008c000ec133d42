import Annotations
import Foundation
import Testing
import TestSupport
import VolumeKit

/// `slicemark status` on the built binary over a folder of a few hundred annotated images whose
/// sidecars real sessions wrote: its JSON against counts made here from the same sessions, the
/// todo of each person, an unreadable sidecar, and that it writes nothing.
@Suite(.serialized) struct StatusCommandTests {
    static let readers = ["ana", "ben", "cho"]

    /// `count` small NIfTI files; image n gets reads by `readers[0..<(n % 4)]` (three landmarks
    /// each), and on every fifth image rev accepts ana's first landmark and rejects ben's.
    static func makeFolder(count: Int) throws -> String {
        let folder = NSTemporaryDirectory() + "slicemark-status-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for n in 0..<count {
            let (w, h, d) = (8, 8, 2)
            let buffer = VoxelBuffer(zeroedByteCount: w * h * d * 2)
            let samples = buffer.mutableBytes.bindMemory(to: Int16.self, capacity: w * h * d)
            for v in 0..<(w * h * d) { samples[v] = Int16(v + n) }
            let path = folder + String(format: "/case%03d.nii", n)
            let volume = Volume(width: w, height: h, depth: d, voxelType: .int16,
                                geometry: VolumeGeometry(origin: [0, 0, 0], spacing: [1, 1, 1]), buffer: buffer,
                                metadata: VolumeMetadata(format: .nifti, sourceFiles: [path], datatypeName: "int16"))
            try Data(NIfTIWriter.niftiBytes(volume)).write(to: URL(fileURLWithPath: path))
            let readers = Array(Self.readers.prefix(n % 4))
            guard !readers.isEmpty else { continue }
            let store = try AnnotationStore(volume: volume)
            var document = try store.load().document
            var time = Timestamp(millisecondsSince1970: 1_764_000_000_000)
            for (r, reader) in readers.enumerated() {
                var session = AnnotationSession(document: document, annotator: reader, ids: RecordIDs(seed: UInt64(n * 10 + r)), now: time)
                for m in 0..<3 { _ = session.placeLandmark(at: [m, r, 0], plane: .axial, volume: volume) }
                document = session.document
                time = Timestamp(millisecondsSince1970: time.millisecondsSince1970 + 1000)
            }
            if n % 5 == 0, readers.count >= 2 {
                var rev = AnnotationSession(document: document, annotator: "rev", ids: RecordIDs(seed: UInt64(n * 10 + 9)), now: time)
                let ana = document.annotations.first { $0.annotator == "ana" }!, ben = document.annotations.first { $0.annotator == "ben" }!
                _ = rev.review(.accept, of: ana.id)
                _ = rev.review(.reject, of: ben.id, comment: "off by a slice")
                document = rev.document
            }
            _ = try store.save(document, audit: [])
        }
        return folder
    }

    func run(_ arguments: [String]) throws -> ProcessResult { try runProcess(Fixtures.executable, ["status"] + arguments) }

    func listing(_ folder: String) throws -> [String: Date] {
        var out: [String: Date] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            out[name] = try FileManager.default.attributesOfItem(atPath: folder + "/" + name)[.modificationDate] as? Date
        }
        return out
    }

    @Test func jsonCountsEveryImageAndAnnotatorQuicklyAndWritesNothing() throws {
        let count = 300
        let folder = try Self.makeFolder(count: count)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let before = try listing(folder)
        let started = Date()
        let result = try run(["--json", folder])
        let seconds = Date().timeIntervalSince(started)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try listing(folder) == before, "status writes nothing")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let images = try #require(json["images"] as? [[String: Any]])
        #expect(images.count == count)
        // Expected from the construction: image n has n % 4 readers with 3 landmarks each.
        for (n, image) in images.enumerated() {
            let names = (image["annotators"] as? [[String: Any]] ?? []).compactMap { $0["annotator"] as? String }
            #expect(names == Array(Self.readers.prefix(n % 4)), "image \(n)")
            #expect((image["sidecar"] is NSNull) == (n % 4 == 0), "image \(n)")
        }
        let reviewed = (0..<count).filter { $0 % 5 == 0 && $0 % 4 >= 2 }.count
        let totals = try #require(json["totals"] as? [String: Any])
        let records = (0..<count).map { 3 * ($0 % 4) }.reduce(0, +)
        #expect(totals["records"] as? Int == records && totals["images"] as? Int == count)
        #expect(totals["accepted"] as? Int == reviewed && totals["rejected"] as? Int == reviewed)
        #expect(totals["draft"] as? Int == records - 2 * reviewed)
        let people = try #require(json["annotators"] as? [[String: Any]])
        #expect(people.compactMap { $0["annotator"] as? String } == Self.readers)
        #expect(people[1]["rejected"] as? Int == reviewed && people[1]["images"] as? Int == (0..<count).filter { $0 % 4 >= 2 }.count)
        // Reading sidecars only: a few hundred in well under the time it takes to open one CT.
        #expect(seconds < 5, "status took \(seconds) s over \(count) images")
    }

    @Test func todoListsWhatEachPersonHasLeft() throws {
        let folder = try Self.makeFolder(count: 12)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // ben: images 0, 1, 4, 5, 8, 9 have nothing of ben's; ben's record on image 10 was rejected.
        let ben = try run(["--todo", "ben", folder])
        #expect(ben.status == 0)
        let lines = ben.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasSuffix(": nothing yet") }.count == 6)
        #expect(lines.contains { $0.contains("case010.nii: rejected") && $0.contains("reject by rev: off by a slice") })
        #expect(lines.last == "ben: 7 to do on 7 images")
        // rev reviews: every record not yet reviewed on images with two or more readers… and one.
        let rev = try #require(try JSONSerialization.jsonObject(with: Data(try run(["--json", "--todo", "rev", folder]).stdout.utf8)) as? [String: Any])
        let todo = try #require(rev["todo"] as? [String: Any])
        #expect(todo["roles"] as? [String] == ["reviewer"])
        let items = try #require(todo["items"] as? [[String: Any]])
        let records = (0..<12).map { 3 * ($0 % 4) }.reduce(0, +)
        #expect(items.count == records - 2 && items.allSatisfy { $0["reason"] as? String == "not_reviewed" })
    }

    @Test func anUnreadableSidecarIsNamedAndTheRestCounted() throws {
        let folder = try Self.makeFolder(count: 4)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("{ not json".utf8).write(to: URL(fileURLWithPath: folder + "/case001.nii.annotations.json"))
        let result = try run([folder])
        #expect(result.status == 1)
        #expect(result.stderr.contains("case001.nii.annotations.json"))
        #expect(result.stdout.contains("case002.nii") && result.stdout.contains("unreadable sidecar"))
        let missing = try run([folder + "/nothing-here"])
        #expect(missing.status != 0 && missing.stderr.contains("no such file or folder"))
    }
}
