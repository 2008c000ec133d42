import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import Annotations

@Suite struct AnnotationShapeTests {
    let volume = SyntheticVolume.ramp(width: 8, height: 6, depth: 4)

    func annotation(_ kind: AnnotationKind, _ voxels: [SIMD3<Int>], plane: Plane = .axial) -> Annotation {
        Annotation(id: UUID(), kind: kind, label: "x", annotator: "a", created: Fake.t0, plane: plane,
                   points: voxels.map { AnnotationPoint(voxel: $0, geometry: volume.geometry) })
    }

    @Test func outlinesMatchTheCoveredPixels() {
        let axial = volume.layout(.axial)
        #expect(annotation(.rectangle, [[3, 2, 1], [1, 1, 1]]).shape(on: axial) == .rectangle(min: [0.5, 0.5], max: [3.5, 2.5]))
        #expect(annotation(.ellipse, [[0, 0, 1], [4, 2, 1]]).shape(on: axial) == .ellipse(center: [2, 1], radii: [2.5, 1.5]))
        #expect(annotation(.landmark, [[5, 4, 2]]).shape(on: axial) == .point([5, 4]))
        #expect(annotation(.polygon, [[0, 0, 1], [4, 0, 1], [0, 4, 1]]).shape(on: axial) == .polygon([[0, 0], [4, 0], [0, 4]]))
    }

    /// Coronal view of the ramp volume: columns are i, rows run down from the top slice (k = 3).
    @Test func anyPlaneShowsTheSamePoints() {
        let coronal = volume.layout(.coronal)
        let ruler = annotation(.distance, [[1, 2, 0], [6, 4, 3]])
        #expect(ruler.shape(on: coronal) == .line(from: [1, 3], to: [6, 0]))
        #expect(ruler.slices(on: coronal) == 2...4)
        #expect(ruler.slices(on: volume.layout(.axial)) == 0...3)
    }
}

@Suite struct AnnotationTextTests {
    @Test func summaries() {
        let volume = Fake.niftiVolume(file: "/x/ct.nii")
        var session = AnnotationSession(document: SidecarDocument(image: SidecarImage(format: .nifti), geometry: SidecarGeometry(volume: volume)),
                                        annotator: "a")
        _ = session.placeLandmark(at: [1, 2, 3], plane: .axial, volume: volume)
        _ = session.click(.rectangle, at: [1, 2, 3], plane: .axial, volume: volume)
        _ = session.click(.rectangle, at: [3, 4, 3], plane: .axial, volume: volume)
        _ = session.click(.distance, at: [0, 0, 0], plane: .axial, volume: volume)
        _ = session.click(.distance, at: [3, 4, 2], plane: .axial, volume: volume)
        #expect(session.document.annotations.map(\.summary) == [
            "landmark \"landmark 1\" [1, 2, 3]",
            "rectangle \"rectangle 1\": 3.4 mm², 9 px, mean 332.0 ± 8.2, min 321.0, max 343.0",
            "distance \"distance 1\": 5.22 mm",
        ])
    }
}
