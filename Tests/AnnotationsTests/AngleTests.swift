import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import Annotations

/// Angles measured in patient space on anisotropic voxels (0.5 × 0.75 × 2 mm), against hand
/// computation and against numpy reading the saved sidecar.
@Suite struct AngleTests {
    let volume = Fake.niftiVolume(file: "/x/ct.nii")   // 8 × 6 × 4, spacing 0.5, 0.75, 2

    func session() -> AnnotationSession {
        AnnotationSession(document: SidecarDocument(image: SidecarImage(format: .nifti, files: [.init(name: "ct.nii", sha256: String(repeating: "e", count: 64))]),
                                                    geometry: SidecarGeometry(volume: volume)), annotator: "a")
    }

    /// Arms V→A = (2, 0, 0) mm and V→B = (2, 3, 0) mm: atan(3/2) = 56.31°, where the voxel grid
    /// alone would say 45°.
    @Test func angleCompletesAtTheThirdPress() throws {
        var s = session()
        #expect(!s.click(.angle, at: [4, 0, 1], plane: .axial, volume: volume).documentChanged)
        #expect(!s.click(.angle, at: [0, 0, 3], plane: .axial, volume: volume).documentChanged)
        #expect(s.pending?.points == [[4, 0, 1], [0, 0, 1]], "later presses go onto the first point's slice")
        let change = s.click(.angle, at: [4, 4, 1], plane: .axial, volume: volume)
        #expect(change.documentChanged && s.pending == nil)
        let angle = try #require(s.document.annotations.first)
        #expect(angle.kind == .angle && angle.label == "angle 1")
        #expect(abs(angle.angleDegrees! - atan(3.0 / 2.0) * 180 / .pi) < 1e-9)
        #expect(abs(angle.angleDegrees! - 56.309932474) < 1e-6)
        #expect(angle.summary == "angle \"angle 1\": 56.3°")
        #expect(s.annotations(on: .axial, slice: 1, volume: volume).count == 1)
        #expect(s.annotations(on: .axial, slice: 2, volume: volume).isEmpty)
        #expect(angle.shape(on: volume.layout(.axial)) == .lines([.init(from: [0, 0], to: [4, 0]), .init(from: [0, 0], to: [4, 4])]))
    }

    /// On the coronal plane (x 0.5 mm, z 2 mm): the first line (2, 0, 2) mm rises at 45°, the
    /// second (2, 0, 0) mm is level: a Cobb angle of 45° (14.04° on the voxel grid). A second
    /// line drawn the other way gives the same; lines 93.81° apart give 86.19°.
    @Test func cobbCompletesAtTheFourthPressAndStaysWithin90() throws {
        var s = session()
        let presses: [SIMD3<Int>] = [[0, 2, 0], [4, 2, 1], [4, 5, 3], [0, 2, 3]]
        for (n, p) in presses.enumerated() {
            let change = s.click(.cobb, at: p, plane: .coronal, volume: volume)
            #expect(change.documentChanged == (n == 3))
        }
        let cobb = try #require(s.document.annotations.first)
        #expect(cobb.points.map(\.voxel) == [[0, 2, 0], [4, 2, 1], [4, 2, 3], [0, 2, 3]])
        #expect(abs(cobb.angleDegrees! - 45) < 1e-9)
        #expect(cobb.summary == "cobb \"cobb 1\": 45.0°")

        for p: SIMD3<Int> in [[0, 2, 0], [4, 2, 1], [0, 2, 2], [7, 2, 0]] { _ = s.click(.cobb, at: p, plane: .coronal, volume: volume) }
        let wide = s.document.annotations[1]
        let between = (atan2(4.0, 3.5) + .pi / 4) * 180 / .pi
        #expect(abs(between - 93.8141) < 1e-3)
        #expect(abs(wide.angleDegrees! - (180 - between)) < 1e-9)
        #expect(wide.label == "cobb 2")
    }

    @Test func degenerateAndRepeatedPointsAreHandled() {
        #expect(AngleMeasurement.degrees(kind: .angle, points: [[0, 0, 0], [0, 0, 0], [1, 0, 0]]) == nil)
        #expect(AngleMeasurement.degrees(kind: .angle, points: [[1, 0, 0], [0, 0, 0], [-1, 0, 0]]) == 180)
        #expect(AngleMeasurement.degrees(kind: .cobb, points: [[0, 0, 0], [1, 0, 0], [5, 5, 5], [7, 5, 5]]) == 0)
        var s = session()
        _ = s.click(.angle, at: [1, 1, 1], plane: .axial, volume: volume)
        #expect(s.click(.angle, at: [1, 1, 1], plane: .axial, volume: volume).message?.contains("already there") == true)
        #expect(s.pending?.points.count == 1)
        _ = s.undo()
        #expect(s.pending == nil)
    }

    /// numpy, from the sidecar alone (its indexToLPS and each point's voxel), agrees with the
    /// stored angles; the schema accepts them.
    @Test func numpyAgreesFromTheSidecar() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let store = AnnotationStore(sidecarPath: folder.file("ct.nii.annotations.json"),
                                    image: SidecarImage(format: .nifti, files: [.init(name: "ct.nii", sha256: String(repeating: "e", count: 64))]),
                                    geometry: SidecarGeometry(volume: volume))
        var s = session()
        for p: SIMD3<Int> in [[7, 1, 0], [2, 4, 0], [5, 5, 0]] { _ = s.click(.angle, at: p, plane: .axial, volume: volume) }
        for p: SIMD3<Int> in [[0, 0, 1], [3, 0, 3], [1, 0, 0], [7, 0, 2]] { _ = s.click(.cobb, at: p, plane: .coronal, volume: volume) }
        for p: SIMD3<Int> in [[0, 5, 0], [0, 1, 3], [0, 0, 1], [0, 4, 2]] { _ = s.click(.cobb, at: p, plane: .sagittal, volume: volume) }
        #expect(s.document.annotations.count == 3)
        _ = try store.save(s.document, audit: s.takeAuditEvents())
        #expect(try SchemaCheck.problems([store.sidecarPath]) == "")
        let script = """
        import json, sys, numpy as np
        doc = json.load(open(sys.argv[1]))
        m = np.array(doc["geometry"]["indexToLPS"])
        worst = 0.0
        for a in doc["annotations"]:
            p = [m @ np.array(q["voxel"] + [1.0]) for q in a["points"]]
            p = [q[:3] for q in p]
            def ang(u, v): return np.degrees(np.arccos(np.clip(np.dot(u, v) / np.linalg.norm(u) / np.linalg.norm(v), -1, 1)))
            if a["kind"] == "angle": d = ang(p[0] - p[1], p[2] - p[1])
            else:
                d = ang(p[1] - p[0], p[3] - p[2]); d = min(d, 180 - d)
            worst = max(worst, abs(d - a["angleDegrees"]))
        print(worst)
        """
        let path = try folder.write("check.py", Array(script.utf8))
        let result = try runProcess(SchemaCheck.python, [path, store.sidecarPath])
        #expect(result.status == 0, "\(result.stderr)")
        let worst = try #require(Double(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(worst < 1e-7)
    }
}
