import Annotations
import Foundation
import Testing
import TestSupport
import VolumeKit

/// `slicemark agree` and `slicemark consensus` as a user runs them, on a folder holding a copy
/// of nibabel's example4d.nii.gz (128 × 96 × 24, 2 × 2 × 2.2 mm) read by three people through
/// the store, as the viewer saves: the JSON's figures against SimpleITK and scipy
/// (scripts/reference/agree_check.py, tolerances as in AgreementReferenceTests), the table,
/// nothing written by `agree`, and `consensus` writing a label map SimpleITK's LabelVoting
/// agrees with, then changing nothing when run again.
@Suite(.serialized) struct AgreeCommandTests {
    struct Study {
        let folder: String
        let image: String
        let store: AnnotationStore
        func labelMap(_ who: String) -> String { SidecarLocation.labelMapPath(forSidecar: store.sidecarPath, annotator: who) }
        func cleanUp() { try? FileManager.default.removeItem(atPath: folder) }
    }

    static let readers = ["ana", "ben", "cleo"]

    static func make() throws -> Study {
        let folder = NSTemporaryDirectory() + "slicemark-agree-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let image = folder + "/example4d.nii.gz"
        try FileManager.default.copyItem(atPath: Fixtures.path("nibabel/example4d.nii.gz"), toPath: image)
        let volume = try VolumeLoader.load(path: image)
        let store = try AnnotationStore(volume: volume)
        let labels = LabelSet(name: "finding", scope: .series, choice: .single,
                              labels: [.init(name: "normal", color: "#00FF00"), .init(name: "abnormal", color: "#FF0000")])
        for (n, reader) in readers.enumerated() {
            var s = AnnotationSession(document: try store.load().document, annotator: reader, ids: RecordIDs(seed: UInt64(n + 1)),
                                      now: .now(), labelSet: labels)
            _ = s.placeLandmark(at: [30 + n, 40, 10], plane: .axial, volume: volume)
            _ = s.renameSelected(to: "nasion")
            _ = s.placeLandmark(at: [70, 20, 10 + n], plane: .axial, volume: volume)
            _ = s.renameSelected(to: "sella")
            _ = s.toggleLabel(number: n == 2 ? 2 : 1, at: [0, 0, 0])
            var map = LabelMap(grid: volume)
            for k in 4...(16 + n) { for j in 20...(60 - n) { for i in (40 + n)...90 { map[i, j, k] = 1 } } }
            let path = SidecarLocation.labelMapPath(forSidecar: store.sidecarPath, annotator: reader)
            let encoded = try LabelMapCompanions.encode(map, table: .defaults(), path: path)
            let id = s.recordLabelMapChange(file: (path as NSString).lastPathComponent,
                                            segments: [.init(value: 1, name: "tumour", color: "#FF0000")], summary: "paint")
            _ = try store.save(s.document.withLabelMapHash(encoded.sha256, of: id), audit: s.takeAuditEvents(), companions: encoded.files)
        }
        return Study(folder: folder, image: image, store: store)
    }

