import Testing
import VolumeKit
@testable import Annotations

@Suite struct TimepointTests {
    /// 4 × 3 × 2 voxels, 2 timepoints; stored value i + 10 j + 100 k + 1000 t.
    static let volume4D: Volume = {
        let buffer = VoxelBuffer(zeroedByteCount: 4 * 3 * 2 * 2 * 2)
        let p = buffer.mutableBytes.assumingMemoryBound(to: Int16.self)
        for t in 0..<2 { for k in 0..<2 { for j in 0..<3 { for i in 0..<4 {
            p[((t * 2 + k) * 3 + j) * 4 + i] = Int16(i + 10 * j + 100 * k + 1000 * t)
        } } } }
        return Volume(width: 4, height: 3, depth: 2, timepoints: 2, voxelType: .int16, geometry: VolumeGeometry(),
                      buffer: buffer, metadata: VolumeMetadata(format: .nifti, sourceFiles: ["/x/fmri.nii"], datatypeName: "int16"))
    }()

    func session() -> AnnotationSession {
        let image = SidecarImage(format: .nifti, files: [.init(name: "fmri.nii", sha256: String(repeating: "d", count: 64))])
        return AnnotationSession(document: SidecarDocument(image: image, geometry: SidecarGeometry(volume: Self.volume4D)),
                                 annotator: "a")
    }

    @Test func regionsRecordTheirTimepointAndMeasureIt() {
        var session = self.session()
        session.timepoint = 1
        _ = session.click(.rectangle, at: [0, 0, 1], plane: .axial, volume: Self.volume4D)
        _ = session.click(.rectangle, at: [1, 0, 1], plane: .axial, volume: Self.volume4D)
        let roi = session.document.annotations[0]
        #expect(roi.timepoint == 1)
        #expect(roi.statistics?.mean == 1100.5)
        #expect(session.annotations(on: .axial, slice: 1, volume: Self.volume4D).count == 1)
        session.timepoint = 0
        #expect(session.annotations(on: .axial, slice: 1, volume: Self.volume4D).isEmpty)
    }

    @Test func fourDimensionalSidecarValidates() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let image = SidecarImage(format: .nifti, files: [.init(name: "fmri.nii", sha256: String(repeating: "d", count: 64))])
        let store = AnnotationStore(sidecarPath: folder.file("fmri.nii.annotations.json"), image: image,
                                    geometry: SidecarGeometry(volume: Self.volume4D))
        var session = AnnotationSession(document: try store.load().document, annotator: "a")
        session.timepoint = 1
        _ = session.click(.ellipse, at: [0, 0, 1], plane: .axial, volume: Self.volume4D)
        _ = session.click(.ellipse, at: [3, 2, 1], plane: .axial, volume: Self.volume4D)
        _ = try store.save(session.document, audit: session.takeAuditEvents())
        #expect(try SchemaCheck.problems([store.sidecarPath]) == "")
        #expect(try store.load().document.annotations.first?.timepoint == 1)
    }

    @Test func demoVolumeGetsAnUnsavedDocument() {
        var volume = Fake.niftiVolume(file: "")
        volume.metadata = VolumeMetadata(format: .demo, sourceFiles: [], datatypeName: "int16",
                                         identity: ImageIdentity(seriesInstanceUID: "2.25.1"))
        var session = AnnotationSession(document: SidecarDocument(unsavedFor: volume), annotator: "a")
        #expect(session.placeLandmark(at: [1, 1, 1], plane: .axial, volume: volume).documentChanged)
        #expect(session.document.image.seriesInstanceUID == "2.25.1")
        #expect(session.document.image.files.isEmpty)
    }

    @Test func threeDimensionalImagesHaveNoTimepoint() {
        let volume = Fake.niftiVolume(file: "/x/ct.nii")
        var session = AnnotationSession(document: SidecarDocument(image: SidecarImage(format: .nifti), geometry: SidecarGeometry(volume: volume)),
                                        annotator: "a")
        session.timepoint = 3
        _ = session.placeLandmark(at: [1, 1, 1], plane: .axial, volume: volume)
        #expect(session.document.annotations[0].timepoint == nil)
    }

    /// Landmarks and distances show on every plane; a region only on the plane it was drawn on.
    @Test func visibilityAcrossPlanes() {
        let volume = Fake.niftiVolume(file: "/x/ct.nii")
        var session = AnnotationSession(document: SidecarDocument(image: SidecarImage(format: .nifti), geometry: SidecarGeometry(volume: volume)),
                                        annotator: "a")
        _ = session.placeLandmark(at: [2, 3, 1], plane: .axial, volume: volume)
        _ = session.click(.rectangle, at: [1, 1, 1], plane: .axial, volume: volume)
        _ = session.click(.rectangle, at: [4, 4, 1], plane: .axial, volume: volume)
        let onAxial = session.annotations(on: .axial, slice: 1, volume: volume).map(\.kind)
        #expect(onAxial == [.landmark, .rectangle])
        // Coronal slice j = 3 passes through both; only the landmark is drawn there.
        #expect(session.annotations(on: .coronal, slice: 3, volume: volume).map(\.kind) == [.landmark])
        #expect(session.annotations(on: .axial, slice: 2, volume: volume).isEmpty)
    }
}
