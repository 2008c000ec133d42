import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// DICOM videos made from real ultrasound frames by ffmpeg and pydicom (scripts/expected/video.py),
/// decoded frame by frame and compared with PyAV's decoding of the same elementary streams.
@Suite struct VideoDecodingTests {
    static let names = ["mpeg2_mpml", "h264_hp41", "h264_grey", "hevc_main", "hevc_main10_grey"]

    static func expected(_ name: String) throws -> [String: Any] {
        let all = try #require(try Fixtures.expected("video") as? [String: [String: Any]])
        return try #require(all[name])
    }

    static func reference(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("generated/video/\(name).frames"))))
    }

    /// The largest difference between frame `n` of the volume and of PyAV's frames.
    static func difference(_ volume: Volume, _ reference: [UInt8], frame n: Int) -> Int {
        let bytes = volume.frames!.frameBytes
        let ours = UnsafeRawBufferPointer(start: volume.buffer.bytes + n * bytes, count: bytes)
        var worst = 0
        reference.withUnsafeBytes { theirs in
            let base = n * bytes
            if volume.voxelType == .uint16 {
                for i in stride(from: 0, to: bytes, by: 2) {
                    let a = Int(ours[i]) | Int(ours[i + 1]) << 8, b = Int(theirs[base + i]) | Int(theirs[base + i + 1]) << 8
                    worst = max(worst, abs(a - b))
                }
            } else {
                for i in 0..<bytes { worst = max(worst, abs(Int(ours[i]) - Int(theirs[base + i]))) }
            }
        }
        return worst
    }

    @Test(arguments: names)
    func everyFrameEqualsPyAVsInAnyOrder(_ name: String) throws {
        let facts = try Self.expected(name)
        let reference = try Self.reference(name)
        let volume = try VolumeLoader.load(path: Fixtures.path("generated/video/\(name).dcm"))
        let frames = try #require(volume.frames)
        let count = try #require(facts["frames"] as? Int)
        #expect(volume.depth == count && frames.frameCount == count)
        #expect(volume.width == facts["width"] as? Int && volume.height == facts["height"] as? Int)
        #expect(volume.components == facts["samplesPerPixel"] as? Int)
        #expect(reference.count == count * frames.frameBytes)
        #expect(frames.keyFrames == facts["keyFrames"] as? [Int])
        // The luma plane is the decoder's own output; RGB is libswscale's bilinear conversion
        // with the stream's matrix, as PyAV's `to_ndarray(format="rgb24")`: both exact.
        // Backwards (each frame a seek), then forwards, then jumps across key frames.
        let order = Array((0..<count).reversed()) + Array(0..<count) + [count / 2, 3, count - 1, 0, 17, 9, 10, 29]
        for n in order {
            try frames.load(n)
            let worst = Self.difference(volume, reference, frame: n)
            #expect(worst == 0, "\(name) frame \(n + 1): differs from PyAV by \(worst)")
        }
    }

    @Test func onlyAFewFramesAreKeptDecoded() throws {
        let volume = try VolumeLoader.load(path: Fixtures.path("generated/video/h264_hp41.dcm"))
        let frames = try #require(volume.frames)
        #expect(volume.buffer.byteCount == 40 * frames.frameBytes)
        for n in 0..<40 { try frames.load(n) }
        let kept = (0..<40).filter(frames.isLoaded).count
        #expect(kept <= frames.capacity)
        #expect(frames.isLoaded(39), "the frame loaded last stays")
    }

    @Test func aSeekDecodesFromTheKeyFrameBeforeIt() throws {
        let volume = try VolumeLoader.load(path: Fixtures.path("generated/video/h264_hp41.dcm"))
        let frames = try #require(volume.frames)
        #expect(frames.keyFrames == [0, 10, 20, 30])
        // Frame 36 from key frame 30: the frames between 30 and 36 come out on the way and are
        // kept; none of the twenties was decoded (the read-ahead after frame 1 stops at 13).
        try frames.load(35)
        #expect((30...35).allSatisfy(frames.isLoaded))
        #expect(!(20..<30).contains(where: frames.isLoaded))
    }

    @Test func theVideoSyntaxesAreNamed() {
        #expect(VideoCodec.transferSyntaxUIDs.count == 9)
        #expect(VideoCodec.transferSyntaxUIDs.allSatisfy { VideoCodec(transferSyntaxUID: $0) != nil })
        #expect(VideoCodec(transferSyntaxUID: "1.2.840.10008.1.2.4.90") == nil)
        #expect(VideoCodec(transferSyntaxUID: "1.2.840.10008.1.2.4.103") == .h264)
        #expect(VideoCodec(transferSyntaxUID: "1.2.840.10008.1.2.4.108") == .hevc)
    }
}
