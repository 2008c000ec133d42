import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import Annotations

/// Sidecars made with real sessions and the store on real sample files, for the export tests.
enum ExportFixture {
    static let t0 = Timestamp(millisecondsSince1970: 1_764_000_000_000)

    struct Made {
        var folder: TemporaryFolder
        var image: String
        var volume: Volume
        var sidecar: String
        /// alice's landmarks, rectangle, ellipse, distance; bob's landmark; the net's proposal.
        var alice: [UUID] = []
        var bob: UUID?
        var proposal: UUID?
        var reviewed: UUID?
    }

    static func session(_ store: AnnotationStore, _ annotator: String, seconds: Int64) throws -> AnnotationSession {
        let set = LabelSet(name: "qa", labels: [.init(name: "pass", color: "#00ff00"), .init(name: "fail", color: "#ff0000")])
        return AnnotationSession(document: try store.load().document, annotator: annotator,
                                 ids: RecordIDs(seed: UInt64(seconds) + 7), now: Timestamp(millisecondsSince1970: t0.millisecondsSince1970 + seconds * 1000),
                                 labelSet: set)
    }

    /// Copies `relative` (a file, or a DICOM series folder) into a new folder and annotates it:
    /// alice draws two landmarks, a rectangle, an ellipse and a distance, sets label `pass`
    /// and paints a label map (values 1 and 2); bob places a landmark, which a reviewer
    /// accepts; a model's landmark is added as a proposal.
    static func make(_ relative: String, labelMap: Bool = true) throws -> Made {
        let folder = try TemporaryFolder()
        let source = Fixtures.path(relative)
        let image = folder.file((relative as NSString).lastPathComponent)
        try FileManager.default.copyItem(atPath: source, toPath: image)
        let volume = try VolumeLoader.load(path: image)
        let store = try AnnotationStore(volume: volume)
        let (w, h, d) = (volume.width, volume.height, volume.depth)
        let k = d / 2
        let plane = volume.nativePlane
        var made = Made(folder: folder, image: image, volume: volume, sidecar: store.sidecarPath)

        var alice = try session(store, "alice", seconds: 10)
        _ = alice.placeLandmark(at: [w / 3, h / 3, k], plane: plane, volume: volume)
        _ = alice.placeLandmark(at: [w / 2, h / 2, k], plane: plane, volume: volume)
        _ = alice.click(.rectangle, at: [2, 3, k], plane: plane, volume: volume)
        _ = alice.click(.rectangle, at: [w / 2, h / 3, k], plane: plane, volume: volume)
        _ = alice.click(.ellipse, at: [w / 4, h / 4, k], plane: plane, volume: volume)
        _ = alice.click(.ellipse, at: [w / 2, h / 2 + 2, k], plane: plane, volume: volume)
        _ = alice.click(.distance, at: [1, 1, k], plane: plane, volume: volume)
        _ = alice.click(.distance, at: [w - 2, h - 2, k], plane: plane, volume: volume)
        _ = alice.click(.polygon, at: [3, h - 6, k], plane: plane, volume: volume)
        _ = alice.click(.polygon, at: [8, h - 4, k], plane: plane, volume: volume)
        _ = alice.click(.polygon, at: [5, h - 2, k], plane: plane, volume: volume)
        _ = alice.closePolygon(volume: volume)
        _ = alice.toggleLabel(number: 1, at: [0, 0, k])
        made.alice = alice.document.annotations.filter { $0.annotator == "alice" }.map(\.id)
        var companions: [AnnotationStore.CompanionFile] = []
        var saved = alice.document
        if labelMap {
            var map = LabelMap(grid: volume)
            for j in 2..<6 { for i in 2..<7 { map[i, j, k] = 1 } }
            map[w - 3, h - 3, max(0, k - 1)] = 2
            let bytes = try LabelMapNIfTIWriter.gzippedBytes(map)
            let path = SidecarLocation.labelMapPath(forSidecar: store.sidecarPath, annotator: "alice")
            let id = alice.recordLabelMapChange(file: (path as NSString).lastPathComponent,
                                                segments: [.init(value: 1, name: "liver", color: "#ff0000"),
                                                           .init(value: 2, name: "spleen", color: "#00ff00")], summary: "test strokes")
            saved = alice.document.withLabelMapHash(ContentHash.hex(of: bytes), of: id)
            companions.append(.init(path: path, bytes: bytes))
        }
        _ = try store.save(saved, audit: alice.takeAuditEvents(), companions: companions)

        var bob = try session(store, "bob", seconds: 20)
        _ = bob.placeLandmark(at: [w / 3 + 1, h / 3 + 2, k], plane: plane, volume: volume)
        made.bob = bob.document.annotations.first { $0.annotator == "bob" }?.id
        _ = try store.save(bob.document, audit: bob.takeAuditEvents())

        var reviewer = try session(store, "rev", seconds: 30)
        _ = reviewer.review(.accept, of: try #require(made.bob))
        _ = try store.save(reviewer.document, audit: reviewer.takeAuditEvents())
        made.reviewed = made.bob

        var document = try store.load().document
        let proposal = Annotation(id: UUID(uuidString: "00000000-0000-4000-8000-0000000000aa")!, kind: .landmark, label: "model point",
                                  annotator: "net", created: Timestamp(millisecondsSince1970: t0.millisecondsSince1970 + 40_000),
                                  plane: plane, points: [AnnotationPoint(voxel: [w / 2 + 1, h / 2, k], geometry: volume.geometry)],
                                  source: .model(name: "net", version: "1"), status: .proposed)
        document.annotations.append(proposal)
        _ = try store.save(document)
        made.proposal = proposal.id
        return made
    }

    static func export(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(Fixtures.executable, ["export"] + arguments)
    }

    static func check(_ mode: String, _ job: [String: Any]) throws -> [String: Any] {
        try PythonCheck.run("scripts/reference/export_check.py", mode, job)
    }

    /// Every file under `folder` (relative path → bytes).
    static func tree(_ folder: String) -> [String: Data] {
        var out: [String: Data] = [:]
        guard let e = FileManager.default.enumerator(atPath: folder) else { return out }
        for case let relative as String in e {
            let path = (folder as NSString).appendingPathComponent(relative)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
                out[relative] = FileManager.default.contents(atPath: path)
            }
        }
        return out
    }