    static func listing(_ folder: String) throws -> [String: Int] {
        var result: [String: Int] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            result[name] = (try FileManager.default.attributesOfItem(atPath: folder + "/" + name)[.size] as? Int) ?? -1
        }
        return result
    }

    @Test func agreeJSONMatchesTheReferenceAndWritesNothing() throws {
        let study = try Self.make()
        defer { study.cleanUp() }
        let before = try Self.listing(study.folder)
        let run = try runProcess(Fixtures.executable, ["agree", "--json", study.folder])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.listing(study.folder) == before, "agree writes nothing")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["annotators"] as? [String] == Self.readers)
        let conventions = try #require(json["conventions"] as? [String: String])
        #expect(conventions["hd95_mm"]?.contains("95th percentile") == true)
        #expect(conventions["surface"]?.contains("6-connected") == true)

        let landmarks = try #require((json["landmarks"] as? [String: Any])?["pairs"] as? [[String: Any]])
        #expect(landmarks.map { $0["annotators"] as! [String] } == [["ana", "ben"], ["ana", "cleo"], ["ben", "cleo"]])
        let anaCleo = landmarks[1]
        // nasion 2 voxels apart along x (4 mm), sella 2 slices apart (4.4 mm).
        #expect(anaCleo["matched"] as? Int == 2)
        #expect(abs((anaCleo["mre_mm"] as! Double) - 4.2) < 1e-5)
        #expect((anaCleo["success_rate_percent"] as? [String: Double])?["3"] == 0)
        // ana and ben: 2 mm and 2.2 mm.
        #expect((landmarks[0]["success_rate_percent"] as? [String: Double])?["2.5"] == 100)

        let labels = try #require(json["labels"] as? [String: Any])
        let labelPairs = try #require(labels["pairs"] as? [[String: Any]])
        #expect(labelPairs.count == 3)
        let reference = try PythonCheck.run("scripts/reference/agree_check.py", "labels",
                                            ["raters": Self.readers, "units": [["normal", "normal", "abnormal"]]])
        #expect((labels["krippendorff_alpha"] as? [String: [String: Any]])?["finding"]?["n"] as? Int == 1)
        let alpha = (labels["krippendorff_alpha"] as? [String: [String: Any]])?["finding"]?["value"]
        if let expected = reference["krippendorff_alpha"] as? Double {
            #expect(abs((alpha as? Double ?? .nan) - expected) < 1e-9)
        } else {
            #expect(alpha is NSNull)
        }

        let segmentations = try #require((json["segmentations"] as? [String: Any])?["pairs"] as? [[String: Any]])
        let first = try #require(segmentations.first { ($0["annotators"] as? [String]) == ["ana", "cleo"] })
        #expect(first["label"] as? Int == 1 && first["name"] as? String == "tumour")
        #expect(first["images"] as? [String] == [study.image])
        let masks = try PythonCheck.run("scripts/reference/agree_check.py", "masks",
                                        ["a": study.labelMap("ana"), "b": study.labelMap("cleo"), "labels": [1]])
        let ref = try #require((masks["labels"] as? [String: [String: Any]])?["1"])
        for key in ["dice", "jaccard"] { #expect(abs((first[key] as! Double) - (ref[key] as! Double)) < 1e-9, "\(key)") }
        for key in ["hd95_mm", "assd_mm"] { #expect(abs((first[key] as! Double) - (ref[key] as! Double)) < 1e-6, "\(key)") }
    }

    @Test func agreeTableNamesItsConventions() throws {
        let study = try Self.make()
        defer { study.cleanUp() }
        let run = try runProcess(Fixtures.executable, ["agree", study.image])
        #expect(run.status == 0, "\(run.stderr)")
        for text in ["Landmarks", "ana / ben", "nasion", "Image labels", "Label maps and ROIs", "tumour", "Conventions:", "hd95_mm:"] {
            #expect(run.stdout.contains(text), "\(text)")
        }
    }

    @Test func consensusWritesAVotedLabelMapOnceAndAgreeSeesIt() throws {
        let study = try Self.make()
        defer { study.cleanUp() }
        let run = try runProcess(Fixtures.executable, ["consensus", "--as", "panel", study.folder])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("landmark nasion: mean of ana, ben, cleo"))
        #expect(run.stdout.contains("label finding: normal"))
        let voting = try PythonCheck.run("scripts/reference/agree_check.py", "voting",
                                         ["maps": Self.readers.map(study.labelMap), "ours": study.labelMap("panel")])
        #expect(voting["differing"] as? Int == 0)
        let document = try study.store.load().document
        let panel = document.segmentations.filter { $0.annotator == "panel" }
        #expect(panel.count == 1 && panel[0].source == .human)
        #expect(panel[0].sha256 == (try ContentHash.hex(ofFile: study.labelMap("panel"))))

        let again = try runProcess(Fixtures.executable, ["consensus", "--as", "panel", study.folder])
        #expect(again.status == 0 && again.stdout.contains("(unchanged)"), "\(again.stdout)")
        #expect(try study.store.load().document == document)

        let verify = try runProcess(Fixtures.executable, ["audit", "verify", study.folder])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let agree = try runProcess(Fixtures.executable, ["agree", "--json", study.folder])
        #expect(agree.stdout.contains("\"panel\""))
    }

    /// Sidecars and label maps kept in a folder of their own (`view --sidecar-dir`): agree and
    /// consensus find them there for the images named, with the same figures.
    @Test func aSidecarFolderGivesTheSameFigures() throws {
        let study = try Self.make()
        defer { study.cleanUp() }
        let beside = try runProcess(Fixtures.executable, ["agree", study.image])
        let marks = study.folder + "-marks"
        try FileManager.default.createDirectory(atPath: marks, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: marks) }
        for name in try FileManager.default.contentsOfDirectory(atPath: study.folder) where name != "example4d.nii.gz" {
            try FileManager.default.moveItem(atPath: study.folder + "/" + name, toPath: marks + "/" + name)
        }
        #expect(try runProcess(Fixtures.executable, ["agree", study.image]).status == 1)
        let apart = try runProcess(Fixtures.executable, ["agree", "--sidecar-dir", marks, study.image])
        #expect(apart.status == 0, "\(apart.stderr)")
        #expect(apart.stdout.replacingOccurrences(of: marks, with: study.folder) == beside.stdout)
        let consensus = try runProcess(Fixtures.executable, ["consensus", "--as", "panel", "--sidecar-dir", marks, study.folder])
        #expect(consensus.status == 0, "\(consensus.stderr)")
        #expect(FileManager.default.fileExists(atPath: marks + "/example4d.nii.gz.panel.seg.nii.gz"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: study.folder) == ["example4d.nii.gz"])
    }

    @Test func aFolderWithoutSidecarsIsSaid() throws {
        let folder = NSTemporaryDirectory() + "slicemark-agree-empty-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try runProcess(Fixtures.executable, ["agree", folder])
        #expect(run.status == 1)
        #expect(run.stderr.contains("no sidecar found"))
    }
}
