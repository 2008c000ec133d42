import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import Annotations

/// `slicemark import` in-process, on nibabel's `anatomical.nii` (33 × 41 × 25, 2 mm, LAS+):
/// files made by nibabel and pycocotools or written by hand in Slicer's shape come in as
/// proposals at exactly the positions nibabel's affine gives; files for another image are
/// refused and nothing is written; importing again adds nothing.
@Suite struct ImportTests {
    struct Setup {
        var folder: TemporaryFolder
        var image: String
        var volume: Volume
        var store: AnnotationStore
        var target: ImportTarget

        init() throws {
            folder = try TemporaryFolder()
            image = folder.file("anatomical.nii")
            try FileManager.default.copyItem(atPath: Fixtures.path("nibabel/anatomical.nii"), toPath: image)
            volume = try VolumeLoader.load(path: image)
            store = try AnnotationStore(volume: volume)
            target = ImportTarget(volume: volume, displayName: image, sidecarPath: store.sidecarPath)
        }

        func run(_ file: String, as model: String, labels: String? = nil) throws(ImportError) -> ProposalImport.Outcome {
            guard case .success(let m) = ProposalModel.parse(model) else { fatalError() }
            return try ProposalImport.run(file: file, target: target, store: store, model: m, labels: labels, by: "importer",
                                          now: Fake.t0)
        }

        func document() throws -> SidecarDocument { try store.load().document }

        func write(_ name: String, _ text: String) throws -> String {
            let path = folder.file(name)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        /// nibabel's continuous voxel index of each LPS point, rounded to the nearest voxel.
        func nibabelVoxels(_ lps: [[Double]]) throws -> [SIMD3<Int>] {
            let out = try PythonCheck.run("scripts/reference/import_inputs.py", "voxels", ["image": image, "lps": lps])
            let ijk = try #require(out["ijk"] as? [[Double]])
            return ijk.map { SIMD3(Int($0[0].rounded()), Int($0[1].rounded()), Int($0[2].rounded())) }
        }
    }

    @Test func labelMapWithDatasetJSONComesInAsTheModelsLabelMap() throws {
        let s = try Setup()
        defer { s.folder.cleanUp() }
        let prediction = s.folder.file("prediction.nii.gz"), dataset = s.folder.file("dataset.json")
        let made = try PythonCheck.run("scripts/reference/import_inputs.py", "labelmap",
                                       ["image": s.image, "out": prediction, "dataset": dataset])
        let counts = try #require(made["counts"] as? [String: Int])
        let outcome = try s.run(prediction, as: "totalseg@2.0.1", labels: dataset)
        #expect(outcome.added == ["segmentation": 1])
        let written = try #require(outcome.labelMapFile)
        #expect((written as NSString).lastPathComponent == "anatomical.nii.totalseg_2.0.1.seg.nii.gz")
        let map = try LabelMapReader.read(path: written)
        #expect(Dictionary(uniqueKeysWithValues: map.counts().filter { $0.key != 0 }.map { (String($0.key), $0.value) })
                == counts.filter { $0.key != "0" })
        let record = try #require(try s.document().segmentations.first)
        #expect(record.annotator == "totalseg" && record.status == .proposed)
        #expect(record.source == .model(name: "totalseg", version: "2.0.1"))
        #expect(record.segments.map(\.value) == [1, 2, 300])
        #expect(record.segments.map(\.name) == ["left band", "back band", "spot"])
        #expect(record.sha256 == (try ContentHash.hex(ofFile: written)))
        let table = try LabelTable.load(path: SidecarLocation.labelTablePath(forLabelMap: written))
        #expect(table.entries.filter { $0.value != 0 }.map(\.name) == ["left band", "back band", "spot"])
        // The audit log says import; a second import of the same output changes nothing.
        let audit = try String(contentsOfFile: s.store.auditPath, encoding: .utf8)
        #expect(audit.contains("\"action\":\"import\""))
        let before = try Data(contentsOf: URL(fileURLWithPath: s.store.sidecarPath))
        let again = try s.run(prediction, as: "totalseg@2.0.1", labels: dataset)
        #expect(again.addedCount == 0 && again.alreadyThere == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: s.store.sidecarPath)) == before)
    }

