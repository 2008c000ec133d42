import Testing
import TestSupport
@testable import VolumeKit

@Suite struct DICOMMetadataTests {
    let volume: Volume? = try? VolumeLoader.load(path: Fixtures.path("pydicom/CT_small.dcm"))

    @Test func everyElementIsListedWithNameAndValue() throws {
        let fields = try #require(volume).metadata.fields
        let modality = try #require(fields.first { $0.key == "(0008,0060)" })
        #expect(modality.name == "Modality")
        #expect(modality.value == "CT")
        #expect(fields.contains { $0.key == "(0002,0010)" && $0.value == "1.2.840.10008.1.2.1" })
        #expect(fields.contains { $0.key == "(0028,0030)" && $0.value == "0.661468\\0.661468" })
        #expect(fields.contains { $0.key == "(7FE0,0010)" })
        #expect(fields.count > 80)
    }

    @Test func patientIdentifyingElementsAreMarked() throws {
        let fields = try #require(volume).metadata.fields
        for key in ["(0010,0010)", "(0010,0020)", "(0010,0030)", "(0008,0080)"] {
            let field = try #require(fields.first { $0.key == key }, "\(key)")
            #expect(field.identifiesPatient, "\(key) \(field.name)")
        }
        #expect(fields.first { $0.key == "(0028,0010)" }?.identifiesPatient == false)
    }

    @Test func sequencesAreNested() throws {
        let fields = try #require(volume).metadata.fields
        let index = try #require(fields.firstIndex { $0.key == "(0010,1002)" })  // Other Patient IDs Sequence
        #expect(fields[index].depth == 0)
        #expect(fields[index].value == "2 items")
        #expect(fields[index + 1].name == "Item 1" && fields[index + 1].depth == 1)
        #expect(fields[index + 2].depth == 2)
        #expect(fields[index + 2].key == "(0010,0020)" && fields[index + 2].identifiesPatient)
    }

    @Test func identityWindowsAndDescriptors() throws {
        let metadata = try #require(volume).metadata
        #expect(metadata.identity.seriesInstanceUID?.hasPrefix("1.3.6.1.4.1.5962") == true)
        #expect(metadata.identity.studyInstanceUID != nil)
        #expect(metadata.identity.sopInstanceUIDs.count == 1)
        #expect(metadata.modality == "CT")
        #expect(metadata.transferSyntaxUID == "1.2.840.10008.1.2.1")
        #expect(metadata.datatypeName == "int16")
        #expect(metadata.sourceFiles == [Fixtures.path("pydicom/CT_small.dcm")])
    }

    @Test func fileWindowsWithExplanations() throws {
        let volume = try VolumeLoader.load(path: Fixtures.path("pydicom/MR_small.dcm"))
        let windows = volume.metadata.fileWindows
        #expect(!windows.isEmpty)
        #expect(windows.allSatisfy { $0.width > 0 && !$0.name.isEmpty })
    }

    @Test func paletteIsRead() throws {
        let volume = try VolumeLoader.load(path: Fixtures.path("pydicom/examples_palette.dcm"))
        let palette = try #require(volume.metadata.palette)
        #expect(palette.red.count == 256 && palette.green.count == 256 && palette.blue.count == 256)
        #expect(palette.firstIndex == 0)
    }

    @Test func segmentedPaletteExpands() {
        // Discrete 0, 10, 20; linear to 60 in 4 steps; then an indirect copy of the first segment.
        let data = [0, 3, 0, 10, 20, 1, 4, 60, 2, 1, 0, 0]
        #expect(DICOMPalette.expandSegments(data) == [0, 10, 20, 30, 40, 50, 60, 0, 10, 20])
        // An indirect segment pointing at itself ends instead of looping.
        #expect(DICOMPalette.expandSegments([0, 1, 5, 2, 1, 3, 0]) == [5])
    }
}
