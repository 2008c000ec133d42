import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// Files that share a Series Instance UID (pydicom's samples do, like many anonymised datasets)
/// but differ in transfer syntax or size are never merged into one volume without a word.
@Suite struct SharedSeriesUIDTests {
    static func folder(_ names: [String]) throws -> String {
        let folder = NSTemporaryDirectory() + "slicemark-shared-uid-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in names {
            try FileManager.default.copyItem(atPath: Fixtures.path("pydicom/" + name), toPath: folder + "/" + name)
        }
        return folder
    }

    static func series(_ sources: [ImageSource]) -> [DICOMSeriesSource] {
        sources.compactMap { if case .dicomSeries(let s) = $0 { return s } else { return nil } }
    }

    @Test func twoTransferSyntaxesOfOneImageAreReadApartAndNamed() throws {
        let folder = try Self.folder(["MR_small.dcm", "MR_small_RLE.dcm"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let found = Self.series(try VolumeLoader.sources(at: folder))
        #expect(found.count == 2)
        #expect(found.map { $0.files.map { ($0 as NSString).lastPathComponent } } == [["MR_small.dcm"], ["MR_small_RLE.dcm"]])
        #expect(found[0].seriesInstanceUID == found[1].seriesInstanceUID)
        #expect(found[0].warnings.count == 1 && found[0].warnings[0].hasPrefix("MR_small_RLE.dcm (64 × 64, RLE Lossless)"))
        #expect(found[1].warnings.count == 1 && found[1].warnings[0].hasPrefix("MR_small.dcm (64 × 64, Explicit VR Little Endian)"))
        #expect(found[1].title.contains("RLE Lossless"))
        let volume = try VolumeLoader.load(.dicomSeries(found[1]))
        #expect(volume.timepoints == 1 && volume.depth == 1)
        #expect(volume.metadata.warnings.first == found[1].warnings[0])
        #expect(volume.metadata.transferSyntaxUID == "1.2.840.10008.1.2.5")
    }

    @Test func multiFrameFilesOfOneSeriesStayApartWithoutAWarning() throws {
        let folder = try Self.folder(["rtdose.dcm", "rtdose_1frame.dcm"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let found = Self.series(try VolumeLoader.sources(at: folder))
        #expect(found.count == 2)
        #expect(found.allSatisfy { $0.warnings.isEmpty })
    }

    @Test func aReaderGivenMixedTransferSyntaxesSaysSo() throws {
        let files = ["MR_small.dcm", "MR_small_RLE.dcm"].map { Fixtures.path("pydicom/" + $0) }
        let volume = try DICOMVolumeReader.read(files: files, progress: nil)
        #expect(volume.metadata.warnings.contains { $0.contains("2 transfer syntaxes") && $0.contains("MR_small_RLE.dcm") })
    }
}
