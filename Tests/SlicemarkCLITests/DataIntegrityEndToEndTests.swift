import Foundation
import Testing
import TestSupport

/// Marks land on the image they were made on, in the units the file supports, where the user
/// asked: images sharing DICOM UIDs keep separate sidecars, an image without pixel spacing is
/// measured in pixels, and `--sidecar-dir` keeps sidecars out of the image folder.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable))
struct DataIntegrityEndToEndTests {
    static let environment = [
        "COLORTERM": "truecolor", "TERM": "xterm-256color", "LANG": "C.UTF-8",
        "XDG_CONFIG_HOME": "/nonexistent-slicemark-config", "SLICEMARK_ANNOTATOR": "qa",
    ]

    static func folder(with names: [String]) throws -> String {
        let folder = NSTemporaryDirectory() + "slicemark-integrity-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in names {
            try FileManager.default.copyItem(atPath: Fixtures.path(name), toPath: folder + "/" + (name as NSString).lastPathComponent)
        }
        return folder
    }

    static func json(_ path: String) -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    }

    static func sidecars(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".annotations.json") }.sorted()
    }

    static func labels(_ json: [String: Any]?) -> [String] {
        (json?["labels"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }

    static func quit(_ tmux: TmuxSession) throws {
        try tmux.send("q")
        _ = try #require(try tmux.waitFor(timeout: 30) { $0.contains("SLICEMARK_EXIT=") })
        #expect(try tmux.capture().contains("SLICEMARK_EXIT=0"))
    }

    // MARK: A. Shared UIDs

    @Test func imagesSharingSeriesAndSOPInstanceUIDsKeepTheirOwnLabels() throws {
        let mr = "1.3.6.1.4.1.5962.1.3.4.1.20040826185059.5457", dose = "1.2.777.777.77.7.7777.7777"
        let folder = try Self.folder(with: ["pydicom/MR_small.dcm", "pydicom/MR_small_RLE.dcm",
                                            "pydicom/rtdose.dcm", "pydicom/rtdose_1frame.dcm"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tmux = try TmuxSession([Fixtures.executable, folder], columns: 160, rows: 30, environment: Self.environment)
        // MR_small.dcm and MR_small_RLE.dcm (one image in two transfer syntaxes) are two images,
        // and opening one names the other.
        let first = try #require(try tmux.waitFor(timeout: 30) { $0.contains("voxel [") && $0.contains("image 1/4") })
        #expect(first.contains("MR_small_RLE.dcm (64 × 64, RLE Lossless) shares Series Instance UID"))
        try tmux.send("Enter", "1", "n")
        _ = try #require(try tmux.waitFor(timeout: 30) { $0.contains("voxel [") && $0.contains("image 2/4") })
        try tmux.send("2", "n")
        _ = try #require(try tmux.waitFor(timeout: 30) { $0.contains("voxel [") && $0.contains("image 3/4") })
        try tmux.send("3", "n")
        _ = try #require(try tmux.waitFor(timeout: 30) { $0.contains("voxel [") && $0.contains("image 4/4") })
        try tmux.send("1")
        _ = try #require(try tmux.waitFor("pass"))
        try Self.quit(tmux)

        let expected: [(name: String, labels: [String], file: String, dimensions: [Int])] = [
            ("\(dose).annotations.json", ["unsure"], "rtdose.dcm", [10, 10, 15]),
            ("\(dose).rtdose_1frame.dcm.annotations.json", ["pass"], "rtdose_1frame.dcm", [10, 10, 1]),
            ("\(mr).MR_small_RLE.dcm.annotations.json", ["fail"], "MR_small_RLE.dcm", [64, 64, 1]),
            ("\(mr).annotations.json", ["pass"], "MR_small.dcm", [64, 64, 1]),
        ]
        #expect(Self.sidecars(in: folder) == expected.map(\.name).sorted())
        for e in expected {
            let json = Self.json(folder + "/" + e.name)
            #expect(Self.labels(json) == e.labels, "\(e.name)")
            let image = json?["image"] as? [String: Any]
            let files = (image?["files"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(files == [e.file], "\(e.name)")
            #expect((json?["geometry"] as? [String: Any])?["dimensions"] as? [Int] == e.dimensions, "\(e.name)")
        }
        // The worklist reads the same four sidecars, each for its own image, named by its file.
        let status = try runProcess(Fixtures.executable, ["status", "--json", folder])
        let report = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        let images = report?["images"] as? [[String: Any]] ?? []
        var labelsByFile: [String: [String]] = [:]
        for image in images {
            let name = ((image["image"] as? String ?? "") as NSString).lastPathComponent
            labelsByFile[name] = (image["labels"] as? [[String: Any]] ?? []).compactMap { ($0["label"] as? String)?.components(separatedBy: ":").last }
        }
        #expect(labelsByFile == ["MR_small.dcm": ["pass"], "MR_small_RLE.dcm": ["fail"],
                                 "rtdose.dcm": ["unsure"], "rtdose_1frame.dcm": ["pass"]], "\(status.stdout)")
    }

    // MARK: B. Unknown pixel spacing

    @Test func withoutPixelSpacingRulersAndAreasAreInPixels() throws {
        let folder = try Self.folder(with: ["pydicom/examples_rgb_color.dcm"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tmux = try TmuxSession([Fixtures.executable, folder + "/examples_rgb_color.dcm"], columns: 160, rows: 30,
                                   environment: Self.environment)
        let opened = try #require(try tmux.waitFor(timeout: 30) { $0.contains("voxel [") })
        #expect(opened.contains("the pixel size is unknown, so lengths are in px and areas in px²"))
        #expect(opened.contains("LPS unknown (no pixel spacing)"))
        try tmux.send("d", "L", "L", "L", "d")
        let ruler = try #require(try tmux.waitFor("distance 1: "))
        #expect(ruler.contains("distance 1: 30.00 px"))
        #expect(!ruler.contains("30.00 mm"))
        try tmux.send("r", "L", "J", "r")
        let box = try #require(try tmux.waitFor("rectangle 1: "))
        #expect(box.contains(" px²"))
        #expect(!box.contains("mm²"))
        try Self.quit(tmux)

        let name = try #require(Self.sidecars(in: folder).first)
        let json = try #require(Self.json(folder + "/" + name))
        #expect((json["geometry"] as? [String: Any])?["spacingSource"] as? String == "unknown")
        let annotations = json["annotations"] as? [[String: Any]] ?? []
        let distance = try #require(annotations.first { $0["kind"] as? String == "distance" })
        #expect(distance["lengthPx"] as? Double == 30)
        #expect(distance["lengthMM"] == nil)
        let rectangle = try #require(annotations.first { $0["kind"] as? String == "rectangle" })
        let statistics = try #require(rectangle["statistics"] as? [String: Any])
        #expect(statistics["areaMM2"] == nil)
        #expect(statistics["areaPx2"] as? Double == (statistics["pixelCount"] as? Int).map(Double.init))
        let validation = try runProcess(Fixtures.path("venv/bin/python"),
                                        [Fixtures.repositoryRoot.appendingPathComponent("scripts/validate-sidecar.py").path,
                                         folder + "/" + name])
        #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
    }

    /// The same ruler on an image with Pixel Spacing is in millimetres, by pydicom's spacing.
    @Test func withPixelSpacingTheRulerIsInMillimetresAsPydicomReadsThem() throws {
        let folder = try Self.folder(with: ["pydicom/MR_small.dcm"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let script = "import pydicom,sys; print(float(pydicom.dcmread(sys.argv[1]).PixelSpacing[1]))"
        let column = try #require(Double(try runProcess(Fixtures.path("venv/bin/python"), ["-c", script, folder + "/MR_small.dcm"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let tmux = try TmuxSession([Fixtures.executable, folder + "/MR_small.dcm"], columns: 160, rows: 30,
                                   environment: Self.environment)
        let opened = try #require(try tmux.waitFor(timeout: 30) { $0.contains("voxel [") })
        #expect(!opened.contains("pixel size is unknown"))
        try tmux.send("d", "L", "L", "L", "d")
        let ruler = try #require(try tmux.waitFor("distance 1: "))
        #expect(ruler.contains(String(format: "distance 1: %.2f mm", 30 * column)))
        try Self.quit(tmux)
        let name = try #require(Self.sidecars(in: folder).first)
        let json = try #require(Self.json(folder + "/" + name))
        let distance = try #require((json["annotations"] as? [[String: Any]])?.first)
        #expect(abs((distance["lengthMM"] as? Double ?? 0) - 30 * column) < 1e-9)
        #expect(distance["lengthPx"] == nil)
    }

    // MARK: C. --sidecar-dir

    @Test func sidecarDirKeepsSidecarsAndAuditLogsOutOfTheImageFolder() throws {
        let images = try Self.folder(with: ["nibabel/anatomical.nii"])
        let sidecars = NSTemporaryDirectory() + "slicemark-sidecars-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: sidecars, withIntermediateDirectories: true)
        defer {
            try? FileManager.default.removeItem(atPath: images)
            try? FileManager.default.removeItem(atPath: sidecars)
        }
        let arguments = [Fixtures.executable, "view", "--sidecar-dir", sidecars, images + "/anatomical.nii"]

        // Viewing only writes nothing, there or here.
        var tmux = try TmuxSession(arguments, columns: 120, rows: 30, environment: Self.environment)
        _ = try #require(try tmux.waitFor(timeout: 30) { $0.contains("voxel [") })
        try tmux.send("]", "l")
        try Self.quit(tmux)
        #expect(try FileManager.default.contentsOfDirectory(atPath: sidecars).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: images) == ["anatomical.nii"])

        tmux = try TmuxSession(arguments, columns: 120, rows: 30, environment: Self.environment)
        _ = try #require(try tmux.waitFor(timeout: 30) { $0.contains("voxel [") })
        try tmux.send("2")
        _ = try #require(try tmux.waitFor("fail"))
        try Self.quit(tmux)
        #expect(try FileManager.default.contentsOfDirectory(atPath: images) == ["anatomical.nii"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: sidecars).sorted()
            == ["anatomical.nii.annotations.audit.jsonl", "anatomical.nii.annotations.json"])
        #expect(Self.labels(Self.json(sidecars + "/anatomical.nii.annotations.json")) == ["fail"])

        // Opened again, the label is read back from there.
        tmux = try TmuxSession(arguments, columns: 120, rows: 30, environment: Self.environment)
        _ = try #require(try tmux.waitFor(timeout: 30) { $0.contains("voxel [") && $0.contains("fail") })
        try Self.quit(tmux)
    }

    @Test func aSidecarDirThatDoesNotExistIsOneLineAndWritesNothing() throws {
        let missing = NSTemporaryDirectory() + "slicemark-missing-\(UUID().uuidString)"
        let result = try runProcess(Fixtures.executable, ["view", "--sidecar-dir", missing, Fixtures.path("nibabel/anatomical.nii")])
        #expect(result.status == 2)
        #expect(result.stderr == "slicemark: --sidecar-dir \(missing): no such folder (create it first)\n")
        #expect(!FileManager.default.fileExists(atPath: missing))
    }
}