    static func manifest(_ out: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/" + Exporter.manifestName))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static let schema = Fixtures.repositoryRoot.appendingPathComponent("Tests/Fixtures/slicer/markups-schema-v1.0.4.json").path
    static let series = "pydicom/dicomdirtests/98892001/CT5N"
}

@Suite(.serialized) struct ExportCSVTests {
    @Test(arguments: ["nibabel/anatomical.nii", ExportFixture.series])
    func csvReadByPandasAgreesWithTheSidecar(relative: String) throws {
        let made = try ExportFixture.make(relative)
        defer { made.folder.cleanUp() }
        let out = made.folder.file("out")
        let run = try ExportFixture.export(["--format", "csv", "--out", out, made.image])
        #expect(run.status == 0, "\(run.stderr)")
        let read = try ExportFixture.check("csv", ["csv": out + "/annotations.csv", "sidecars": [made.sidecar]])
        #expect(read["columns"] as? [String] == CSVExport.columns)
        #expect((read["mismatches"] as? [String]) == [])
        // 2 + 1 landmarks, a rectangle, an ellipse and a distance of 2 points each, a polygon of
        // 3; the label row.
        #expect(read["compared"] as? Int == 12)
        #expect(read["rows"] as? Int == 13)
        #expect(read["kinds"] as? [String] == ["distance", "ellipse", "label", "landmark", "polygon", "rectangle"])
        #expect(read["annotators"] as? [String] == ["alice", "bob"], "the proposal is left out unless asked for")
        if relative == ExportFixture.series {
            let sops = try #require(read["sop_uids"] as? [String])
            let files = try #require(read["files"] as? [String])
            #expect(sops.count == 1 && files.count == 1, "every point lies on the middle slice: \(sops) \(files)")
            let k = made.volume.depth / 2
            #expect(files == [made.volume.metadata.slices[k].file])
            #expect((read["dicom_mismatches"] as? [String]) == [], "pydicom reads the row's SOP and series UIDs in its file")
        } else {
            #expect((read["sop_uids"] as? [String]) == [])
        }
        let manifest = try ExportFixture.manifest(out)
        let images = try #require(manifest["images"] as? [[String: Any]])
        let sidecarHash = try ContentHash.hex(ofFile: made.sidecar)
        #expect(images.first?["sidecarSHA256"] as? String == sidecarHash)
    }

