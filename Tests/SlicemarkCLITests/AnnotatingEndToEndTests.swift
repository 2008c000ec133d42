import Foundation
import Testing
import TestSupport

/// Annotating in the built viewer in a real (tmux) terminal, on copies of a real `.nii.gz` and
/// a real DICOM series: the sidecar's voxel is the cursor's, its LPS position is what nibabel's
/// affine and pydicom's tags give (`scripts/expected/annotations.py`), and quitting, undoing
/// or losing the terminal leaves the right sidecar.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable))
struct AnnotatingEndToEndTests {
    static let environment = [
        "COLORTERM": "truecolor", "TERM": "xterm-256color", "LANG": "C.UTF-8",
        "XDG_CONFIG_HOME": "/nonexistent-slicemark-config", "SLICEMARK_ANNOTATOR": "e2e",
    ]

    struct Case: CustomTestStringConvertible, Sendable {
        var fixture: String
        var isFolder: Bool
        var testDescription: String { fixture }
    }

    static let nifti = Case(fixture: "nibabel/example4d.nii.gz", isFolder: false)
    static let dicom = Case(fixture: "pydicom/dicomdirtests/98892001/CT5N", isFolder: true)

    /// A copy of the fixture in a fresh temporary folder; returns the folder and the path to open.
    static func copy(_ c: Case) throws -> (folder: String, open: String) {
        let folder = NSTemporaryDirectory() + "slicemark-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let target = folder + "/" + (c.fixture as NSString).lastPathComponent
        try FileManager.default.copyItem(atPath: Fixtures.path(c.fixture), toPath: target)
        return (folder, target)
    }

    static func start(_ path: String) throws -> TmuxSession {
        try TmuxSession([Fixtures.executable, path], columns: 100, rows: 30, environment: environment)
    }

    /// The voxel the status line shows.
    static func statusVoxel(_ screen: String) -> [Int]? {
        guard let range = screen.range(of: #"voxel \[\d+, \d+, \d+\]"#, options: .regularExpression) else { return nil }
        return screen[range].dropFirst(7).dropLast().split(separator: ",").compactMap {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
    }

    /// The sidecar in `folder` (the only `*.annotations.json`), parsed, once it satisfies `condition`.
    static func sidecar(in folder: String, timeout: Double = 10,
                        _ condition: ([String: Any]) -> Bool = { _ in true }) throws -> [String: Any]? {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            if let name = names.first(where: { $0.hasSuffix(".annotations.json") && !$0.hasPrefix(".") }),
               let data = FileManager.default.contents(atPath: folder + "/" + name),
               let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any], condition(json) {
                return json
            }
            Thread.sleep(forTimeInterval: 0.05)
        } while Date() < deadline
        return nil
    }

    /// What `scripts/validate-sidecar.py` (JSON Schema) finds wrong with the sidecar in `folder`.
    static func schemaProblems(in folder: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        let sidecars = names.filter { $0.hasSuffix(".annotations.json") && !$0.hasPrefix(".") }.map { folder + "/" + $0 }
        let result = try runProcess(Fixtures.path("venv/bin/python"),
                                    [Fixtures.repositoryRoot.appendingPathComponent("scripts/validate-sidecar.py").path] + sidecars)
        return result.status == 0 && !sidecars.isEmpty ? "" : result.stdout + result.stderr + "(\(sidecars.count) sidecars)"
    }

    static func annotations(_ json: [String: Any]) -> [[String: Any]] { json["annotations"] as? [[String: Any]] ?? [] }

    static func expectedLPS(_ c: Case, voxel: [Int]) throws -> [Double]? {
        let all = try #require(try Fixtures.expected("annotations") as? [String: Any])
        let entry = try #require(all[c.fixture] as? [String: Any])
        let table = try #require(entry["nearCentre"] as? [String: [Double]], "rerun scripts/expected/annotations.py")
        return table[voxel.map(String.init).joined(separator: ",")]
    }

    @Test(arguments: [nifti, dicom])
    func landmarkAtTheCursorHasTheVoxelAndPositionOfTheReferenceReaders(_ c: Case) throws {
        let (folder, path) = try Self.copy(c)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tmux = try Self.start(path)
        let opened = try #require(try tmux.waitFor(timeout: 30) { $0.contains("voxel [") && $0.contains("annotator e2e") })
        let centre = try #require(Self.statusVoxel(opened))
        try tmux.send("l", "l", "l", "j", "]", "m")
        let placed = try #require(try tmux.waitFor("placed landmark"))
        let voxel = try #require(Self.statusVoxel(placed))
        #expect(abs(voxel[0] - centre[0]) == 3 && abs(voxel[1] - centre[1]) == 1 && voxel[2] == centre[2] + 1,
                "moved from \(centre) to \(voxel)")
        try tmux.send("q")
        _ = try #require(try tmux.waitFor("SLICEMARK_EXIT=0"))
        let json = try #require(try Self.sidecar(in: c.isFolder ? path : folder))
        let landmark = try #require(Self.annotations(json).first)
        #expect(Self.annotations(json).count == 1)
        #expect(landmark["kind"] as? String == "landmark")
        #expect(landmark["voxel"] as? [Int] == voxel)
        #expect(landmark["annotator"] as? String == "e2e")
        let lps = try #require(landmark["lps"] as? [Double])
        let expected = try #require(try Self.expectedLPS(c, voxel: voxel))
        for axis in 0..<3 { #expect(abs(lps[axis] - expected[axis]) < 1e-3, "LPS \(lps) vs \(expected)") }
        #expect(try Self.schemaProblems(in: c.isFolder ? path : folder) == "")
    }

