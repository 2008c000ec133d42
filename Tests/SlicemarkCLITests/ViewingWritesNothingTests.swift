import Foundation
import Testing
import TestSupport

/// Looking is not changing: opening images, moving through them and quitting leaves their
/// folder exactly as it was; the sidecar and its audit log appear with the first change.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable))
struct ViewingWritesNothingTests {
    static let environment = [
        "COLORTERM": "truecolor", "TERM": "xterm-256color", "LANG": "C.UTF-8",
        "XDG_CONFIG_HOME": "/nonexistent-slicemark-config", "SLICEMARK_ANNOTATOR": "e2e",
    ]

    static func listing(_ folder: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            out[name] = FileManager.default.contents(atPath: folder + "/" + name) ?? Data()
        }
        return out
    }

    @Test func viewingAFolderLeavesItAsItWas() throws {
        let folder = NSTemporaryDirectory() + "slicemark-look-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["anatomical.nii", "example4d.nii.gz"] {
            try FileManager.default.copyItem(atPath: Fixtures.path("nibabel/" + name), toPath: folder + "/" + name)
        }
        let before = try Self.listing(folder)
        let tmux = try TmuxSession([Fixtures.executable, folder], columns: 100, rows: 30, environment: Self.environment)
        _ = try #require(try tmux.waitFor(timeout: 30) { $0.contains("voxel [") && $0.contains("image 1/2") })
        try tmux.send("Enter", "]", "c", "s", "t", "w", "n")
        _ = try #require(try tmux.waitFor(timeout: 30) { $0.contains("image 2/2") && $0.contains("voxel [") })
        try tmux.send("]", "a", ":", "w", "Enter")
        _ = try #require(try tmux.waitFor("annotations saved"))
        try tmux.send("q")
        _ = try #require(try tmux.waitFor("SLICEMARK_EXIT=0"))
        #expect(try Self.listing(folder) == before)
    }

    @Test func theFirstChangeWritesTheSidecarAndItsAuditLog() throws {
        let folder = NSTemporaryDirectory() + "slicemark-look-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let image = folder + "/anatomical.nii"
        try FileManager.default.copyItem(atPath: Fixtures.path("nibabel/anatomical.nii"), toPath: image)
        let tmux = try TmuxSession([Fixtures.executable, image], columns: 100, rows: 30, environment: Self.environment)
        _ = try #require(try tmux.waitFor(timeout: 30) { $0.contains("voxel [") && $0.contains("annotator e2e") })
        try tmux.send("]", "]")
        Thread.sleep(forTimeInterval: 1.5)
        #expect(try Self.listing(folder).keys.sorted() == ["anatomical.nii"])
        try tmux.send("1")
        _ = try #require(try tmux.waitFor("pass"))
        try tmux.send("q")
        _ = try #require(try tmux.waitFor("SLICEMARK_EXIT=0"))
        #expect(try Self.listing(folder).keys.sorted()
                == ["anatomical.nii", "anatomical.nii.annotations.audit.jsonl", "anatomical.nii.annotations.json"])
    }
}
