import Foundation
import Testing
import TestSupport

/// A burst of edits typed at full speed: quitting right after writes every one of them, and a
/// kill -9 in the middle leaves a complete sidecar (never a torn one) holding a prefix of them.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable))
struct EditBurstEndToEndTests {
    static let environment = [
        "COLORTERM": "truecolor", "TERM": "xterm-256color", "LANG": "C.UTF-8",
        "XDG_CONFIG_HOME": "/nonexistent-slicemark-config", "SLICEMARK_ANNOTATOR": "burst",
    ]

    static func open() throws -> (folder: String, image: String, tmux: TmuxSession) {
        let folder = NSTemporaryDirectory() + "slicemark-burst-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let image = folder + "/anatomical.nii"
        try FileManager.default.copyItem(atPath: Fixtures.path("nibabel/anatomical.nii"), toPath: image)
        let tmux = try TmuxSession([Fixtures.executable, image], columns: 100, rows: 30, environment: environment)
        _ = try #require(try tmux.waitFor(timeout: 30) { $0.contains("voxel [") && $0.contains("annotator burst") })
        return (folder, image, tmux)
    }

    static func landmarks(_ path: String) throws -> Int? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "the sidecar is whole JSON")
        return (json["annotations"] as? [[String: Any]])?.count
    }

    /// 100 landmarks, each one voxel to the right of the last.
    static let burst = Array(repeating: ["m", "l"], count: 100).flatMap { $0 }

    @Test func quittingRightAfterABurstWritesEveryEdit() throws {
        let (folder, image, tmux) = try Self.open()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try tmux.send(contentsOf: Self.burst + ["q"])
        _ = try #require(try tmux.waitFor("SLICEMARK_EXIT=0"))
        #expect(try Self.landmarks(image + ".annotations.json") == 100)
        let audit = try String(contentsOfFile: image + ".annotations.audit.jsonl", encoding: .utf8)
        #expect(audit.split(separator: "\n").count == 101, "the log's header and one line per edit")
    }

    @Test func aKillInTheMiddleOfABurstLeavesAWholeSidecar() throws {
        let (folder, image, tmux) = try Self.open()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pid = try #require(try tmux.programPID())
        try tmux.send(contentsOf: Self.burst)
        Thread.sleep(forTimeInterval: 0.15)
        kill(pid, SIGKILL)
        Thread.sleep(forTimeInterval: 0.2)
        let count = try Self.landmarks(image + ".annotations.json") ?? 0
        #expect(count <= 100)
        // What is on disk opens again in a new viewer, with every landmark it holds.
        let again = try TmuxSession([Fixtures.executable, image], columns: 100, rows: 30, environment: Self.environment)
        let screen = try #require(try again.waitFor(timeout: 30) { $0.contains("voxel [") && $0.contains("annotator burst") })
        #expect(count == 0 || screen.contains(count == 1 ? "1 mark" : "\(count) marks"), "\(count) on disk")
        #expect(!screen.contains("not a valid"))
        try again.send("q")
        _ = try #require(try again.waitFor("SLICEMARK_EXIT=0"))
    }
}