    @Test func labelMapOnAnotherGridIsRefusedAndNothingIsWritten() throws {
        let s = try Setup()
        defer { s.folder.cleanUp() }
        let other = s.folder.file("other.nii.gz")
        _ = try PythonCheck.run("scripts/reference/import_inputs.py", "labelmap",
                                ["image": Fixtures.path("nibabel/standard.nii.gz"), "out": other, "dataset": s.folder.file("d.json")])
        #expect {
            try s.run(other, as: "nnunet")
        } throws: { error in
            guard case ImportError.anotherImage(_, let reason) = error else { return false }
            return reason.contains("grid differs") && reason.contains("dimensions")
        }
        #expect(!FileManager.default.fileExists(atPath: s.store.sidecarPath))
        #expect(!FileManager.default.fileExists(atPath: s.folder.file("anatomical.nii.nnunet.seg.nii.gz")))
    }

    @Test func slicerMarkupsWrittenByHandInRASAndLPSLandWhereNibabelSays() throws {
        let s = try Setup()
        defer { s.folder.cleanUp() }
        // RAS positions of two fiducials (Slicer before 4.11 wrote RAS), and LPS ones.
        let rasPoints = [[10.3, -21.7, 3.1], [-4.9, 12.2, 20.0]]
        let linePoints = [[1.0, 2.0, -6.3], [-7.4, 30.9, -6.3]]
        let curvePoints = [[0.0, 0.0, -6.3], [-10.0, 4.0, -6.3], [-3.0, 20.0, -6.3], [6.2, 11.1, -6.3]]
        func points(_ list: [[Double]], label: String) -> String {
            list.enumerated().map { n, p in
                "{\"id\": \"\(n + 1)\", \"label\": \"\(label)-\(n + 1)\", \"position\": [\(p[0]), \(p[1]), \(p[2])], \"positionStatus\": \"defined\"}"
            }.joined(separator: ",")
        }
        let file = try s.write("model.mrk.json", """
            {"@schema": "https://raw.githubusercontent.com/slicer/slicer/master/Modules/Loadable/Markups/Resources/Schema/markups-schema-v1.0.0.json#",
             "markups": [
              {"type": "Fiducial", "coordinateSystem": "RAS", "controlPoints": [\(points(rasPoints, label: "F")),
                 {"id": "3", "label": "unplaced", "position": [0, 0, 0], "positionStatus": "undefined"}]},
              {"type": "Line", "name": "ruler", "coordinateSystem": "LPS", "controlPoints": [\(points(linePoints, label: "L"))]},
              {"type": "ClosedCurve", "name": "lesion", "controlPoints": [\(points(curvePoints, label: "C"))]},
              {"type": "Plane", "name": "cut", "controlPoints": []}
             ]}
            """)
        let outcome = try s.run(file, as: "detector@1")
        #expect(outcome.added == ["landmark": 2, "distance": 1, "polygon": 1])
        #expect(outcome.notes.contains { $0.contains("Plane \"cut\"") })
        let doc = try s.document()
        let landmarks = doc.annotations.filter { $0.kind == .landmark }.sorted { $0.label < $1.label }
        let lps = rasPoints.map { [-$0[0], -$0[1], $0[2]] }
        #expect(landmarks.map(\.label) == ["F-1", "F-2"])
        #expect(landmarks.map(\.voxel) == (try s.nibabelVoxels(lps)))
        #expect(landmarks.map(\.lps) == lps.map { SIMD3($0[0], $0[1], $0[2]) })
        let line = try #require(doc.annotations.first { $0.kind == .distance })
        #expect(line.points.map(\.voxel) == (try s.nibabelVoxels(linePoints)))
        #expect(line.lengthMM.map { abs($0 - ((8.4 * 8.4 + 28.9 * 28.9) as Double).squareRoot()) < 1e-9 } == true)
        let curve = try #require(doc.annotations.first { $0.kind == .polygon })
        #expect(curve.points.map(\.voxel) == (try s.nibabelVoxels(curvePoints)))
        #expect(curve.plane == .axial && curve.label == "lesion")
        for a in doc.annotations {
            #expect(a.annotator == "detector" && a.status == .proposed && a.source == .model(name: "detector", version: "1"))
        }
    }

    @Test func csvOfPointsInMillimetresAndVoxelsComesInExactly() throws {
        let s = try Setup()
        defer { s.folder.cleanUp() }
        let mm = try s.write("points.csv", "name,x,y,z,score\r\n\"apex, left\",-12.25,7.5,-3.0,0.93\r\nbase,4,-20.1,11.9,\r\n")
        let outcome = try s.run(mm, as: "points-model@3")
        #expect(outcome.added == ["landmark": 2])
        let voxels = try s.write("voxels.csv", "label,i,j,k\ncentre,16,20,12\ncorner,0,40,24\n")
        #expect(try s.run(voxels, as: "points-model@3").added == ["landmark": 2])
        let doc = try s.document()
        let byName = Dictionary(uniqueKeysWithValues: doc.annotations.map { ($0.label, $0) })
        let apex = try #require(byName["apex, left"]), base = try #require(byName["base"])
        #expect([apex.voxel, base.voxel] == (try s.nibabelVoxels([[-12.25, 7.5, -3.0], [4, -20.1, 11.9]])))
        #expect(apex.lps == SIMD3(-12.25, 7.5, -3.0) && apex.source.score == 0.93 && base.source.score == nil)
        let centre = try #require(byName["centre"])
        #expect(centre.voxel == SIMD3(16, 20, 12))
        #expect(try s.nibabelVoxels([[centre.lps.x, centre.lps.y, centre.lps.z]]) == [SIMD3(16, 20, 12)])
    }

    @Test func cocoFromOutsideBecomesRectanglePolygonMaskAndLandmark() throws {
        let s = try Setup()
        defer { s.folder.cleanUp() }
        let layout = s.volume.layout(.axial)
        let file = s.folder.file("detections.json")
        let made = try PythonCheck.run("scripts/reference/import_inputs.py", "coco",
                                       ["image": s.image, "out": file, "name": "anatomical.nii", "slice": 5,
                                        "rows": layout.height, "columns": layout.width])
        let mask = try #require(made["mask"] as? [[Int]])
        let outcome = try s.run(file, as: "coco-model@0.3")
        #expect(outcome.added == ["rectangle": 1, "polygon": 1, "landmark": 1, "segmentation": 1])
        let doc = try s.document()
        let box = try #require(doc.annotations.first { $0.kind == .rectangle })
        // bbox [2, 1, 3, 2]: pixel centres inside are columns 2…4, rows 1…2.
        let (c21, c42) = (layout.voxel(column: 2, row: 1, slice: 5), layout.voxel(column: 4, row: 2, slice: 5))
        #expect(box.points.map(\.voxel) == [pointwiseMin(c21, c42), pointwiseMax(c21, c42)])
        #expect(box.label == "nodule" && box.source.score == 0.9)
        let polygon = try #require(doc.annotations.first { $0.kind == .polygon })
        #expect(polygon.points.map(\.voxel) == [layout.voxel(column: 1, row: 1, slice: 5), layout.voxel(column: 6, row: 1, slice: 5),
                                                layout.voxel(column: 4, row: 5, slice: 5)])
        let tip = try #require(doc.annotations.first { $0.kind == .landmark })
        #expect(tip.label == "tip" && tip.voxel == layout.voxel(column: 3, row: 2, slice: 5))
        let map = try LabelMapReader.read(path: try #require(outcome.labelMapFile))
        let expected = Set(mask.map { layout.voxel(column: $0[0], row: $0[1], slice: 5) })
        var found = Set<SIMD3<Int>>()
        for k in 0..<map.depth { for j in 0..<map.height { for i in 0..<map.width where map[i, j, k] != 0 {
            #expect(map[i, j, k] == 1)
            found.insert(SIMD3(i, j, k))
        } } }
        #expect(found == expected)
        #expect(try s.document().segmentations.first?.segments.map(\.name) == ["vessel"])
    }

    @Test(arguments: [
        ("far.mrk.json", "{\"markups\": [{\"type\": \"Fiducial\", \"coordinateSystem\": \"LPS\", \"controlPoints\": [{\"label\": \"a\", \"position\": [0, 0, 0]}, {\"label\": \"b\", \"position\": [500, 0, 0]}]}]}", "outside the image"),
        ("other.csv", "image,x,y,z\nct_other.nii.gz,0,0,0\n", "no row names anatomical.nii"),
        ("series.csv", "series_uid,i,j,k\n1.2.3.4,0,0,0\n", "series_uid 1.2.3.4"),
        ("voxel.csv", "i,j,k\n0,0,25\n", "outside the image"),
        ("coco.json", "{\"images\": [{\"id\": 1, \"file_name\": \"ct.nii.gz_axial_3.png\", \"width\": 33, \"height\": 41}], \"annotations\": [], \"categories\": []}", "none of its 1 image(s) is a slice of anatomical.nii"),
    ])
    func fileForAnotherImageIsRefusedInOneLine(name: String, content: String, says: String) throws {
        let s = try Setup()
        defer { s.folder.cleanUp() }
        let file = try s.write(name, content)
        #expect {
            try s.run(file, as: "m")
        } throws: { error in
            guard case ImportError.anotherImage = error else { return false }
            let text = (error as? ImportError)?.description ?? ""
            return text.contains(says) && !text.contains("\n") && text.hasPrefix(file)
        }
        #expect(!FileManager.default.fileExists(atPath: s.store.sidecarPath))
    }

    @Test func sameFileTwiceAddsNothingAndANewerVersionStandsBeside() throws {
        let s = try Setup()
        defer { s.folder.cleanUp() }
        let file = try s.write("p.csv", "name,i,j,k\na,1,2,3\nb,4,5,6\n")
        #expect(try s.run(file, as: "m@1").addedCount == 2)
        let again = try s.run(file, as: "m@1")
        #expect(again.addedCount == 0 && again.alreadyThere == 2)
        #expect(try s.run(file, as: "m@2").addedCount == 2)
        let doc = try s.document()
        #expect(doc.annotations.count == 4)
        #expect(Set(doc.annotations.compactMap(\.source.version)) == ["1", "2"])
        // A proposal deleted by a person is not brought back by importing the file again.
        var d = doc
        let gone = d.annotations.removeFirst()
        d.deleted.append(Tombstone(id: gone.id, deletedBy: "dr.a", deleted: Fake.time(10), revision: d.highestRevision + 1))
        _ = try s.store.save(d, audit: [AuditEvent(time: Fake.time(10), annotator: "dr.a", action: .delete, cause: .edit,
                                                    record: .annotation, id: gone.id, summary: "delete",
                                                    revision: d.highestRevision, baseRevision: gone.revision)])
        let third = try s.run(file, as: gone.source.version == "1" ? "m@1" : "m@2")
        #expect(third.addedCount == 0)
        #expect(try s.document().annotations.count == 3)
    }

    @Test func rfc4180QuotesAndLineBreaksAreRead() throws {
        let table = try CSVTable.parse("\u{FEFF}name,x\r\n\"a \"\"b\"\"\nc\",1\r\nplain,2")
        #expect(table.header == ["name", "x"])
        #expect(table.rows.map(\.fields) == [["a \"b\"\nc", "1"], ["plain", "2"]])
        #expect(throws: CSVTable.ParseError.unterminatedQuote(line: 2)) { try CSVTable.parse("a\n\"open,1\n") }
    }

    @Test func compressedRLEDecodesAsPycocotoolsWritesIt() throws {
        // pycocotools: encode of a 3×2 mask [[0,1],[1,1],[0,0]] (column-major 0,1,0,1,1,0) is "1111" with counts [1,1,1,2,1].
        #expect(COCORLE.decompress("11") == [1, 1])
        let mask = try #require(COCORLE.decode(["size": .array([.integer(3), .integer(2)]),
                                               "counts": .array([.integer(1), .integer(1), .integer(1), .integer(2), .integer(1)])]))
        #expect(mask.bits == [false, true, false, true, true, false])
    }
}
