import Annotations
import Foundation
import Testing
import TestSupport
import VolumeKit

/// `slicemark import` and `slicemark export` as a user runs them: our own exports (Slicer,
/// CSV, COCO) come back as proposals at the same voxels, proposals stay out of exports unless
/// asked for, and mistakes are one line with the right exit code.
@Suite struct ImportCommandTests {
    struct Folder {
        let path: String
        let image: String

        init() throws {
            path = NSTemporaryDirectory() + "slicemark-import-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            image = path + "/anatomical.nii"
            try FileManager.default.copyItem(atPath: Fixtures.path("nibabel/anatomical.nii"), toPath: image)
        }

        func write(_ name: String, _ text: String) throws -> String {
            let file = path + "/" + name
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            return file
        }

        func slicemark(_ arguments: String...) throws -> ProcessResult {
            try runProcess(Fixtures.executable, arguments, environment: ["SLICEMARK_ANNOTATOR": "tester", "PATH": "/usr/bin:/bin"])
        }

        func document() throws -> SidecarDocument {
            let data = try Data(contentsOf: URL(fileURLWithPath: image + ".annotations.json"))
            return try JSONDecoder().decode(SidecarDocument.self, from: data)
        }

        /// A person's annotations, saved through the store as the viewer saves them.
        func annotate() throws -> [Annotation] {
            let volume = try VolumeLoader.load(path: image)
            let store = try AnnotationStore(volume: volume)
            var session = AnnotationSession(document: try store.load().document, annotator: "dr.a", ids: RecordIDs(seed: 4),
                                            now: Timestamp(millisecondsSince1970: 1_700_000_000_000))
            _ = session.placeLandmark(at: [3, 30, 12], plane: .axial, volume: volume)
            _ = session.placeLandmark(at: [20, 7, 5], plane: .axial, volume: volume)
            _ = session.click(.rectangle, at: [4, 5, 10], plane: .axial, volume: volume)
            _ = session.click(.rectangle, at: [12, 15, 10], plane: .axial, volume: volume)
            for v in [SIMD3(2, 2, 8), SIMD3(9, 3, 8), SIMD3(6, 11, 8)] { _ = session.click(.polygon, at: v, plane: .axial, volume: volume) }
            _ = session.closePolygon(volume: volume)
            _ = session.click(.distance, at: [1, 1, 1], plane: .axial, volume: volume)
            _ = session.click(.distance, at: [30, 39, 20], plane: .axial, volume: volume)
            _ = try store.save(session.document, audit: session.takeAuditEvents())
            return session.document.annotations
        }
    }

    func sameVoxels(_ mine: [Annotation], _ theirs: [Annotation], kinds: [AnnotationKind]) {
        for kind in kinds {
            // A rectangle is its box: two opposite corners, whichever diagonal.
            func points(_ x: Annotation) -> [SIMD3<Int>] {
                let v = x.points.map(\.voxel)
                return kind == .rectangle ? [pointwiseMin(v[0], v[1]), pointwiseMax(v[0], v[1])] : v
            }
            let a = mine.filter { $0.kind == kind }.map(points).sorted { "\($0)" < "\($1)" }
            let b = theirs.filter { $0.kind == kind }.map(points).sorted { "\($0)" < "\($1)" }
            #expect(a == b, "\(kind): \(a) against \(b)")
        }
    }

    @Test(arguments: ["slicer", "csv", "coco"])
    func ourOwnExportComesBackAsProposalsAtTheSameVoxels(_ format: String) throws {
        let f = try Folder()
        defer { try? FileManager.default.removeItem(atPath: f.path) }
        let originals = try f.annotate()
        let out = f.path + "/export"
        #expect(try f.slicemark("export", "--format", format, "--out", out, f.image).status == 0)
        let file = format == "slicer" ? out + "/anatomical.nii.mrk.json" : format == "csv" ? out + "/annotations.csv" : out + "/annotations.json"
        let result = try f.slicemark("import", "--as", "back@\(format)", file, f.image)
        #expect(result.status == 0, "\(result.stderr)")
        let proposals = try f.document().annotations.filter { $0.status == .proposed }
        #expect(proposals.allSatisfy { $0.annotator == "back" && $0.source.version == format })
        switch format {
        case "coco":
            // COCO has no distances.
            sameVoxels(originals, proposals, kinds: [.landmark, .rectangle, .polygon])
            #expect(!proposals.contains { $0.kind == .distance })
        default:
            sameVoxels(originals, proposals, kinds: [.landmark, .rectangle, .polygon, .distance])
        }
        if format != "coco" {
            // Millimetres as exported: Slicer and CSV carry the LPS positions.
            for a in originals where a.kind == .landmark {
                #expect(proposals.contains { $0.kind == .landmark && $0.lps == a.lps && $0.label == a.label })
            }
        }
        #expect(result.stdout.contains("proposals of back@\(format) imported"))
        // Again: nothing new.
        let again = try f.slicemark("import", "--as", "back@\(format)", file, f.image)
        #expect(again.stdout.contains(": 0 proposals") && again.stdout.contains("already there"))
    }

    @Test func exportsLeaveProposalsOutUnlessAsked() throws {
        let f = try Folder()
        defer { try? FileManager.default.removeItem(atPath: f.path) }
        _ = try f.annotate()
        let points = try f.write("model.csv", "name,i,j,k,score\ntip,5,6,7,0.5\n")
        #expect(try f.slicemark("import", "--as", "net@1", points, f.image).status == 0)
        func rows(_ out: String, _ extra: [String]) throws -> [String] {
            let r = try runProcess(Fixtures.executable, ["export", "--format", "csv", "--out", out] + extra + [f.image])
            #expect(r.status == 0, "\(r.stderr)")
            return try String(contentsOfFile: out + "/annotations.csv", encoding: .utf8).split(separator: "\r\n").map(String.init)
        }
        let plain = try rows(f.path + "/plain", [])
        #expect(!plain.contains { $0.contains(",net,") })
        #expect(plain.contains { $0.contains(",dr.a,") })
        let asked = try rows(f.path + "/asked", ["--status", "proposed"])
        #expect(asked.dropFirst().allSatisfy { $0.contains(",net,") && $0.contains(",proposed,") })
        #expect(asked.count == 2)
    }

    @Test func mistakesAreOneLineWithTheirExitCode() throws {
        let f = try Folder()
        defer { try? FileManager.default.removeItem(atPath: f.path) }
        let other = try f.write("other.csv", "image,x,y,z\nct.nii.gz,0,0,0\n")
        let refused = try f.slicemark("import", "--as", "m", other, f.image)
        #expect(refused.status == 1)
        #expect(refused.stderr.split(separator: "\n").count == 1)
        #expect(refused.stderr.contains("is for another image"))
        #expect(!FileManager.default.fileExists(atPath: f.image + ".annotations.json"))
        let badModel = try f.slicemark("import", "--as", "m@", other, f.image)
        #expect(badModel.status == 2)
        let unknown = try f.write("notes.txt", "hello")
        let format = try f.slicemark("import", "--as", "m", unknown, f.image)
        #expect(format.status == 1 && format.stderr.contains("not a format import reads"))
    }
}
