import Foundation
import Testing
import TestSupport
import VolumeKit

/// Headers with random bytes overwritten either read or fail with a `VolumeKitError`, never
/// crash: whatever a header claims, the reader must not trust it past what the file holds.
@Suite struct NIfTICorruptHeaderTests {
    /// A small deterministic generator, so a failure can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test(arguments: ["nibabel-made/dtype_int16.nii", "nibabel-made/single_nifti2.nii", "nibabel-made/analyze_centred.hdr"])
    func randomHeaderDamageNeverCrashes(_ file: String) throws {
        let source = Fixtures.path(file)
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: source)))
        let headerSize = file.contains("nifti2") ? 540 : 348
        let name = (file as NSString).lastPathComponent
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slicemark-fuzz-\(getpid())-\(name.split(separator: ".")[0])")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(name).path
        if file.hasSuffix(".hdr") {
            try FileManager.default.copyItem(atPath: String(source.dropLast(4)) + ".img",
                                             toPath: String(path.dropLast(4)) + ".img")
        }

        var random = SplitMix(state: UInt64(headerSize))
        var opened = 0, refused = 0
        for _ in 0..<150 {
            var bytes = original
            // Keep sizeof_hdr (and the NIfTI-2 magic) so the damage reaches the reader's checks.
            let protected = file.contains("nifti2") ? 12 : 4
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let at = Int.random(in: protected..<headerSize, using: &random)
                bytes[at] = UInt8.random(in: 0...255, using: &random)
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                let volume = try VolumeLoader.load(path: path)
                _ = volume.statistics()
                _ = volume.value(volume.width - 1, volume.height - 1, volume.depth - 1, t: volume.timepoints - 1)
                _ = volume.patientPosition(volume.width - 1, volume.height - 1, volume.depth - 1)
                opened += 1
            } catch is VolumeKitError {
                refused += 1
            }
        }
        #expect(opened + refused == 150)
        #expect(opened > 0 && refused > 0, "opened \(opened), refused \(refused)")
    }
}