    @Test func rectangleCornersAreSavedAndUndoThenQuitLeavesItOut() throws {
        let (folder, path) = try Self.copy(Self.nifti)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tmux = try Self.start(path)
        let opened = try #require(try tmux.waitFor(timeout: 30) { $0.contains("voxel [") && $0.contains("annotator e2e") })
        let first = try #require(Self.statusVoxel(opened))
        try tmux.send("r", "L", "J", "j", "r")
        let drawn = try #require(try tmux.waitFor("rectangle rectangle 1:"))
        let second = try #require(Self.statusVoxel(drawn))
        let json = try #require(try Self.sidecar(in: folder) { !Self.annotations($0).isEmpty })
        let rectangle = try #require(Self.annotations(json).first)
        #expect(rectangle["kind"] as? String == "rectangle")
        let corners = (rectangle["points"] as? [[String: Any]] ?? []).compactMap { $0["voxel"] as? [Int] }
        #expect(corners == [first, second])
        let id = try #require(rectangle["id"] as? String)

        try tmux.send("u")
        _ = try #require(try tmux.waitFor("undone"))
        try tmux.send("q")
        _ = try #require(try tmux.waitFor("SLICEMARK_EXIT=0"))
        let after = try #require(try Self.sidecar(in: folder))
        #expect(Self.annotations(after).isEmpty)
        #expect((after["deleted"] as? [[String: Any]] ?? []).contains { $0["id"] as? String == id })
        #expect(try Self.schemaProblems(in: folder) == "")
    }

    @Test func hangupLeavesTheLastSavedSidecarIntact() throws {
        let (folder, path) = try Self.copy(Self.dicom)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tmux = try Self.start(path)
        _ = try #require(try tmux.waitFor(timeout: 30) { $0.contains("voxel [") && $0.contains("annotator e2e") })
        try tmux.send("m", "1", "l", "r")
        _ = try #require(try tmux.waitFor("first corner"))
        let pid = try #require(try tmux.programPID())
        try tmux.killServer()
        let deadline = Date().addingTimeInterval(10)
        while kill(pid, 0) == 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(kill(pid, 0) != 0, "the viewer ended on SIGHUP")
        let json = try #require(try Self.sidecar(in: path, timeout: 1))
        #expect(Self.annotations(json).map { $0["kind"] as? String } == ["landmark"])
        #expect((json["labels"] as? [[String: Any]] ?? []).map { $0["name"] as? String } == ["pass"])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test func qualityControlOfAFolderSavesEachImagesLabel() throws {
        let folder = NSTemporaryDirectory() + "slicemark-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["a.nii", "b.nii"] {
            try FileManager.default.copyItem(atPath: Fixtures.path("nibabel/anatomical.nii"), toPath: folder + "/" + name)
        }
        let tmux = try Self.start(folder)
        _ = try #require(try tmux.waitFor(timeout: 30) { $0.contains("voxel [") && $0.contains("image 1/2") })
        // Typed ahead, as a quick QA pass does: `2` is for b.nii even if it is still being read.
        try tmux.send("Enter", "1", "n", "2")
        _ = try #require(try tmux.waitFor(timeout: 30) { $0.contains("b.nii │") && $0.contains("fail") })
        try tmux.send("q")
        _ = try #require(try tmux.waitFor("SLICEMARK_EXIT=0"))
        func label(_ name: String) -> [String] {
            let data = FileManager.default.contents(atPath: folder + "/\(name).annotations.json") ?? Data()
            let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            return (json["labels"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        }
        #expect(label("a.nii") == ["pass"])
        #expect(label("b.nii") == ["fail"])
    }

    @Test func anInvalidSidecarIsReportedAtOnceAndNeverOverwritten() throws {
        let (folder, path) = try Self.copy(Self.nifti)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let broken = Data("{ \"schema\": \"slicemark/1\", \"annotations\": [ oops".utf8)
        try broken.write(to: URL(fileURLWithPath: path + ".annotations.json"))
        let tmux = try Self.start(path)
        let opened = try #require(try tmux.waitFor(timeout: 30) { $0.contains("not a valid slicemark sidecar") })
        #expect(opened.contains("voxel ["))
        try tmux.send("m")
        _ = try #require(try tmux.waitFor("not saved"))
        // Quitting would lose the landmark: the viewer asks, and a second q goes ahead.
        try tmux.send("q")
        _ = try #require(try tmux.waitFor("again to quit anyway"))
        try tmux.send("q")
        let end = try #require(try tmux.waitFor("SLICEMARK_EXIT=0"))
        #expect(end.contains("1 annotation was not saved"))
        #expect(FileManager.default.contents(atPath: path + ".annotations.json") == broken)
    }

    @Test func anUnusableLabelSetIsRefusedBeforeTheTerminalIsTouched() throws {
        let result = try runProcess(Fixtures.executable, ["--labels", "/nonexistent/labels.json"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/labels.json"))
        #expect(result.stdout.isEmpty)
    }
}