    @Test func twoExportsOfUnchangedInputsAreIdentical() throws {
        let made = try ExportFixture.make("nibabel/anatomical.nii")
        defer { made.folder.cleanUp() }
        for format in ["csv", "slicer", "coco", "nnunet", "monai", "labelmap"] {
            // The same command twice (the manifest records the command line), the first
            // export removed in between so nothing of it can be left over.
            let out = made.folder.file("out-\(format)")
            var trees: [[String: Data]] = []
            for _ in 0..<2 {
                try? FileManager.default.removeItem(atPath: out)
                let run = try ExportFixture.export(["--format", format, "--out", out, made.image])
                #expect(run.status == 0, "\(format): \(run.stderr)")
                trees.append(ExportFixture.tree(out))
            }
            let first = trees[0], second = trees[1]
            #expect(!first.isEmpty)
            #expect(first == second, "\(format): the two exports differ")
        }
    }

    @Test func filtersSelectExactlyTheRecordsAskedFor() throws {
        let made = try ExportFixture.make("nibabel/anatomical.nii", labelMap: false)
        defer { made.folder.cleanUp() }
        func ids(_ extra: [String]) throws -> Set<String> {
            let out = made.folder.file("out-\(UUID().uuidString)")
            let run = try ExportFixture.export(["--format", "csv", "--out", out] + extra + [made.image])
            #expect(run.status == 0, "\(extra): \(run.stderr)")
            let read = try ExportFixture.check("csv", ["csv": out + "/annotations.csv", "sidecars": [made.sidecar]])
            return Set(read["ids"] as? [String] ?? [])
        }
        let document = try SidecarCoding.decode(Array(try Data(contentsOf: URL(fileURLWithPath: made.sidecar))), path: made.sidecar)
        let idOf = { (u: UUID) in u.uuidString.lowercased() }
        let label = try #require(document.labels.first)
        let bob = try #require(made.bob), proposal = try #require(made.proposal)
        #expect(try ids(["--annotator", "bob"]) == [idOf(bob)])
        #expect(try ids(["--status", "proposed"]) == [idOf(proposal)])
        #expect(try ids(["--kind", "landmark"]) == Set(document.annotations.filter { $0.kind == .landmark && $0.status == nil }.map { idOf($0.id) }))
        #expect(try ids(["--kind", "label"]) == [idOf(label.id)])
        #expect(try ids(["--label", "qa:pass"]) == [idOf(label.id)])
        #expect(try ids(["--review", "accept"]) == [idOf(bob)])
        #expect(try ids(["--since", ExportFixture.t0.iso8601]).count == 8)
        let later = Timestamp(millisecondsSince1970: ExportFixture.t0.millisecondsSince1970 + 15_000).iso8601
        #expect(try ids(["--since", later]) == [idOf(bob)], "alice's records are older, the proposal left out")
        #expect(try ids(["--annotator", "alice", "--kind", "rectangle"]).count == 1)
        #expect(try ids(["--annotator", "nobody"]).isEmpty)
    }

