import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// Real files with bytes of their header overwritten at random (a fixed seed, so every run
/// tries the same damage): each reads or fails with a `VolumeKitError` naming the file.
@Suite struct DICOMDamagedFileTests {
    /// SplitMix64: small, deterministic, good enough to pick bytes.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    }

    static let samples = ["MR_small.dcm", "CT_small.dcm", "rtdose.dcm", "ExplVR_BigEnd.dcm", "image_dfl.dcm",
                          "MR_small_implicit.dcm", "liver_1frame.dcm", "nested_priv_SQ.dcm", "SC_rgb_rle_2frame.dcm"]

    @Test(arguments: samples)
    func damagedHeadersFailCleanly(_ sample: String) throws {
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.path("pydicom/\(sample)"))))
        let path = try DICOMTestBytes.write([], name: "damaged-\(sample)")
        var random = Random(state: UInt64(sample.utf8.count) &* 7919)
        for _ in 0..<40 {
            var bytes = original
            let span = min(bytes.count, 2048)
            for _ in 0...random.below(6) { bytes[random.below(span)] = UInt8(random.below(256)) }
            if random.below(4) == 0 { bytes.removeLast(random.below(bytes.count)) }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                _ = try VolumeLoader.load(path: path)
            } catch let error as VolumeKitError {
                #expect(error.description.hasPrefix(path) || error.path == path, "\(error)")
            }
        }
    }
}
