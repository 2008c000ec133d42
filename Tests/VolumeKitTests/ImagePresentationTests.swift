import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// Projection radiographs, single ultrasound frames and cines from pydicom-data, read as pydicom
/// reads them (scripts/expected/presentation.py): what each is and how fast its frames go.
@Suite struct ImagePresentationTests {
    static let files = ["RG1_UNCR.dcm", "RG3_UNCR.dcm", "US1_UNCR.dcm", "color3d_jpeg_baseline.dcm"]

    @Test(arguments: files)
    func matchesWhatPydicomReads(_ name: String) throws {
        let all = try #require(try Fixtures.expected("presentation") as? [String: [String: Any]])
        let expected = try #require(all[name])
        let volume = try VolumeLoader.load(path: Fixtures.path("generated/presentation/" + name))
        let presentation = ImagePresentation(metadata: volume.metadata, depth: volume.depth)
        let orientation = expected["patientOrientation"] as? [String] ?? []
        #expect(presentation.isOriented == (expected["oriented"] as? Bool))
        if orientation.count == 2 {
            #expect(presentation.projection?.rows == orientation[0] && presentation.projection?.columns == orientation[1])
        } else {
            #expect(presentation.projection == nil)
        }
        let frames = expected["frames"] as? Int ?? 1
        #expect(presentation.isCine == (frames > 1))
        #expect(presentation.frameTime == expected["frameTime"] as? Double)
    }

    @Test func aSliceSeriesInPatientSpaceIsAVolume() throws {
        let volume = try VolumeLoader.load(path: Fixtures.path("pydicom/CT_small.dcm"))
        #expect(ImagePresentation(metadata: volume.metadata, depth: volume.depth) == .volume)
        #expect(ImagePresentation(metadata: DemoPhantom.volume().metadata, depth: 96) == .volume)
    }

    @Test func frameRatesFromEachAttributeTheStandardHas() {
        func presentation(_ fields: [(String, String)]) -> ImagePresentation {
            var metadata = VolumeMetadata(format: .dicom, sourceFiles: [], datatypeName: "uint8")
            metadata.fields = ([("(0028,0008)", "10")] + fields).map { MetadataField(key: $0.0, name: "", value: $0.1) }
            return ImagePresentation(metadata: metadata, depth: 10)
        }
        #expect(presentation([("(0018,1063)", "33.3")]).frameTime == 33.3)
        #expect(presentation([("(0018,1065)", "0\\40\\40\\50")]).frameTime.map { abs($0 - 130 / 3) < 1e-9 } == true)
        #expect(presentation([("(0018,0040)", "25")]).frameTime == 40)
        #expect(presentation([("(0008,2144)", "50")]).frameTime == 20)
        #expect(presentation([]).frameTime == nil)
        #expect(presentation([]).isCine)
        #expect(!presentation([("(0020,0037)", "1\\0\\0\\0\\1\\0")]).isCine, "frames with an orientation are slices")
        // The Cine module's Frame Increment Pointer makes them moments, unless each frame has its own position.
        let oriented = ("(0020,0037)", "1\\0\\0\\0\\1\\0")
        #expect(presentation([oriented, ("(0028,0009)", "(0018,1063)"), ("(0018,1063)", "50")]).isCine)
        #expect(presentation([oriented, ("(0028,0009)", "(0018,1065)")]).isCine)
        #expect(!presentation([oriented, ("(0028,0009)", "(0054,0080)")]).isCine, "NM: a pointer to slice vectors")
        #expect(!presentation([oriented, ("(0028,0009)", "(0018,1063)"), ("(5200,9230)", "")]).isCine)
        var video = VolumeMetadata(format: .dicom, sourceFiles: [], datatypeName: "uint8", transferSyntaxUID: "1.2.840.10008.1.2.4.102")
        video.fields = [("(0028,0008)", "10"), oriented].map { MetadataField(key: $0.0, name: "", value: $0.1) }
        #expect(ImagePresentation(metadata: video, depth: 10).isCine, "a video is frames in time")
    }

    @Test func oppositeDirectionsLetterByLetter() {
        #expect(ImagePresentation.opposite("L") == "R")
        #expect(ImagePresentation.opposite("AF") == "PH")
        #expect(ImagePresentation.opposite("rp") == "LA")
    }
}