    @Test func eachRecordExportedIsALineOfItsImagesAuditLogAndTheChainHolds() throws {
        let made = try ExportFixture.make("nibabel/anatomical.nii", labelMap: false)
        defer { made.folder.cleanUp() }
        let out = made.folder.file("out-audit")
        let run = try ExportFixture.export(["--format", "csv", "--annotator", "bob", "--out", out, made.image])
        #expect(run.status == 0, "\(run.stderr)")
        let log = try String(contentsOfFile: SidecarLocation.auditPath(forSidecar: made.sidecar), encoding: .utf8)
        let exports = log.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }.filter { $0["action"] as? String == "export" }
        let bob = try #require(made.bob)
        #expect(exports.map { $0["id"] as? String } == [bob.uuidString.lowercased()] || exports.map { $0["id"] as? String } == [bob.uuidString])
        #expect(exports.first?["format"] as? String == "csv")
        #expect((exports.first?["destination"] as? String).map { URL(fileURLWithPath: $0).standardizedFileURL.path }
                == URL(fileURLWithPath: out).standardizedFileURL.path)
        let verify = try runProcess(Fixtures.executable, ["audit", "verify", made.sidecar])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let dry = try ExportFixture.export(["--format", "csv", "--dry-run", "--out", out + "-dry", made.image])
        #expect(dry.status == 0)
        #expect(try String(contentsOfFile: SidecarLocation.auditPath(forSidecar: made.sidecar), encoding: .utf8) == log,
                "a dry run records nothing")
    }

    @Test func dryRunWritesNothing() throws {
        let made = try ExportFixture.make("nibabel/anatomical.nii")
        defer { made.folder.cleanUp() }
        let before = ExportFixture.tree(made.folder.path)
        let out = made.folder.file("out")
        let run = try ExportFixture.export(["--format", "nnunet", "--dry-run", "--out", out, made.folder.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("would write \(out)/Dataset001_slicemark/dataset.json"))
        #expect(run.stdout.contains("imagesTr/anatomical_alice_0000.nii.gz"))
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(ExportFixture.tree(made.folder.path) == before)
    }

    @Test func badOptionsAreUsageErrors() throws {
        for bad in [["--format", "xml"], ["--format", "csv", "--status", "maybe"], ["--format", "csv", "--kind", "blob"],
                    ["--format", "csv", "--since", "yesterday"], ["--format", "csv", "--review", "ok"]] {
            let run = try ExportFixture.export(bad + ["--out", "/nonexistent/out", Fixtures.path("nibabel/anatomical.nii")])
            #expect(run.status == 2, "\(bad): \(run.status) \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: "/nonexistent/out"))
        }
    }

    @Test func aSymbolicLinkInTheOutputIsNotWrittenThrough() throws {
        let made = try ExportFixture.make("nibabel/anatomical.nii", labelMap: false)
        defer { made.folder.cleanUp() }
        let out = made.folder.file("out"), target = made.folder.file("elsewhere.csv")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: target))
        try FileManager.default.createSymbolicLink(atPath: out + "/annotations.csv", withDestinationPath: target)
        let run = try ExportFixture.export(["--format", "csv", "--out", out, made.image])
        #expect(run.status == 1)
        #expect(run.stderr.contains("symbolic link"), "\(run.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep")

        // The output folder itself a link to another folder: refused, nothing written there.
        let elsewhere = made.folder.file("elsewhere"), linked = made.folder.file("linked")
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: linked, withDestinationPath: elsewhere)
        let second = try ExportFixture.export(["--format", "csv", "--out", linked, made.image])
        #expect(second.status == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
    }
}

@Suite(.serialized) struct ExportSlicerTests {
    @Test(arguments: ["nibabel/anatomical.nii", ExportFixture.series])
    func markupsValidateAgainstSlicersSchemaAtTheSidecarsLPS(relative: String) throws {
        let made = try ExportFixture.make(relative, labelMap: false)
        defer { made.folder.cleanUp() }
        let out = made.folder.file("out")
        let run = try ExportFixture.export(["--format", "slicer", "--out", out, "--status", "human", "--status", "proposed", made.image])
        #expect(run.status == 0, "\(run.stderr)")
        let files = ExportFixture.tree(out).keys.filter { $0.hasSuffix(".mrk.json") }.map { out + "/" + $0 }
        #expect(files.count == 1)
        let read = try ExportFixture.check("slicer", ["files": files, "schema": ExportFixture.schema, "sidecars": [made.sidecar]])
        #expect((read["errors"] as? [String]) == [])
        #expect(read["compared"] as? Int == 4, "alice's two landmarks, bob's, the proposal")
        #expect(read["types"] as? [String] == ["ClosedCurve", "ClosedCurve", "ClosedCurve", "Fiducial", "Fiducial", "Fiducial", "Line"])
    }

    /// A rectangle's outline: the corners half a pixel outside its corner voxels, mapped to LPS
    /// by the image's own geometry.
    @Test func rectangleOutlineCornersAreTheCoveredPixelsEdges() throws {
        let volume = Fake.niftiVolume(file: "/x/ct.nii")
        let a = Annotation(id: UUID(), kind: .rectangle, label: "r", annotator: "a", created: ExportFixture.t0, plane: .axial,
                           points: [AnnotationPoint(voxel: [1, 1, 2], geometry: volume.geometry),
                                    AnnotationPoint(voxel: [3, 4, 2], geometry: volume.geometry)])
        let outline = SlicerExport.outline(a, volume)
        let expected: [SIMD3<Double>] = [[0.5, 0.5, 2], [3.5, 0.5, 2], [3.5, 4.5, 2], [0.5, 4.5, 2]]
        #expect(outline.count == 4)
        for (got, index) in zip(outline, expected) {
            let want = volume.geometry.patientPosition(ofIndex: index)
            #expect(length(got - want) < 1e-9, "\(got) vs \(want)")
        }
    }
}

