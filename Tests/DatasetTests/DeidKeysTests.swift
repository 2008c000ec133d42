@testable import Dataset
import Foundation
import Testing
import TestSupport
import VolumeKit

@Suite struct DeidKeysTests {
    static let secret: [UInt8] = Array(0..<32)
    static let keys = DeidKeys(secret: secret)

    /// UIDs and shifted dates as Python's hmac and datetime compute them.
    @Test func uidsAndDatesMatchAnIndependentImplementation() throws {
        let uids = ["1.2.840.113619.2.1.1.322987881.621.736169244.591", "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322", "2.25.1"]
        let dates: [(String, Int)] = [("20190314", -400), ("20000301", -1), ("20240229", 365), ("19000101", -366), ("20121231", -3652)]
        let result = try PythonCheck.run("scripts/reference/deid_peer.py", "hmac", [
            "secret": DeidMap.hex(Self.secret), "uids": uids, "dates": dates.map { [$0.0, $0.1] as [Any] },
        ])
        let expected = try #require(result["uids"] as? [String: String])
        for uid in uids {
            let mine = Self.keys.uid(for: uid)
            #expect(mine == expected[uid])
            #expect(mine.count <= 64 && mine.hasPrefix("2.25.") && !mine.dropFirst(5).hasPrefix("0"))
        }
        let shifted = try #require(result["dates"] as? [String])
        #expect(dates.map { DeidDates.shiftDate($0.0, days: $0.1) } == shifted)
    }

    @Test func datesAndDateTimesKeepTheirForm() {
        #expect(DeidDates.shiftDA("20190314\\20190315", days: -1) == "20190313\\20190314")
        #expect(DeidDates.shiftDA("20190314-20190320", days: 1) == "20190315-20190321")
        #expect(DeidDates.shiftDA("2019", days: 1) == "")
        #expect(DeidDates.shiftDT("20190314101500.25+0100", days: -14) == "20190228101500.25+0100")
    }

    @Test func replacementsDependOnTheSecretAndTheOriginalOnly() {
        let other = DeidKeys(secret: Array(repeating: 7, count: 32))
        #expect(Self.keys.uid(for: "1.2.3") == DeidKeys(secret: Self.secret).uid(for: "1.2.3"))
        #expect(Self.keys.uid(for: "1.2.3") != other.uid(for: "1.2.3"))
        #expect(Self.keys.uid(for: "1.2.3") != Self.keys.uid(for: "1.2.4"))
        let p = Self.keys.pseudonym(forPatient: "PHIID48213")
        #expect(p.count == 12 && p.hasPrefix("SM") && DeidVerify.isPseudonym(p))
        #expect(p != Self.keys.pseudonym(forPatient: "PHIID48214"))
        let offset = Self.keys.dateOffset(forPatient: "PHIID48213")
        #expect((-3652 ... -366).contains(offset))
    }

    @Test func mapFileIsOwnerOnlyRefusedInsideTheOutputAndMergesByConcatenation() throws {
        let folder = NSTemporaryDirectory() + "deid-map-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/out", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: DeidError.self) { try DeidMap.open(path: folder + "/out/map.csv", outputFolder: folder + "/out") }
        #expect(throws: DeidError.self) { try DeidMap.open(path: folder + "/out/sub/map.csv", outputFolder: folder + "/out/") }
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/map.csv"))

        let a = try DeidMap.open(path: folder + "/a.csv", outputFolder: folder + "/out")
        #expect(a.created)
        var info = stat()
        stat(folder + "/a.csv", &info)
        #expect(info.st_mode & 0o777 == 0o600)
        a.record("patient", "ID,with comma", "SMAAAA")
        a.record("uid", "1.2.3", "2.25.9")
        a.record("uid", "1.2.3", "2.25.9")
        try a.flush()
        // A shard's copy of the map: same secret, rows of its own.
        try FileManager.default.copyItem(atPath: folder + "/a.csv", toPath: folder + "/b.csv")
        let b = try DeidMap.open(path: folder + "/b.csv", outputFolder: folder + "/out")
        #expect(!b.created && b.secret == a.secret)
        b.record("uid", "1.2.3", "2.25.9")
        b.record("uid", "1.2.4", "2.25.10")
        try b.flush()
        let bText = try String(contentsOfFile: folder + "/b.csv", encoding: .utf8)
        #expect(bText.components(separatedBy: "1.2.3,").count == 2, "a row already in the file is not appended again")
        let merged = try String(contentsOfFile: folder + "/a.csv", encoding: .utf8) + bText
        try merged.write(toFile: folder + "/merged.csv", atomically: true, encoding: .utf8)
        let m = try DeidMap.open(path: folder + "/merged.csv", outputFolder: folder + "/out")
        #expect(m.secret == a.secret)
        #expect(DeidMap.parseCSV("patient,\"ID,with comma\",SMAAAA") == ["patient", "ID,with comma", "SMAAAA"])
        // Two different secrets cannot be merged.
        let c = try DeidMap.open(path: folder + "/c.csv", outputFolder: folder + "/out")
        try (merged + (try String(contentsOfFile: folder + "/c.csv", encoding: .utf8))).write(toFile: folder + "/bad.csv", atomically: true, encoding: .utf8)
        _ = c
        #expect(throws: DeidError.self) { try DeidMap.open(path: folder + "/bad.csv", outputFolder: folder + "/out") }
    }
}
