import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import Annotations

/// Landmarks on real NIfTI files from nibabel's test data: the sidecar's LPS positions must be
/// what nibabel's affine gives (converted from RAS), its identity the file's SHA-256 by hashlib.
@Suite struct RealImageTests {
    @Test(arguments: ["nibabel/anatomical.nii", "nibabel/example4d.nii.gz"])
    func landmarkPositionsMatchNibabel(relative: String) throws {
        let all = try #require(try Fixtures.expected("annotations") as? [String: Any])
        let expected = try #require(all[relative] as? [String: Any])
        let voxels = try #require(expected["voxels"] as? [[Int]])
        let positions = try #require(expected["lps"] as? [[Double]])

        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let copy = folder.file((relative as NSString).lastPathComponent)
        try FileManager.default.copyItem(atPath: Fixtures.path(relative), toPath: copy)
        let volume = try VolumeLoader.load(path: copy)
        let store = try AnnotationStore(volume: volume)
        #expect(store.sidecarPath == copy + ".annotations.json")
        #expect(store.image.files.map(\.sha256) == [expected["sha256"] as? String])

        var session = AnnotationSession(document: try store.load().document, annotator: "tester")
        for v in voxels {
            let change = session.placeLandmark(at: SIMD3(v[0], v[1], v[2]), plane: volume.nativePlane, volume: volume)
            #expect(change.documentChanged)
        }
        _ = try store.save(session.document, audit: session.takeAuditEvents())
        #expect(try SchemaCheck.problems([store.sidecarPath]) == "")

        // Read the file as a script would, not through our decoder.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: store.sidecarPath))) as? [String: Any])
        let annotations = try #require(json["annotations"] as? [[String: Any]])
        #expect(annotations.count == voxels.count)
        for annotation in annotations {
            let voxel = try #require(annotation["voxel"] as? [Int])
            let lps = try #require(annotation["lps"] as? [Double])
            let n = try #require(voxels.firstIndex(of: voxel))
            for axis in 0..<3 {
                #expect(abs(lps[axis] - positions[n][axis]) < 1e-4, "\(relative) voxel \(voxel) axis \(axis): \(lps) vs \(positions[n])")
            }
        }
    }
}

/// Landmarks on oblique DICOM series — one written by pydicom from CT_small.dcm (see
/// scripts/expected/annotations.py), one real CT series of pydicom's test data: positions as
/// the ImagePositionPatient / Orientation / PixelSpacing tags give them, identity by UIDs,
/// sidecar named after the series.
@Suite struct RealSeriesTests {
    @Test(arguments: ["annotations/oblique-series", "pydicom/dicomdirtests/98892001/CT5N"])
    func landmarkPositionsMatchPydicom(relative: String) throws {
        let all = try #require(try Fixtures.expected("annotations") as? [String: Any])
        let expected = try #require(all[relative] as? [String: Any])
        let voxels = try #require(expected["voxels"] as? [[Int]])
        let positions = try #require(expected["lps"] as? [[Double]])
        let series = try #require(expected["seriesInstanceUID"] as? String)

        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let source = Fixtures.path(relative)
        for name in try FileManager.default.contentsOfDirectory(atPath: source) {
            try FileManager.default.copyItem(atPath: (source as NSString).appendingPathComponent(name), toPath: folder.file(name))
        }
        let volume = try VolumeLoader.load(path: folder.path)
        #expect(volume.depth == (relative.hasSuffix("CT5N") ? 5 : 3))
        let store = try AnnotationStore(volume: volume)
        #expect(store.sidecarPath == folder.file(series + ".annotations.json"))
        #expect(store.image.seriesInstanceUID == series)
        if let study = expected["studyInstanceUID"] as? String { #expect(store.image.studyInstanceUID == study) }
        #expect(store.image.sopInstanceUIDs.sorted() == expected["sopInstanceUIDs"] as? [String])
        #expect(store.image.files.map(\.name).sorted() == volume.metadata.sourceFiles.map { ($0 as NSString).lastPathComponent }.sorted())

        var session = AnnotationSession(document: try store.load().document, annotator: "tester")
        for v in voxels {
            _ = session.placeLandmark(at: SIMD3(v[0], v[1], v[2]), plane: volume.nativePlane, volume: volume)
        }
        _ = try store.save(session.document, audit: session.takeAuditEvents())
        #expect(try SchemaCheck.problems([store.sidecarPath]) == "")
        #expect(session.document.annotations.count == voxels.count)
        let text = try String(contentsOfFile: store.sidecarPath, encoding: .utf8)
        let identifying = try #require(expected["identifying"] as? [String])
        #expect(!identifying.isEmpty)
        for value in identifying { #expect(!text.contains(value), "the sidecar holds \(value)") }
        let document = try store.load().document
        for annotation in document.annotations {
            let n = try #require(voxels.firstIndex(of: [annotation.voxel.x, annotation.voxel.y, annotation.voxel.z]))
            for axis in 0..<3 {
                #expect(abs(annotation.lps[axis] - positions[n][axis]) < 1e-3, "voxel \(annotation.voxel): \(annotation.lps) vs \(positions[n])")
            }
        }
    }
}