@Suite(.serialized) struct ExportCOCOTests {
    @Test(arguments: ["nibabel/anatomical.nii", ExportFixture.series])
    func cocoLoadsInPycocotoolsWithBoxesMasksAndWindowedPNGs(relative: String) throws {
        let made = try ExportFixture.make(relative)
        defer { made.folder.cleanUp() }
        let out = made.folder.file("coco")
        let run = try ExportFixture.export(["--format", "coco", "--out", out, made.image])
        #expect(run.status == 0, "\(run.stderr)")
        let read = try ExportFixture.check("coco", ["coco": out + "/annotations.json", "images": out + "/images",
                                                    "sidecars": [made.sidecar]])
        #expect((read["errors"] as? [String]) == [])
        let checked = try #require(read["checked"] as? [String: Int])
        // One rectangle; a polygon and an ellipse; label 1 on the middle slice and 2 on the one
        // below (or the same, for a single slice); alice's two landmarks and bob's.
        #expect(checked["bbox"] == 1)
        #expect(checked["polygon"] == 2)
        #expect(checked["mask"] == 2)
        #expect(checked["keypoints"] == 3)
        #expect(checked["png"] == read["images"] as? Int)
        #expect((read["images"] as? Int ?? 0) >= 1)
    }

    @Test func windowAndLevelSetThePNGs() throws {
        let made = try ExportFixture.make("nibabel/anatomical.nii", labelMap: false)
        defer { made.folder.cleanUp() }
        let out = made.folder.file("coco")
        let run = try ExportFixture.export(["--format", "coco", "--window", "40", "--level", "20", "--out", out, made.image])
        #expect(run.status == 0, "\(run.stderr)")
        let read = try ExportFixture.check("coco", ["coco": out + "/annotations.json", "images": out + "/images",
                                                    "sidecars": [made.sidecar]])
        #expect((read["errors"] as? [String]) == [])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/annotations.json"))) as? [String: Any])
        let image = try #require((json["images"] as? [[String: Any]])?.first?["slicemark"] as? [String: Any])
        let window = try #require(image["window"] as? [String: Any])
        #expect(window["center"] as? Double == 20)
        #expect(window["width"] as? Double == 40)
    }
}

@Suite(.serialized) struct ExportLabelMapFormatTests {
    @Test(arguments: ["nibabel/anatomical.nii", ExportFixture.series])
    func nnunetDatasetHasEqualGridsConsecutiveLabelsAndSimpleITKGeometry(relative: String) throws {
        let made = try ExportFixture.make(relative)
        defer { made.folder.cleanUp() }
        let out = made.folder.file("raw")
        let run = try ExportFixture.export(["--format", "nnunet", "--dataset-id", "7", "--dataset-name", "Test", "--out", out,
                                            made.folder.path])
        #expect(run.status == 0, "\(run.stderr)")
        let dataset = out + "/Dataset007_Test"
        var job: [String: Any] = ["dataset": dataset]
        if relative == ExportFixture.series {
            let name = ((made.sidecar as NSString).lastPathComponent as NSString).deletingPathExtension
            let uid = String(name.dropLast(".annotations".count))
            job["dicom"] = [Exporter.safe(uid) + "_alice": made.image]
        }
        let read = try ExportFixture.check("nnunet", job)
        #expect(read["keys"] as? [String] == ["channel_names", "description", "file_ending", "labels", "name", "numTraining"])
        #expect(read["consecutive"] as? Bool == true)
        #expect(read["labels"] as? [String: Int] == ["background": 0, "liver": 1, "spleen": 2])
        #expect(read["numTraining"] as? Int == 1)
        #expect(read["file_ending"] as? String == ".nii.gz")
        let cases = try #require(read["cases"] as? [[String: Any]])
        #expect(cases.count == 1)
        let entry = try #require(cases.first)
        #expect(entry["same_shape"] as? Bool == true)
        #expect(entry["same_affine"] as? Bool == true)
        #expect(entry["labels_known"] as? Bool == true)
        #expect(entry["label_values"] as? [Int] == [0, 1, 2])
        if relative == ExportFixture.series {
            let dicom = try #require(entry["dicom"] as? [String: Bool])
            #expect(dicom == ["size": true, "origin": true, "spacing": true, "direction": true, "voxels": true])
        }
        let manifest = try ExportFixture.manifest(out)
        let image = try #require((manifest["images"] as? [[String: Any]])?.first)
        let maps = try #require(image["labelMaps"] as? [[String: Any]])
        let path = SidecarLocation.labelMapPath(forSidecar: made.sidecar, annotator: "alice")
        #expect(maps.first?["sha256"] as? String == (try ContentHash.hex(ofFile: path)))
    }

