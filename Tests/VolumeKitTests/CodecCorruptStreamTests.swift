import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// Damaged frames and frames that disagree with their dataset end in a `CodecError`, never a
/// crash, a hang or a silently grey image.
@Suite struct CodecCorruptStreamTests {
    /// One real frame for each decoder and each distinct code path in it.
    static let representatives: [CodecFixture] = {
        let names = ["MR_small_RLE", "SC_rgb_rle_16bit", "SC_rgb_jpeg_dcmtk", "SC_rgb_dcmtk_+eb+cy+s2",
                     "CT_small_jpeg_extended_12bit", "MR_small_jpeg_lossless_p4", "SC_rgb_jpeg_gdcm",
                     "MR_small_jpeg_ls_lossless", "SC_rgb_jls_lossy_line", "MR_small_jp2klossless",
                     "GDCMJ2K_TextGBR", "MR_small_htj2k_lossless"]
        return names.compactMap { name in CodecFixture.all.first { $0.name == name } }
    }()

    @Test func everyDecoderHasARepresentative() {
        #expect(Self.representatives.count == 12)
    }

    @Test(arguments: representatives)
    func aTruncatedFrameIsReportedAsDamaged(_ fixture: CodecFixture) throws {
        let bytes = try fixture.encoded()
        for length in [0, 1, 3, 10, bytes.count * 3 / 5] {
            let cut = Array(bytes.prefix(length))
            #expect(throws: CodecError.self, "cut to \(length) of \(bytes.count) bytes") {
                try decode(cut, fixture.description)
            }
        }
        if let error = catchError({ try decode(Array(bytes.prefix(bytes.count * 3 / 5)), fixture.description) }) {
            guard case .corrupt = error else { Issue.record("a cut-short frame should be .corrupt, got \(error)"); return }
        }
    }

    /// 25 by default; `SLICEMARK_FUZZ_COPIES=5000 swift test --filter flippedBytes` for a long run.
    static let damagedCopies = ProcessInfo.processInfo.environment["SLICEMARK_FUZZ_COPIES"].flatMap(Int.init) ?? 25

    @Test(arguments: representatives)
    func flippedBytesNeverCrash(_ fixture: CodecFixture) throws {
        let bytes = try fixture.encoded()
        var random = SplitMix(seed: UInt64(bytes.count))
        let layout = try FrameLayout(fixture.description, codec: "test")
        for _ in 0..<Self.damagedCopies {
            var damaged = bytes
            for _ in 0..<(1 + Int(random.next() % 4)) {
                let at = Int(random.next() % UInt64(damaged.count))
                damaged[at] = UInt8(truncatingIfNeeded: random.next())
            }
            do {
                let frame = try decode(damaged, fixture.description)
                #expect(frame.bytes.count == layout.byteCount)
            } catch {
                // A CodecError is the expected outcome for most damage.
            }
        }
    }

    @Test(arguments: representatives)
    func aFrameThatDisagreesWithItsDatasetIsRefused(_ fixture: CodecFixture) throws {
        let bytes = try fixture.encoded()
        var taller = fixture.description
        taller.rows += 1
        #expect(throws: CodecError.self) { try decode(bytes, taller) }
        var otherSamples = fixture.description
        otherSamples.samplesPerPixel = fixture.description.samplesPerPixel == 1 ? 3 : 1
        #expect(throws: CodecError.self) { try decode(bytes, otherSamples) }
        var oddBits = fixture.description
        oddBits.bitsAllocated = 12
        #expect(throws: CodecError.unsupported(codec: decoderName(fixture), detail: "Bits Allocated 12 (only 8, 16 or 32)")) {
            try decode(bytes, oddBits)
        }
    }

    @Test func decodersNameTheProblem() throws {
        let fixture = try #require(CodecFixture.all.first { $0.name == "MR_small_RLE" })
        var description = fixture.description
        description.columns = 65
        let error = catchError { try decode(try fixture.encoded(), description) }
        #expect(error.map(String.init(describing:)) == "RLE Lossless pixel data is damaged: segment 1 decodes to 4096 bytes, but the image has 4160 pixels")
    }

    private func decoderName(_ fixture: CodecFixture) -> String {
        FrameDecoders.decoder(for: fixture.description.transferSyntaxUID)!.name
    }
}

func decode(_ bytes: [UInt8], _ description: FrameDescription) throws -> DecodedFrame {
    let decoder = FrameDecoders.decoder(for: description.transferSyntaxUID)!
    return try bytes.withUnsafeBytes { try decoder.decode($0, description) }
}

/// The CodecError `body` throws (nil when it succeeds or throws something else).
func catchError(_ body: () throws -> DecodedFrame) -> CodecError? {
    do { _ = try body(); return nil } catch { return error as? CodecError }
}

/// A small deterministic generator, so a failure can be reproduced.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
