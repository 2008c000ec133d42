import Foundation
import Testing
import TestSupport

/// Painting label maps in the built viewer in tmux, on copies of a real NIfTI file and a real
/// DICOM series; the saved label map read back by nibabel and SimpleITK
/// (`scripts/check-labelmap.py`): its grid and affine are the image's, the painted voxel is the
/// cursor's, the sidecar's record names its SHA-256.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable))
struct LabelMapEndToEndTests {
    typealias E2E = AnnotatingEndToEndTests

    static func check(_ mode: String, _ job: [String: Any]) throws -> [String: Any] {
        try PythonCheck.run("scripts/check-labelmap.py", mode, job)
    }

    static func files(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    static func segmentation(_ json: [String: Any]) -> [String: Any]? {
        (json["segmentations"] as? [[String: Any]])?.first
    }

    static func sha256(_ path: String) throws -> String {
        let result = try runProcess("/usr/bin/sha256sum", [path])
        return String(result.stdout.prefix(64))
    }

    /// Paints a 3-voxel-radius disc with label 2 at the cursor moved from the centre, waits for
    /// the save, quits; returns the voxel painted.
    static func paint(_ tmux: TmuxSession) throws -> [Int] {
        _ = try #require(try tmux.waitFor(timeout: 30) { $0.contains("voxel [") && $0.contains("annotator e2e") })
        try tmux.send("b", "2", "l", "l", "j", "Space")
        let painted = try #require(try tmux.waitFor("painted: label 2"))
        #expect(painted.contains("label 2 Label 2"), "the readout names the label under the cursor")
        return try #require(E2E.statusVoxel(painted))
    }

    @Test func aBrushStrokeOnANIfTIImageOpensAlignedInNibabel() throws {
        let (folder, path) = try E2E.copy(.init(fixture: "nibabel/anatomical.nii", isFolder: false))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tmux = try E2E.start(path)
        let voxel = try Self.paint(tmux)
        try tmux.send("q")
        _ = try #require(try tmux.waitFor("SLICEMARK_EXIT=0"))
        #expect(Self.files(in: folder) == ["anatomical.nii", "anatomical.nii.annotations.audit.jsonl", "anatomical.nii.annotations.json",
                                          "anatomical.nii.e2e.seg.nii.gz", "anatomical.nii.e2e.seg.txt"])
        let mask = folder + "/anatomical.nii.e2e.seg.nii.gz"
        let read = try Self.check("nifti", ["files": [["mask": mask, "image": path, "voxels": [voxel, [0, 0, 0]]]]])
        let entry = try #require((read["files"] as? [[String: Any]])?.first)
        #expect(entry["values"] as? [Int] == [2, 0])
        #expect(entry["labels"] as? [Int] == [0, 2])
        for key in ["sform", "qform"] {
            let got = try #require(entry[key] as? [[Double]]), want = try #require(entry["image_affine"] as? [[Double]])
            for r in 0..<4 { for c in 0..<4 { #expect(abs(got[r][c] - want[r][c]) < 1e-4, "\(key) [\(r)][\(c)]") } }
        }
        let json = try #require(try E2E.sidecar(in: folder))
        let record = try #require(Self.segmentation(json))
        #expect(record["file"] as? String == "anatomical.nii.e2e.seg.nii.gz")
        #expect(record["sha256"] as? String == (try Self.sha256(mask)))
        #expect((record["segments"] as? [[String: Any]] ?? []).contains { $0["value"] as? Int == 2 })
        let table = try String(contentsOfFile: folder + "/anatomical.nii.e2e.seg.txt", encoding: .utf8)
        #expect(table.contains("\"Label 2\""))
        #expect(try E2E.schemaProblems(in: folder) == "")
        let audit = try String(contentsOfFile: folder + "/anatomical.nii.annotations.audit.jsonl", encoding: .utf8)
        #expect(audit.contains("label 2 Label 2 +"))
        let stroke = audit.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }.last { $0["record"] as? String == "segmentation" }
        #expect((stroke?["after"] as? [String: Any])?["sha256"] as? String == (try Self.sha256(mask)),
                "the audit line names the hash of the label map the stroke went into")
    }

    @Test func aBrushStrokeOnADICOMSeriesOpensAlignedInSimpleITK() throws {
        let (_, path) = try E2E.copy(E2E.dicom)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let tmux = try E2E.start(path)
        let voxel = try Self.paint(tmux)
        try tmux.send("q")
        _ = try #require(try tmux.waitFor("SLICEMARK_EXIT=0"))
        let mask = try #require(Self.files(in: path).first { $0.hasSuffix(".e2e.seg.nii.gz") })
        let read = try Self.check("dicom", ["series": path, "mask": path + "/" + mask, "voxels": [voxel]])
        let series = try #require(read["series"] as? [String: Any]), labels = try #require(read["mask"] as? [String: Any])
        for key in ["origin", "spacing", "direction"] {
            let a = try #require(series[key] as? [Double]), b = try #require(labels[key] as? [Double])
            #expect(a.count == b.count)
            for (x, y) in zip(a, b) { #expect(abs(x - y) < 1e-3, "\(key): series \(a), mask \(b)") }
        }
        #expect(series["size"] as? [Int] == labels["size"] as? [Int])
        #expect(read["values"] as? [Int] == [2])
        let json = try #require(try E2E.sidecar(in: path))
        let record = try #require(Self.segmentation(json))
        #expect(record["sha256"] as? String == (try Self.sha256(path + "/" + mask)))
    }

    @Test func eraseUndoAndReopenGoOnWithTheSavedMap() throws {
        let (folder, path) = try E2E.copy(.init(fixture: "nibabel/anatomical.nii", isFolder: false))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var tmux = try E2E.start(path)
        let voxel = try Self.paint(tmux)
        try tmux.send("E", "Space")
        _ = try #require(try tmux.waitFor("erased: label 2"))
        try tmux.send("u")
        _ = try #require(try tmux.waitFor("undone: label 2"))
        try tmux.send("q")
        _ = try #require(try tmux.waitFor("SLICEMARK_EXIT=0"))
        tmux.close()
        tmux = try E2E.start(path)
        _ = try #require(try tmux.waitFor(timeout: 30) { $0.contains("label maps: yours") })
        try tmux.send(contentsOf: [":", "goto \(voxel[0]) \(voxel[1]) \(voxel[2])", "Enter"])
        let there = try #require(try tmux.waitFor("label 2 Label 2"))
        #expect(E2E.statusVoxel(there) == voxel)
        try tmux.send("q")
        _ = try #require(try tmux.waitFor("SLICEMARK_EXIT=0"))
    }

    @Test func aLabelMapOnAnotherGridIsRefusedInOneLine() throws {
        let (folder, path) = try E2E.copy(.init(fixture: "nibabel/anatomical.nii", isFolder: false))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try Self.check("make", ["files": [["path": folder + "/other.nii.gz", "dtype": "uint8", "shape": [4, 5, 6],
                                                       "affine": [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]],
                                                       "set": [[1, 1, 1, 3]]]]])
        let tmux = try TmuxSession([Fixtures.executable, path, "--seg", folder + "/other.nii.gz"], columns: 120, rows: 30,
                                   environment: E2E.environment)
        let screen = try #require(try tmux.waitFor(timeout: 30) { $0.contains("does not fit") })
        #expect(screen.contains("other.nii.gz does not fit anatomical.nii"))
        #expect(screen.contains("dimensions 4×5×6"))
        try tmux.send("q")
        _ = try #require(try tmux.waitFor("SLICEMARK_EXIT=0"))
        #expect(Self.files(in: folder) == ["anatomical.nii", "other.nii.gz"])
    }

    @Test func anExternalLabelMapIsDrawnInItsColoursAndNamedUnderTheCursor() throws {
        let (folder, path) = try E2E.copy(.init(fixture: "nibabel/anatomical.nii", isFolder: false))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A mask written by nibabel on the image's own grid, labelling the whole middle slice 5,
        // with an ITK-SNAP label file naming 5 "Tumour" in pure blue.
        let script = """
        import nibabel as nib, numpy as np, sys
        img = nib.load(sys.argv[1]); data = np.zeros(img.shape[:3], np.int16)
        data[:, :, img.shape[2] // 2] = 5
        nib.save(nib.Nifti1Image(data, img.affine), sys.argv[2])
        """
        let result = try runProcess(Fixtures.path("venv/bin/python"), ["-c", script, path, folder + "/mask.nii.gz"])
        #expect(result.status == 0, "\(result.stderr)")
        try "0 0 0 0 0 0 0 \"Clear Label\"\n5 0 0 255 1 1 1 \"Tumour\"\n".write(toFile: folder + "/labels.txt", atomically: true, encoding: .utf8)
        let tmux = try TmuxSession([Fixtures.executable, path, "--seg", folder + "/mask.nii.gz", "--seg-labels", folder + "/labels.txt"],
                                   columns: 100, rows: 30, environment: E2E.environment)
        let screen = try #require(try tmux.waitFor(timeout: 30) { $0.contains("label 5 Tumour (mask.nii.gz)") })
        #expect(screen.contains("label maps: mask.nii.gz"))
        let captured = CapturedScreen(try tmux.capture(escapes: true))
        // Blue blended at 50 % over grey: somewhere the blue channel is well above red and green.
        let pixels = captured.rows.flatMap { $0 }.compactMap(\.pixels).flatMap { [$0.top, $0.bottom] }
        #expect(pixels.contains { $0.count == 3 && $0[2] > $0[0] + 60 && $0[2] > $0[1] + 60 })
        try tmux.send("V", "V")
        _ = try #require(try tmux.waitFor("label maps: hidden"))
        try tmux.send("q")
        _ = try #require(try tmux.waitFor("SLICEMARK_EXIT=0"))
        #expect(Self.files(in: folder) == ["anatomical.nii", "labels.txt", "mask.nii.gz"])
    }

    @Test func anotherAnnotatorsMapIsOutlinedAndABlindReadHidesIt() throws {
        let (folder, path) = try E2E.copy(.init(fixture: "nibabel/anatomical.nii", isFolder: false))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func start(_ who: String, _ extra: [String] = []) throws -> TmuxSession {
            var environment = E2E.environment
            environment["SLICEMARK_ANNOTATOR"] = who
            return try TmuxSession([Fixtures.executable, path] + extra, columns: 120, rows: 30, environment: environment)
        }
        var tmux = try start("alice")
        _ = try #require(try tmux.waitFor(timeout: 30) { $0.contains("annotator alice") })
        try tmux.send("b", "Space")
        _ = try #require(try tmux.waitFor("painted: label 1"))
        try tmux.send("q")
        _ = try #require(try tmux.waitFor("SLICEMARK_EXIT=0"))
        tmux.close()
        let alices = try Self.sha256(folder + "/anatomical.nii.alice.seg.nii.gz")

        tmux = try start("bob")
        let seen = try #require(try tmux.waitFor(timeout: 30) { $0.contains("label 1 Label 1 (alice)") })
        #expect(seen.contains("label maps: alice"))
        try tmux.send("b", "2", "Space")
        let painted = try #require(try tmux.waitFor("painted: label 2"))
        #expect(painted.contains("label 2 Label 2"), "your own map comes first under the cursor")
        try tmux.send("q")
        _ = try #require(try tmux.waitFor("SLICEMARK_EXIT=0"))
        tmux.close()
        #expect(try Self.sha256(folder + "/anatomical.nii.alice.seg.nii.gz") == alices, "alice's map is never written by bob")
        let json = try #require(try E2E.sidecar(in: folder))
        let records = json["segmentations"] as? [[String: Any]] ?? []
        #expect(Set(records.compactMap { $0["annotator"] as? String }) == ["alice", "bob"])

        tmux = try start("carol", ["--blind"])
        let blind = try #require(try tmux.waitFor(timeout: 30) { $0.contains("annotator carol") && $0.contains("voxel [") })
        #expect(!blind.contains("(alice)") && !blind.contains("(bob)"))
        try tmux.send("q")
        _ = try #require(try tmux.waitFor("SLICEMARK_EXIT=0"))
    }

    /// Painting with the pen down, killed with SIGKILL at some moment of a burst of strokes:
    /// the label map left is whole, and the sidecar names its hash. Three kills at different
    /// moments of the saving cycle.
    @Test(arguments: [0.35, 0.8, 1.3])
    func aKillWhilePaintingLeavesALabelMapTheSidecarsHashNames(after seconds: Double) throws {
        let (folder, path) = try E2E.copy(.init(fixture: "nibabel/anatomical.nii", isFolder: false))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tmux = try E2E.start(path)
        _ = try #require(try tmux.waitFor(timeout: 30) { $0.contains("voxel [") && $0.contains("annotator e2e") })
        try tmux.send("b", "Space")
        _ = try #require(try tmux.waitFor("painted: label 1"))
        let pid = try #require(try tmux.programPID())
        let started = Date()
        var moves = 0
        while Date().timeIntervalSince(started) < seconds {
            try tmux.send(moves % 2 == 0 ? "l" : "j", "Space")
            moves += 1
        }
        kill(pid, SIGKILL)
        let deadline = Date().addingTimeInterval(5)
        while kill(pid, 0) == 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        let mask = folder + "/anatomical.nii.e2e.seg.nii.gz"
        let read = try Self.check("nifti", ["files": [["mask": mask, "voxels": []]]])
        let entry = try #require((read["files"] as? [[String: Any]])?.first)
        #expect(entry["shape"] as? [Int] == [33, 41, 25])
        #expect((entry["labels"] as? [Int] ?? []).contains(1))
        let json = try #require(try E2E.sidecar(in: folder))
        #expect(Self.segmentation(json)?["sha256"] as? String == (try Self.sha256(mask)))
        #expect(Self.files(in: folder).allSatisfy { !$0.contains(".tmp-") })
    }

    @Test func dicomSegmentationsGoOverTheirSeriesAndOneAloneShowsAsLabels() throws {
        let folder = NSTemporaryDirectory() + "slicemark-seg-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: Fixtures.path("generated/seg/ct_oblique"), toPath: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var tmux = try TmuxSession([Fixtures.executable, folder], columns: 140, rows: 30, environment: E2E.environment)
        let screen = try #require(try tmux.waitFor(timeout: 30) { $0.contains("voxel [") && $0.contains("(seg_binary.dcm)") })
        #expect(!screen.contains("image 1/"), "the segmentations are not listed as images of their own")
        try tmux.send("q")
        _ = try #require(try tmux.waitFor("SLICEMARK_EXIT=0"))
        tmux.close()
        #expect(Self.files(in: folder).allSatisfy { !$0.contains("annotations") && !$0.contains(".seg.") }, "viewing writes nothing")

        tmux = try TmuxSession([Fixtures.executable, Fixtures.path("generated/seg/liver.dcm")], columns: 120, rows: 30,
                               environment: E2E.environment)
        let liver = try #require(try tmux.waitFor(timeout: 30) { $0.contains("label 1 Liver (liver.dcm)") })
        #expect(liver.contains("slice 2/3"))
        try tmux.send("q")
        _ = try #require(try tmux.waitFor("SLICEMARK_EXIT=0"))
    }

    @Test func growFillBetweenSlicesAndUndoOnADICOMSeries() throws {
        let (_, path) = try E2E.copy(E2E.dicom)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let tmux = try E2E.start(path)
        let opened = try #require(try tmux.waitFor(timeout: 30) { $0.contains("voxel [") && $0.contains("annotator e2e") })
        let value = try #require(opened.range(of: #"│ -?\d+ HU"#, options: .regularExpression).map { opened[$0] })
        let hu = try #require(Int(value.dropFirst(2).dropLast(3)))
        try tmux.send(contentsOf: [":", "grow \(hu - 40) \(hu + 40)", "Enter"])
        _ = try #require(try tmux.waitFor("grown: label 1 Label 1 +"))
        try tmux.send("u")
        _ = try #require(try tmux.waitFor("undone: label 1"))
        // Two discs two slices apart, then the slice between them filled.
        try tmux.send(contentsOf: [":", "brush 3", "Enter"])
        try tmux.send("Space", "]", "]", "Space", "C-e")
        _ = try #require(try tmux.waitFor("preview:"))
        try tmux.send("Enter")
        _ = try #require(try tmux.waitFor("filled between slices: label 1 Label 1 +"))
        try tmux.send("[")
        _ = try #require(try tmux.waitFor("label 1 Label 1 │"))
        try tmux.send("q")
        _ = try #require(try tmux.waitFor("SLICEMARK_EXIT=0"))
        let json = try #require(try E2E.sidecar(in: path))
        let audit = try String(contentsOfFile: path + "/" + (Self.files(in: path).first { $0.hasSuffix(".audit.jsonl") } ?? ""), encoding: .utf8)
        #expect(audit.contains("grown: label 1") && audit.contains("undone: label 1") && audit.contains("filled between slices"))
        #expect(Self.segmentation(json) != nil)
    }
}