    @Test func monaiDatalistPointsAtAlignedPairs() throws {
        let made = try ExportFixture.make("nibabel/anatomical.nii")
        defer { made.folder.cleanUp() }
        let out = made.folder.file("monai")
        let run = try ExportFixture.export(["--format", "monai", "--out", out, made.image])
        #expect(run.status == 0, "\(run.stderr)")
        let read = try ExportFixture.check("monai", ["root": out])
        #expect(read["keys"] as? [String] == ["training"])
        let pairs = try #require(read["pairs"] as? [[String: Any]])
        #expect(pairs.count == 1)
        #expect(pairs.first?["same_affine"] as? Bool == true)
        #expect(pairs.first?["label_values"] as? [Int] == [0, 1, 2])
    }

    @Test func labelMapsAreCopiedByteForByteOrMergedPerAnnotator() throws {
        let made = try ExportFixture.make("nibabel/anatomical.nii")
        defer { made.folder.cleanUp() }
        let source = SidecarLocation.labelMapPath(forSidecar: made.sidecar, annotator: "alice")
        let copy = made.folder.file("copy"), merged = made.folder.file("merged"), spleen = made.folder.file("spleen")
        #expect(try ExportFixture.export(["--format", "labelmap", "--out", copy, made.image]).status == 0)
        #expect(FileManager.default.contents(atPath: copy + "/" + (source as NSString).lastPathComponent)
                == FileManager.default.contents(atPath: source))
        #expect(try ExportFixture.export(["--format", "labelmap", "--merge", "--out", merged, made.image]).status == 0)
        let m = try LabelMapReader.read(path: merged + "/anatomical.nii.merged.seg.nii.gz")
        let original = try LabelMapReader.read(path: source)
        #expect(m.counts()[1] == original.counts().filter { $0.key != 0 }.values.reduce(0, +), "every labelled voxel of alice's is 1")
        #expect(try ExportFixture.export(["--format", "labelmap", "--label", "spleen", "--out", spleen, made.image]).status == 0)
        let s = try LabelMapReader.read(path: spleen + "/" + (source as NSString).lastPathComponent)
        #expect(s.counts().filter { $0.key != 0 } == [2: 1], "only the spleen voxel is left")
    }
}

@Suite struct ExportFilterTests {
    @Test func proposalsOnlyWhenAsked() {
        let human = Annotation(id: UUID(), kind: .landmark, label: "a", annotator: "x", created: ExportFixture.t0, plane: .axial,
                               points: [AnnotationPoint(voxel: [0, 0, 0], lps: [0, 0, 0])])
        var proposed = human
        proposed.id = UUID()
        proposed.status = .proposed
        var rejected = proposed
        rejected.status = .rejected
        var accepted = proposed
        accepted.status = .accepted
        let doc = SidecarDocument(image: SidecarImage(format: .nifti), geometry: SidecarGeometry(volume: Fake.niftiVolume(file: "/x")),
                                  annotations: [human, proposed, rejected, accepted])
        let kept = { (f: ExportFilter) in doc.annotations.filter { f.includes($0, in: doc) }.map(\.id) }
        #expect(kept(ExportFilter()) == [human.id, accepted.id])
        #expect(kept(ExportFilter(statuses: ["proposed"])) == [proposed.id])
        #expect(kept(ExportFilter(statuses: ["rejected", "human"])) == [human.id, rejected.id])
        #expect(ExportFilter(statuses: ["bogus"]).problem() != nil)
    }

    @Test func jsonTextIsStable() {
        let doc = JSONText.object([("b", .number(1)), ("a", .numbers([0.1, -2.5e-7, 3])), ("s", .string("q\"\u{1}"))])
        #expect(doc.rendered() == "{\n  \"b\": 1.0,\n  \"a\": [0.1, -2.5e-07, 3.0],\n  \"s\": \"q\\\"\\u0001\"\n}\n")
    }
}

