import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import Annotations

/// slicemark/2 as a file format: what a newer version wrote survives, a slicemark/1 file is
/// read and upgraded.
@Suite struct SidecarVersionTests {
    /// The text of the top-level or nested key `key`'s value block (from `"key" :` to the end of
    /// its value), for comparing one part of two files byte for byte.
    static func block(_ text: String, key: String, indent: Int) -> String? {
        let prefix = "\n" + String(repeating: " ", count: indent) + "\"\(key)\" : "
        guard let start = text.range(of: prefix) else { return nil }
        let rest = text[start.lowerBound...].dropFirst()
        var end = rest.endIndex
        var position = rest.firstIndex(of: "\n").map { rest.index(after: $0) }
        while let p = position, p < rest.endIndex {
            let line = rest[p...].prefix { $0 != "\n" }
            let leading = line.prefix { $0 == " " }.count
            if leading <= indent { end = p; break }
            position = rest[p...].firstIndex(of: "\n").map { rest.index(after: $0) }
        }
        return String(rest[..<end])
    }

    static func json(_ path: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func object(_ v: JSONValue?) -> [String: JSONValue] {
        if case .object(let o)? = v { return o }
        return [:]
    }

    static func array(_ v: JSONValue?) -> [JSONValue] {
        if case .array(let a)? = v { return a }
        return []
    }

    @Test func fieldsFromTheFutureSurviveLoadEditAndSave() throws {
        let (folder, volume) = try Fake.imageFolder()
        defer { folder.cleanUp() }
        let store = try AnnotationStore(volume: volume)
        var session = AnnotationSession(document: try store.load().document, annotator: "old", labelSet: DefaultQA.set)
        _ = session.placeLandmark(at: [1, 2, 3], plane: .axial, volume: volume)
        _ = session.toggleLabel(number: 1, at: [0, 0, 0])
        _ = try store.save(session.document, audit: session.takeAuditEvents())

        // A newer slicemark adds keys everywhere and a record kind of its own.
        var top = Self.object(try Self.json(store.sidecarPath))
        let futureRecords: JSONValue = .array([
            .object(["id": .string("0A1B2C3D-0000-4000-8000-000000000001"), "kind": .string("measurement-set"),
                     "values": .array([.integer(1), .number(2.5), .number(-0.1), .integer(9_007_199_254_740_993)]),
                     "ok": .bool(true), "none": .null, "text": .string("Hounsfield « ± » 日本")]),
            .object(["id": .string("0A1B2C3D-0000-4000-8000-000000000002"), "nested": .object(["deep": .array([.object([:])])])]),
        ])
        top["futureRecords"] = futureRecords
        top["futureSetting"] = .string("kept")
        var image = Self.object(top["image"]); image["scanner"] = .object(["vendor": .string("ACME"), "tesla": .number(1.5)])
        top["image"] = .object(image)
        var geometry = Self.object(top["geometry"]); geometry["frameOfReference"] = .string("2.25.1234")
        top["geometry"] = .object(geometry)
        var annotation = Self.object(Self.array(top["annotations"])[0])
        annotation["confidence"] = .object(["reader": .number(0.93), "tags": .array([.string("a"), .string("b")])])
        var point = Self.object(Self.array(annotation["points"])[0]); point["snapped"] = .bool(false)
        annotation["points"] = .array([.object(point)])
        annotation["source"] = .object(["type": .string("human"), "workstation": .string("ws-3")])
        top["annotations"] = .array([.object(annotation)])
        var label = Self.object(Self.array(top["labels"])[0]); label["certainty"] = .integer(4)
        top["labels"] = .array([.object(label)])
        try folder.write("ct.nii.annotations.json", try SidecarCoding.encode(JSONValue.object(top)))
        let before = try String(contentsOfFile: store.sidecarPath, encoding: .utf8)

        // This slicemark edits the very annotation that has unknown keys, adds one, and saves.
        var older = AnnotationSession(document: try store.load().document, annotator: "old")
        older.select(older.document.annotations[0].id)
        older.now = Fake.time(60)
        _ = older.renameSelected(to: "apex")
        _ = older.nudgeSelected(columns: 1, rows: 0, plane: .axial, volume: volume)
        _ = older.placeLandmark(at: [4, 4, 1], plane: .axial, volume: volume)
        _ = try store.save(older.document, audit: older.takeAuditEvents())
        let after = try String(contentsOfFile: store.sidecarPath, encoding: .utf8)
        #expect(after != before)

        for key in ["futureRecords", "futureSetting"] {
            let kept = try #require(Self.block(after, key: key, indent: 2), "\(key)")
            #expect(kept == Self.block(before, key: key, indent: 2), "\(key)")
        }
        for key in ["scanner", "frameOfReference", "confidence", "certainty"] {
            let kept = try #require(Self.block(after, key: key, indent: key == "scanner" || key == "frameOfReference" ? 4 : 6), "\(key)")
            #expect(kept == Self.block(before, key: key, indent: key == "scanner" || key == "frameOfReference" ? 4 : 6), "\(key)")
        }
        let saved = Self.object(try Self.json(store.sidecarPath))
        #expect(saved["futureRecords"] == futureRecords)
        let edited = Self.object(Self.array(saved["annotations"]).first { Self.object($0)["label"] == .string("apex") })
        #expect(edited["confidence"] == annotation["confidence"])
        #expect(Self.object(Self.array(edited["points"])[0])["snapped"] == .bool(false))
        #expect(Self.object(edited["source"])["workstation"] == .string("ws-3"))
        #expect(edited["voxel"] == .array([.integer(2), .integer(2), .integer(3)]))
        #expect(try SchemaCheck.problems([store.sidecarPath]) == "")
    }

    /// The slicemark/1 example of the previous release: read, its review turned into a review
    /// record, left as it is by viewing, written as slicemark/2 at the first change.
    @Test func version1SidecarIsReadAndUpgradedAtTheFirstChange() throws {
        let example = Fixtures.repositoryRoot.appendingPathComponent("schemas/sidecar-v1.example.json").path
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: example)))
        let upgraded = try SidecarCoding.decode(bytes, path: example)
        #expect(upgraded.schema == "slicemark/2")
        #expect(upgraded.annotations.count == 2)
        let review = try #require(upgraded.reviews.first)
        #expect(upgraded.reviews.count == 1, "a draft has no review")
        let rectangle = upgraded.annotations[1]
        #expect(review.target == rectangle.id && review.decision == .accept && review.reviewer == "reviewer.b")
        #expect(review.comment == "fine" && review.time == Timestamp(iso8601: "2026-11-21T23:18:02.120Z"))
        #expect(upgraded.reviewState(of: rectangle.id) == .decided(review))
        #expect(upgraded.labels[0].modifiedBy == upgraded.labels[0].annotator)
        #expect(upgraded.annotations.allSatisfy { $0.source == .human && $0.unknown.isEmpty })
        // Read twice, the same review id: two sessions upgrading one file agree.
        #expect(try SidecarCoding.decode(bytes, path: example).reviews[0].id == review.id)

        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = try folder.write("ct.nii.gz.annotations.json", bytes)
        let store = AnnotationStore(sidecarPath: path, image: upgraded.image, geometry: upgraded.geometry)
        var session = AnnotationSession(document: try store.load().document, annotator: "dr.c")
        _ = try store.save(session.document, audit: session.takeAuditEvents())
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == bytes, "viewing leaves the v1 file alone")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["ct.nii.gz.annotations.json"])

        let volume = Fake.niftiVolume(file: folder.file("ct.nii.gz"), width: 16, height: 16, depth: 4,
                                      geometry: VolumeGeometry(origin: [-10, 20, 5], spacing: [0.5, 0.5, 2]))
        _ = session.placeLandmark(at: [3, 3, 3], plane: .axial, volume: volume)
        _ = try store.save(session.document, audit: session.takeAuditEvents())
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"schema\" : \"slicemark/2\""))
        #expect(!text.contains("\"review\" :"))
        #expect(try store.load().document.reviews == [review])
        #expect(try SchemaCheck.problems([path]) == "")
    }

    /// The same seed and the same inputs give the same ids and byte-identical sidecars.
    @Test func sessionsReplayFromTheirInputs() throws {
        var ids = RecordIDs(seed: 42), again = RecordIDs(seed: 42), other = RecordIDs(seed: 43)
        let first = (0..<100).map { _ in ids.next() }
        #expect(first == (0..<100).map { _ in again.next() })
        #expect(Set(first).isDisjoint(with: (0..<100).map { _ in other.next() }))
        #expect(Set(first).count == 100)
        #expect(first.allSatisfy { $0.uuidString.dropFirst(14).first == "4" })

        let volume = Fake.niftiVolume(file: "/x/ct.nii")
        func run() throws -> [UInt8] {
            var session = AnnotationSession(document: SidecarDocument(image: SidecarImage(format: .nifti), geometry: SidecarGeometry(volume: volume)),
                                            annotator: "a", ids: RecordIDs(seed: 9), now: Fake.t0, labelSet: DefaultQA.set)
            for n in 0..<5 {
                session.now = Fake.time(Int64(n))
                _ = session.placeLandmark(at: [n, 1, 1], plane: .axial, volume: volume)
            }
            _ = session.toggleLabel(number: 2, at: [0, 0, 0])
            _ = session.deleteSelected()
            _ = session.undo()
            _ = session.review(.accept, of: session.document.annotations[0].id)
            return try SidecarCoding.encode(session.document)
        }
        #expect(try run() == run())
    }
}

enum DefaultQA {
    static let set = LabelSet(name: "qa", labels: [.init(name: "pass", color: "#2E9E44"), .init(name: "fail", color: "#D1342F")])
}
