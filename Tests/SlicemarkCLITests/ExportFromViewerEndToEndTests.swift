import Foundation
import Testing
import TestSupport

/// Marks made in the built viewer in tmux (a landmark, a rectangle, a QA label, a brush stroke)
/// exported in each format and read back by the independent readers of
/// `scripts/reference/export_check.py` (pandas, jsonschema with Slicer's schema, pycocotools,
/// nibabel).
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable))
struct ExportFromViewerEndToEndTests {
    typealias E2E = AnnotatingEndToEndTests

    static func check(_ mode: String, _ job: [String: Any]) throws -> [String: Any] {
        try PythonCheck.run("scripts/reference/export_check.py", mode, job)
    }

    @Test func whatTheViewerSavedExportsInEveryFormatAndPassesItsReader() throws {
        let (folder, path) = try E2E.copy(.init(fixture: "nibabel/anatomical.nii", isFolder: false))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tmux = try E2E.start(path)
        _ = try #require(try tmux.waitFor(timeout: 30) { $0.contains("voxel [") && $0.contains("annotator e2e") })
        try tmux.send("m", "r", "l", "l", "j", "r", "1", "b", "3", "Space")
        _ = try #require(try tmux.waitFor("painted: label 3"))
        try tmux.send("q")
        _ = try #require(try tmux.waitFor("SLICEMARK_EXIT=0"))
        let sidecar = path + ".annotations.json"

        func export(_ format: String) throws -> String {
            let out = folder + "/out-" + format
            let run = try runProcess(Fixtures.executable, ["export", "--format", format, "--out", out, path])
            #expect(run.status == 0, "\(format): \(run.stderr)")
            #expect(FileManager.default.fileExists(atPath: out + "/export-manifest.json"), "\(format)")
            return out
        }
        let csv = try Self.check("csv", ["csv": try export("csv") + "/annotations.csv", "sidecars": [sidecar]])
        #expect(csv["mismatches"] as? [String] == [] && (csv["compared"] as? Int ?? 0) == 3, "\(csv)")
        #expect(csv["kinds"] as? [String] == ["label", "landmark", "rectangle"])

        let slicerOut = try export("slicer")
        let marks = try FileManager.default.contentsOfDirectory(atPath: slicerOut).filter { $0.hasSuffix(".mrk.json") }
        let slicer = try Self.check("slicer", ["schema": Fixtures.repositoryRoot.appendingPathComponent("Tests/Fixtures/slicer/markups-schema-v1.0.4.json").path,
                                               "sidecars": [sidecar], "files": marks.map { slicerOut + "/" + $0 }])
        #expect(slicer["errors"] as? [String] == [] && slicer["compared"] as? Int == 1, "\(slicer)")

        let cocoOut = try export("coco")
        let coco = try Self.check("coco", ["coco": cocoOut + "/annotations.json", "images": cocoOut + "/images", "sidecars": [sidecar]])
        #expect(coco["errors"] as? [String] == [], "\(coco)")
        let checked = coco["checked"] as? [String: Int] ?? [:]
        #expect((checked["bbox"] ?? 0) >= 1 && (checked["mask"] ?? 0) >= 1 && (checked["png"] ?? 0) >= 1, "\(checked)")

        let nnunetOut = try export("nnunet")
        let datasets = try FileManager.default.contentsOfDirectory(atPath: nnunetOut).filter { $0.hasPrefix("Dataset") }
        let nnunet = try Self.check("nnunet", ["dataset": nnunetOut + "/" + (datasets.first ?? "")])
        #expect(nnunet["consecutive"] as? Bool == true)
        let cases = nnunet["cases"] as? [[String: Any]] ?? []
        #expect(cases.count == 1)
        #expect(cases.allSatisfy { $0["labels_known"] as? Bool == true && $0["same_shape"] as? Bool == true && $0["same_affine"] as? Bool == true },
                "\(cases)")
    }
}