@Suite(.serialized) struct ExportManyImagesTests {
    /// `n` annotated copies of anatomical.nii, each in its own folder with its sidecar and label map.
    static func dataset(_ n: Int) throws -> (made: ExportFixture.Made, root: String) {
        let made = try ExportFixture.make("nibabel/anatomical.nii")
        let root = made.folder.file("dataset")
        let names = ["anatomical.nii", "anatomical.nii.annotations.json", "anatomical.nii.alice.seg.nii.gz"]
        for i in 0..<n {
            let sub = root + "/case\(i)"
            try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
            for name in names { try FileManager.default.copyItem(atPath: made.folder.file(name), toPath: sub + "/" + name) }
        }
        return (made, root)
    }

    @Test func progressOnStderrAndAKilledExportLeavesNoHalfWrittenFile() throws {
        let (made, root) = try Self.dataset(6)
        defer { made.folder.cleanUp() }
        let out = made.folder.file("out")
        let run = try ExportFixture.export(["--format", "nnunet", "--out", out, root])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("export: 1/6 images") && run.stderr.contains("export: 6/6 images"), "\(run.stderr)")
        let manifest = try ExportFixture.manifest(out)
        #expect((manifest["images"] as? [Any])?.count == 6)

        let killed = made.folder.file("killed")
        for delay: UInt32 in [150_000, 400_000, 700_000] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Fixtures.executable)
            process.arguments = ["export", "--format", "nnunet", "--out", killed, root]
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // Whatever is there under a real name is whole: every gzip member inflates, every JSON parses.
            for (relative, data) in ExportFixture.tree(killed) where !(relative as NSString).lastPathComponent.hasPrefix(".") {
                if relative.hasSuffix(".nii.gz") {
                    let path = killed + "/" + relative
                    #expect(try runProcess("/bin/gzip", ["-t", path]).status == 0, "\(relative) is cut short")
                } else if relative.hasSuffix(".json") {
                    #expect((try? JSONSerialization.jsonObject(with: data)) != nil, "\(relative) is cut short")
                }
            }
        }
        let again = try ExportFixture.export(["--format", "nnunet", "--out", killed, root])
        #expect(again.status == 0, "\(again.stderr)")
        let left = ExportFixture.tree(killed).keys.filter { $0.contains(".tmp-") }
        #expect(left.isEmpty, "temporaries of the killed runs are removed: \(left)")
        let a = ExportFixture.tree(killed).filter { $0.key != Exporter.manifestName }
        let b = ExportFixture.tree(out).filter { $0.key != Exporter.manifestName }
        #expect(a == b, "the export after the kills is the same as the first")
    }

    @Test func aRefusedSidecarIsReportedAndTheOtherImagesStillGoOut() throws {
        let (made, root) = try Self.dataset(2)
        defer { made.folder.cleanUp() }
        let broken = root + "/case1/anatomical.nii.annotations.json"
        try Data("{ not json".utf8).write(to: URL(fileURLWithPath: broken))
        let out = made.folder.file("out")
        let run = try ExportFixture.export(["--format", "csv", "--out", out, root])
        #expect(run.status == 1)
        #expect(run.stderr.contains(broken), "\(run.stderr)")
        let manifest = try ExportFixture.manifest(out)
        #expect((manifest["images"] as? [[String: Any]])?.map { $0["image"] as? String } == [root + "/case0/anatomical.nii"])
        #expect((manifest["skipped"] as? [[String: Any]])?.first?["image"] as? String == root + "/case1/anatomical.nii")
    }

    @Test func sidecarDirIsWhereTheSidecarsAreLookedFor() throws {
        let made = try ExportFixture.make("nibabel/anatomical.nii")
        defer { made.folder.cleanUp() }
        let dir = made.folder.file("sidecars")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for name in ["anatomical.nii.annotations.json", "anatomical.nii.alice.seg.nii.gz", "anatomical.nii.annotations.audit.jsonl"] {
            try FileManager.default.moveItem(atPath: made.folder.file(name), toPath: dir + "/" + name)
        }
        let without = made.folder.file("without"), with = made.folder.file("with")
        #expect(try ExportFixture.export(["--format", "labelmap", "--out", without, made.image]).status == 0)
        let skipped = try #require(try ExportFixture.manifest(without)["skipped"] as? [[String: Any]])
        #expect(skipped.first?["reason"] as? String == "no sidecar")
        let run = try ExportFixture.export(["--format", "labelmap", "--sidecar-dir", dir, "--out", with, made.image])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.contents(atPath: with + "/anatomical.nii.alice.seg.nii.gz")
                == FileManager.default.contents(atPath: dir + "/anatomical.nii.alice.seg.nii.gz"))
    }
}
