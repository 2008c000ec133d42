import Foundation
import Testing
import TestSupport
import VolumeKit

/// `slicemark check` as a user runs it: lines, JSON, exit codes, the cache folder, shards
/// merged, and nothing written next to the images.
@Suite("slicemark check", .serialized)
struct CheckCommandTests {
    struct BuildFailure: Error, CustomStringConvertible {
        var description: String
    }

    static let built: Result<String, BuildFailure> = {
        let root = NSTemporaryDirectory() + "slicemark-check-cli-\(UUID().uuidString)"
        do {
            _ = try PythonCheck.run("scripts/reference/check_datasets.py", "build", ["out": root, "fixtures": Fixtures.root.path])
            return .success(root)
        } catch {
            return .failure(BuildFailure(description: "\(error)"))
        }
    }()

    static func check(_ arguments: [String], cache: String? = nil) throws -> ProcessResult {
        var environment = ProcessInfo.processInfo.environment
        environment["SLICEMARK_CACHE_DIR"] = cache ?? NSTemporaryDirectory() + "slicemark-check-cli-cache-\(UUID().uuidString)"
        return try runProcess(Fixtures.executable, ["check"] + arguments, environment: environment)
    }

    static func json(_ result: ProcessResult) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    static func listing(_ folder: String) -> [String: [Int]] {
        var out: [String: [Int]] = [:]
        let walker = FileManager.default.enumerator(atPath: folder)
        while let name = walker?.nextObject() as? String {
            if case .success(let s) = POSIXFile.linkStatus(folder + "/" + name) { out[name] = [s.size, s.modifiedNanoseconds] }
        }
        return out
    }

    @Test func findingsAreLinesAndAnErrorExitsOne() throws {
        let root = try Self.built.get()
        let result = try Self.check(["--no-cache", root + "/copied-file"])
        #expect(result.status == 1, "\(result.stderr)")
        let copy = root + "/copied-file/series/ct_002_copy.dcm"
        #expect(result.stdout.contains("error duplicate-sop-instance-uid \(copy): SOP Instance UID "))
        #expect(result.stdout.contains("error duplicate-image \(copy): the same pixel data"))
        #expect(result.stdout.contains("harmonisation (2 images)"))
        #expect(result.stderr.contains("checked 9 files: 9 read, 0 from the cache"))
    }

    @Test func jsonHasFindingsSummaryAndFacts() throws {
        let root = try Self.built.get()
        let result = try Self.check(["--json", "--no-cache", root + "/truncated"])
        #expect(result.status == 1)
        let report = try Self.json(result)
        let findings = try #require(report["findings"] as? [[String: String]])
        #expect(findings.contains { $0["code"] == "unreadable" && $0["severity"] == "error" && $0["path"] == root + "/truncated/series/ct_001.dcm" })
        #expect(findings.allSatisfy { Set($0.keys) == ["severity", "code", "path", "message"] })
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["unreadable"] as? Int == 1)
        #expect((report["facts"] as? [Any])?.count == 8)
        #expect(report["harmonisation"] is [String: Any])
    }

    @Test func aDatasetWithOnlyWarningsExitsZero() throws {
        let root = try Self.built.get()
        // No sidecars here: the images are unannotated (warnings), nothing else is wrong.
        let result = try Self.check(["--no-cache", root + "/clean"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("warning unannotated \(root)/clean/series: series"))
        #expect(!result.stdout.contains("\nerror "))
    }

    @Test func checkWritesNothingNextToTheImages() throws {
        let root = try Self.built.get()
        let before = Self.listing(root)
        let cache = NSTemporaryDirectory() + "slicemark-check-cli-cache-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: cache) }
        _ = try Self.check([root], cache: cache)
        _ = try Self.check(["--json", root], cache: cache)
        #expect(Self.listing(root) == before)
        #expect(FileManager.default.fileExists(atPath: cache + "/check-facts.sqlite"))
    }

    @Test func aCacheInsideTheDatasetIsRefused() throws {
        let root = try Self.built.get()
        let result = try Self.check(["--cache", root + "/clean/.cache", root + "/clean"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("inside the dataset"))
        #expect(!FileManager.default.fileExists(atPath: root + "/clean/.cache"))
    }

    @Test func secondRunComesFromTheCache() throws {
        let root = try Self.built.get()
        let cache = NSTemporaryDirectory() + "slicemark-check-cli-cache-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let first = try Self.check(["--json", "--cache", cache, root + "/missing-slice"])
        let second = try Self.check(["--json", "--cache", cache, root + "/missing-slice"])
        let a = try Self.json(first), b = try Self.json(second)
        #expect((b["summary"] as! [String: Any])["pixelBytesRead"] as? Int == 0)
        #expect((b["summary"] as! [String: Any])["fromCache"] as? Int == 7)
        #expect(NSDictionary(dictionary: ["f": a["findings"]!]) == NSDictionary(dictionary: ["f": b["findings"]!]))
    }

    @Test func shardReportsMergeIntoOneRun() throws {
        let root = try Self.built.get()
        let folder = NSTemporaryDirectory() + "slicemark-check-merge-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let whole = try Self.check(["--json", "--no-cache", root])
        var reports: [String] = []
        for index in 1...3 {
            let part = try Self.check(["--json", "--no-cache", "--shard", "\(index)/3", root])
            let path = folder + "/part\(index).json"
            try part.stdout.write(toFile: path, atomically: true, encoding: .utf8)
            reports.append(path)
        }
        let merged = try Self.check(["--merge", "--json"] + reports)
        #expect(merged.status == whole.status)
        let a = try Self.json(whole), b = try Self.json(merged)
        #expect(NSDictionary(dictionary: ["f": a["findings"]!]) == NSDictionary(dictionary: ["f": b["findings"]!]))
        #expect(((b["findings"] as? [[String: String]]) ?? []).contains { $0["code"] == "missing-slice" })
        let text = try Self.check(["--merge"] + reports)
        #expect(text.stdout.contains("error missing-slice \(root)/missing-slice/series:"))
    }

    @Test func filesFromListsWhatIsChecked() throws {
        let root = try Self.built.get()
        let list = NSTemporaryDirectory() + "slicemark-check-list-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: list) }
        try "# two slices of the copied-file dataset\n\(root)/copied-file/series/ct_002.dcm\n\(root)/copied-file/series/ct_002_copy.dcm\n"
            .write(toFile: list, atomically: true, encoding: .utf8)
        let result = try Self.check(["--json", "--no-cache", "--files-from", list])
        #expect(result.status == 1)
        let report = try Self.json(result)
        #expect((report["summary"] as? [String: Any])?["files"] as? Int == 2)
        let codes = Set(((report["findings"] as? [[String: String]]) ?? []).map { $0["code"] ?? "" })
        #expect(codes.isSuperset(of: ["duplicate-sop-instance-uid", "duplicate-image"]))
    }

    @Test func badArgumentsExitTwo() throws {
        #expect(try Self.check([]).status == 2)
        #expect(try Self.check(["--shard", "4/3", "/tmp"]).status == 2)
        #expect(try Self.check(["/no/such/folder"]).status == 2)
    }
}
