import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// Every compressed frame of pydicom's sample files (and the few encoded by third-party
/// encoders in scripts/expected/codecs.py) decodes to what pydicom decodes.
@Suite struct CodecFixtureTests {
    @Test func theFixturesAreThere() {
        // scripts/fixtures.sh writes them; without them every test below would pass vacuously.
        #expect(CodecFixture.all.count >= 60)
        let syntaxes = Set(CodecFixture.all.map(\.description.transferSyntaxUID))
        for uid in ["1.2.840.10008.1.2.5", "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57",
                    "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81", "1.2.840.10008.1.2.4.90",
                    "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.203"] {
            #expect(syntaxes.contains(uid), "no fixture frame for \(uid)")
        }
    }

    @Test(arguments: CodecFixture.all)
    func decodesLikePydicom(_ fixture: CodecFixture) throws {
        let decoded = try fixture.decode()
        let expected = try [UInt8](Data(contentsOf: URL(fileURLWithPath: try #require(fixture.expectedPath))))
        #expect(decoded.bytes.count == expected.count)
        #expect(decoded.photometric == fixture.outputPhotometric)
        let ours = fixture.samples(decoded.bytes), theirs = fixture.samples(expected)
        #expect(ours.min() == fixture.minimum || !fixture.lossless)
        #expect(ours.max() == fixture.maximum || !fixture.lossless)
        if let turbo = fixture.turboPath {
            // pydicom's Pillow plugin decodes with libjpeg-turbo, as slicemark does: identical.
            let reference = try [UInt8](Data(contentsOf: URL(fileURLWithPath: turbo)))
            let identical = decoded.bytes == reference  // outside #expect: its diff of large arrays is slow
            #expect(identical, "largest difference from libjpeg-turbo \(CodecFixture.largestDifference(ours, fixture.samples(reference)))")
            // pylibjpeg decodes with Thomas Richter's libjpeg, whose IDCT rounds differently.
            #expect(CodecFixture.largestDifference(ours, theirs) <= Self.libjpegTolerance)
        } else if fixture.description.transferSyntaxUID == "1.2.840.10008.1.2.4.51" {
            // 12-bit: slicemark's own IDCT (double precision) against libjpeg's integer one.
            #expect(CodecFixture.largestDifference(ours, theirs) <= Self.libjpegTolerance)
            let differing = Double(zip(ours, theirs).filter { $0 != $1 }.count) / Double(ours.count)
            #expect(differing < 0.05, "\(differing * 100) % of the samples differ")
        } else {
            let identical = decoded.bytes == expected
            #expect(identical, "largest difference \(CodecFixture.largestDifference(ours, theirs))")
        }
    }

    /// Largest difference measured between libjpeg-turbo and pylibjpeg-libjpeg on the 8-bit
    /// lossy samples, and between slicemark's 12-bit decoder and pylibjpeg-libjpeg.
    static let libjpegTolerance: Int64 = 1

    @Test(arguments: CodecFixture.undecodable)
    func failsCleanlyWhereNeitherPydicomNorGDCMDecodes(_ fixture: CodecFixture) throws {
        #expect(throws: CodecError.self) { try fixture.decode() }
    }

    @Test func aDCTFrameLabelledLosslessIsStillDecoded() throws {
        // Some archives store baseline JPEG under the lossless transfer syntax.
        let fixture = try #require(CodecFixture.all.first { $0.name == "SC_rgb_jpeg_dcmtk" })
        var mislabelled = fixture.description
        mislabelled.transferSyntaxUID = "1.2.840.10008.1.2.4.70"
        let frame = try decode(try fixture.encoded(), mislabelled)
        let reference = try [UInt8](Data(contentsOf: URL(fileURLWithPath: try #require(fixture.turboPath))))
        let identical = frame.bytes == reference
        #expect(identical)
    }

    @Test func eightBitJPEGInSixteenBitWordsIsWidened() throws {
        let fixture = try #require(CodecFixture.all.first { $0.name == "MR_small_jpeg_baseline_grey" })
        var wide = fixture.description
        wide.bitsAllocated = 16
        let frame = try decode(try fixture.encoded(), wide)
        let reference = try [UInt8](Data(contentsOf: URL(fileURLWithPath: try #require(fixture.turboPath))))
        let widened: [UInt8] = reference.flatMap { [$0, 0] as [UInt8] }
        let identical = frame.bytes == widened
        #expect(identical)
    }
}
