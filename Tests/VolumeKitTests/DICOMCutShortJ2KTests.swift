import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// pydicom-data's `emri_small_jpeg_2k_lossless_too_short.dcm` is `emri_small_jpeg_2k_lossless.dcm`
/// less its last 8 bytes: the Sequence Delimitation Item that closes the compressed pixel data.
/// Every codestream in it still ends with its EOC marker, which is why OpenJPEG decoded it
/// "whole"; the file is cut short all the same (pydicom reads no dataset from it) and is refused.
@Suite struct DICOMCutShortJ2KTests {
    static let whole = Fixtures.path("pydicom-data/emri_small_jpeg_2k_lossless.dcm")
    static let cut = Fixtures.path("pydicom-data/emri_small_jpeg_2k_lossless_too_short.dcm")

    @Test func theWholeFileStillReads() throws {
        let volume = try VolumeLoader.load(path: Self.whole)
        #expect(volume.dimensions == [64, 64, 10])
    }

    @Test func theFileCutShortIsRefusedNamingTheFileAndFrame() throws {
        do {
            _ = try VolumeLoader.load(path: Self.cut)
            Issue.record("the cut-short file was read")
        } catch {
            let line = String(describing: error)
            #expect(line.contains("emri_small_jpeg_2k_lossless_too_short.dcm"), "\(line)")
            #expect(line.contains("frame 10 of 10"), "\(line)")
            #expect(line.contains("(FFFE,E0DD)"), "\(line)")
            #expect(!line.contains("\n"))
        }
    }

    /// A codestream whose tile data ends early but which still closes with EOC: without
    /// OpenJPEG's strict mode it decodes, the missing part as zeros.
    @Test func aCodestreamMissingItsLastBytesIsDamagedEvenWithItsEOC() throws {
        let fixture = try #require(CodecFixture.all.first { $0.name == "MR_small_jp2klossless" })
        let bytes = try fixture.encoded()
        let cut = Array(bytes.prefix(bytes.count * 4 / 5)) + [0xFF, 0xD9]
        let decoder = try #require(FrameDecoders.decoder(for: fixture.description.transferSyntaxUID))
        #expect(throws: CodecError.self) {
            _ = try cut.withUnsafeBytes { try decoder.decode($0, fixture.description) }
        }
    }
}
