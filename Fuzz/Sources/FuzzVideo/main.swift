import FuzzSupport
import Foundation
@testable import VolumeKit

/// The video path of the viewer. The first byte chooses what the rest is:
/// - 0–5: an elementary stream of one codec family (MPEG-2; H.264 colour, grey; HEVC 8-bit
///   colour, 10-bit colour, 10-bit grey). Bytes 1–6 describe the file it is put in: columns
///   and rows (u16 LE each, 1…1024), Number of Frames (1…64), fragments (1…3) and the seed of
///   the random seeks; the stream follows. The target writes a DICOM file around it.
/// - 6, 7: the rest is a whole DICOM file (any header, video or not).
/// Either way the file goes through `VolumeLoader.load`; a video's frames are then loaded as
/// the viewer does: every frame in order (as playing from the start does, the key frame index
/// being built meanwhile), then, once indexed, a few frames in a random order seeded by the
/// input. Before the next input `FrameSource.close()` ends the indexing and reading threads.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVideo(_ input: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start = input, count >= 1 else { return 0 }
    let data = UnsafeRawBufferPointer(start: start, count: count)
    let path = FuzzSupport.scratchPath("video.dcm")
    let choice = Int(data[0] % 8)
    var seed: UInt64 = 0
    if choice < VideoFile.variants.count {
        guard count > VideoFile.headerSize else { return 0 }
        let file = VideoFile(data)
        seed = UInt64(file.seed)
        file.dicom.withUnsafeBytes { FuzzSupport.write($0, to: path) }
    } else {
        FuzzSupport.write(UnsafeRawBufferPointer(rebasing: data[1...]), to: path)
        seed = UInt64(count)
    }
    guard let volume = try? VolumeLoader.load(path: path), let frames = volume.frames else { return 0 }
    play(frames, seed: seed)
    return 0
}

/// At most this many frames are decoded in order, and this many seeks made, per input.
private let framesPlayed = 64
private let seeks = 6

private func play(_ frames: FrameSource, seed: UInt64) {
    defer { frames.close() }
    for frame in 0..<min(frames.frameCount, framesPlayed) { _ = try? frames.load(frame) }
    guard frames.waitUntilIndexed(seconds: 20) else { return }
    let keys = frames.keyFrames, total = frames.frameCount
    precondition(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 } && keys.allSatisfy { $0 >= 0 && $0 < total },
                 "key frames \(keys) are not ascending frames of the \(total)")
    guard total > 0 else { return }
    var random = SplitMix(seed: seed)
    for _ in 0..<seeks { _ = try? frames.load(Int(random.next() % UInt64(total))) }
}

private struct SplitMix {
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

// libFuzzer's archive brings a `main` that refers to `LLVMFuzzerTestOneInput`, so the target has
// that name too; SwiftPM makes this top-level code the program's entry point.
FuzzSupport.runFuzzer(fuzzVideo)
