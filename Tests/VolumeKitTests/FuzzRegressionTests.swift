import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// Inputs the fuzzers found (`Fuzz/crashes/`), decoded in the normal suite: each must fail with
/// an error naming the codec, never crash or end the process.
@Suite struct FuzzRegressionTests {
    /// A damaged HTJ2K codestream on which libopenjp2 2.5.0 hits `assert` in `mel_init`
    /// (`ht_dec.c`): before the guard in `openjpeg_guard.c`, this aborted the whole viewer.
    /// The first 8 bytes are FuzzOpenJPEG's frame description: 100 × 100, RGB-like YBR_ICT,
    /// 8 of 8 bits; the rest is the frame.
    @Test func anAssertInsideOpenJPEGIsAnErrorNotAnAbort() throws {
        let path = Fixtures.repositoryRoot.appendingPathComponent("Fuzz/crashes/FuzzOpenJPEG/htj2k-mel-assert.bin").path
        let data = try #require(FileManager.default.contents(atPath: path))
        let description = FrameDescription(rows: 100, columns: 100, samplesPerPixel: 3, bitsAllocated: 8, bitsStored: 8,
                                           pixelRepresentation: 0, planarConfiguration: 0, photometric: "YBR_ICT",
                                           transferSyntaxUID: "1.2.840.10008.1.2.4.90")
        let frame = Array(data.dropFirst(8))
        for _ in 0..<3 {
            // Several times, and from several threads at once: the guard is per thread.
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                let failed = frame.withUnsafeBytes { bytes -> Bool in
                    do {
                        _ = try JPEG2000Decoder().decode(bytes, description)
                        return false
                    } catch {
                        return "\(error)".contains("JPEG 2000")
                    }
                }
                #expect(failed, "a damaged frame is an error naming the codec")
            }
        }
        // A good JPEG 2000 image still decodes after the guarded aborts.
        let volume = try VolumeLoader.load(path: Fixtures.path("pydicom/JPEG2000.dcm"))
        #expect(volume.width > 0 && volume.statistics().max > volume.statistics().min)
    }
}
