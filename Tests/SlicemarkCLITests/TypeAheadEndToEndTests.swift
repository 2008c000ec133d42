import Foundation
import Testing
import TestSupport

/// Every key lands on the image that was current when it was typed: labels typed ahead over a
/// folder at full speed, and keys typed on an image that cannot be read.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable))
struct TypeAheadEndToEndTests {
    static let environment = [
        "COLORTERM": "truecolor", "TERM": "xterm-256color", "LANG": "C.UTF-8",
        "XDG_CONFIG_HOME": "/nonexistent-slicemark-config", "SLICEMARK_ANNOTATOR": "qa",
    ]

    static func labels(_ path: String) -> [String]? {
        guard let data = FileManager.default.contents(atPath: path),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return (json["labels"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }

    @Test func twoHundredKeysAtFullSpeedOverThirtyImagesLabelEachImage() throws {
        let folder = NSTemporaryDirectory() + "slicemark-typeahead-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let names = (0..<30).map { String(format: "case%02d.nii", $0) }
        for name in names {
            try FileManager.default.copyItem(atPath: Fixtures.path("nibabel/anatomical.nii"), toPath: folder + "/" + name)
        }
        let tmux = try TmuxSession([Fixtures.executable, folder], columns: 100, rows: 30, environment: Self.environment)
        _ = try #require(try tmux.waitFor(timeout: 30) { $0.contains("voxel [") && $0.contains("image 1/30") })
        let qa = ["pass", "fail", "unsure"]
        var keys = ["Enter"]
        for n in 0..<30 {
            keys += ["]", "j", "\(n % 3 + 1)", "l", "[", "k"]
            if n < 29 { keys.append("n") }
        }
        #expect(keys.count >= 200)
        try tmux.send(contentsOf: keys + ["q"])
        _ = try #require(try tmux.waitFor(timeout: 60) { $0.contains("SLICEMARK_EXIT=") })
        #expect(try tmux.capture().contains("SLICEMARK_EXIT=0"))
        for (n, name) in names.enumerated() {
            #expect(Self.labels(folder + "/" + name + ".annotations.json") == [qa[n % 3]], "\(name)")
        }
    }

    @Test func labelsTypedOnABrokenImageGoToItsOwnSidecarAndNeverToTheImageBeforeIt() throws {
        let folder = NSTemporaryDirectory() + "slicemark-broken-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: Fixtures.path("nibabel/anatomical.nii"), toPath: folder + "/a.nii")
        let whole = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("nibabel/example4d.nii.gz")))
        try whole.prefix(whole.count / 3).write(to: URL(fileURLWithPath: folder + "/b.nii.gz"))
        let tmux = try TmuxSession([Fixtures.executable, folder], columns: 100, rows: 30, environment: Self.environment)
        _ = try #require(try tmux.waitFor(timeout: 30) { $0.contains("voxel [") && $0.contains("image 1/2") })
        // `2` (fail) typed ahead of the broken image, and a landmark, which it cannot take.
        try tmux.send("Enter", "n", "2", "m")
        let screen = try #require(try tmux.waitFor(timeout: 30) { $0.contains("cannot be read") && $0.contains("labels: fail") })
        #expect(screen.contains("image 2/2"))
        #expect(screen.contains("b.nii.gz"))
        #expect(screen.contains("1 key typed for b.nii.gz not applied"))
        try tmux.send("3")
        _ = try #require(try tmux.waitFor("labels: unsure"))
        try tmux.send("q")
        _ = try #require(try tmux.waitFor("SLICEMARK_EXIT=0"))
        #expect(Self.labels(folder + "/a.nii.annotations.json") == nil, "nothing was typed for a.nii")
        #expect(Self.labels(folder + "/b.nii.gz.annotations.json") == ["unsure"])
        let data = try #require(FileManager.default.contents(atPath: folder + "/b.nii.gz.annotations.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let files = (json["image"] as? [String: Any])?["files"] as? [[String: Any]] ?? []
        let sha = try runProcess("/usr/bin/sha256sum", [folder + "/b.nii.gz"]).stdout.prefix(64)
        #expect(files.map { $0["name"] as? String } == ["b.nii.gz"] && files.first?["sha256"] as? String == String(sha))
        #expect(((json["geometry"] as? [String: Any])?["unreadable"] as? String)?.contains("b.nii.gz") == true)
        #expect((json["annotations"] as? [Any])?.isEmpty == true, "the landmark key was not applied to the broken image")
        try FileManager.default.removeItem(atPath: folder + "/a.nii")
        #expect(try AnnotatingEndToEndTests.schemaProblems(in: folder) == "")
    }
}
