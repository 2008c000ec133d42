import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// DICOM videos made from real ultrasound frames by ffmpeg and pydicom (scripts/expected/video.py),
/// decoded frame by frame and compared with PyAV's decoding of the same elementary streams.
@Suite struct VideoDecodingTests {
    static let names = ["mpeg2_mpml", "h264_hp41", "h264_grey", "hevc_main", "hevc_main10", "hevc_main10_grey"]

    static func expected(_ name: String) throws -> [String: Any] {
        let all = try #require(try Fixtures.expected("video") as? [String: [String: Any]])
        return try #require(all[name])
    }

    static func reference(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("generated/video/\(name).frames"))))
    }

    /// How `ours` differs from PyAV's frame `n`: the largest difference, and the share of
    /// samples more than 8 apart.
    static func difference(_ ours: UnsafeRawBufferPointer, _ reference: [UInt8], frame n: Int, wide: Bool) -> (worst: Int, over8: Double) {
        let bytes = ours.count
        var worst = 0, over = 0, samples = 0
        reference.withUnsafeBytes { theirs in
            let base = n * bytes
            for i in stride(from: 0, to: bytes, by: wide ? 2 : 1) {
                let a = wide ? Int(ours[i]) | Int(ours[i + 1]) << 8 : Int(ours[i])
                let b = wide ? Int(theirs[base + i]) | Int(theirs[base + i + 1]) << 8 : Int(theirs[base + i])
                let d = abs(a - b)
                worst = max(worst, d)
                if d > 8 { over += 1 }
                samples += 1
            }
        }
        return (worst, Double(over) / Double(max(samples, 1)))
    }

    /// The luma plane is the decoder's own output: exact. 8-bit RGB is libswscale's bilinear
    /// conversion with the stream's matrix, as PyAV's `to_ndarray(format="rgb24")`: exact too.
    /// 10-bit RGB (RGB48 to 10 bits) is where Debian's libswscale 5.1 and the newer one PyAV
    /// bundles part: about 4 % of samples differ, at strong colour edges.
    static func agrees(_ ours: UnsafeRawBufferPointer, _ reference: [UInt8], frame n: Int, volume: Volume) -> (Bool, String) {
        let wide = volume.voxelType == .uint16
        let (worst, over8) = difference(ours, reference, frame: n, wide: wide)
        if volume.components == 3 && wide {
            return (worst <= 64 && over8 < 0.005, "\(over8 * 100) % of samples more than 8 from PyAV's, up to \(worst)")
        }
        return (worst == 0, "differs from PyAV's by up to \(worst)")
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
        #expect(frames.waitUntilIndexed())
        #expect(frames.keyFrames == facts["keyFrames"] as? [Int])
        #expect(frames.problem == nil)
        // Backwards (each frame a seek), then forwards, then jumps across key frames.
        let order = Array((0..<count).reversed()) + Array(0..<count) + [count / 2, 3, count - 1, 0, 17, 9, 10, 29]
        for n in order {
            try frames.load(n)
            let ours = UnsafeRawBufferPointer(start: volume.buffer.bytes + n * frames.frameBytes, count: frames.frameBytes)
            let (same, how) = Self.agrees(ours, reference, frame: n, volume: volume)
            #expect(same, "\(name) frame \(n + 1): \(how)")
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
        #expect(frames.waitUntilIndexed())
        #expect(frames.keyFrames == [0, 10, 20, 30])
        // Frame 36 from key frame 30: the frames between 30 and 36 come out on the way and are
        // kept; none of the twenties was decoded (the read-ahead after frame 1 stops at 13).
        try frames.load(35)
        #expect((30...35).allSatisfy(frames.isLoaded))
        #expect(!(20..<30).contains(where: frames.isLoaded))
    }

    /// Before its index, a stream decodes in order from the first packet: the same frames.
    @Test(arguments: names)
    func inOrderWithoutTheIndexTheFramesAreTheSame(_ name: String) throws {
        let facts = try Self.expected(name)
        let reference = try Self.reference(name)
        let file = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("generated/video/\(name).dcm"))))
        let volume = try VolumeLoader.load(path: Fixtures.path("generated/video/\(name).dcm"))
        let syntax = try #require(facts["transferSyntax"] as? String)
        let codec = try #require(VideoCodec(transferSyntaxUID: syntax))
        let frameBytes = volume.frames!.frameBytes
        // The fragments' values, end to end, found again here from the file's bytes.
        let stream = try Self.elementaryStream(file)
        let rgb = volume.components == 3
        let video = try stream.withUnsafeBytes { bytes in try VideoStream(codec: codec, bytes: bytes) }
        var out = [UInt8](repeating: 0, count: frameBytes)
        var seen: [Int] = []
        // Frame 3, then 2 (back to the start), then 5 (carrying on).
        for target in [2, 1, 4] {
            try video.decode(target) { (picture: VideoStream.Picture) throws(CodecError) in
                seen.append(picture.frame)
                let copied = out.withUnsafeMutableBytes { place in
                    Result { () throws(CodecError) in try video.copyPicture(rgb: rgb, into: place) }
                }
                try copied.get()
                let (same, how) = out.withUnsafeBytes { Self.agrees($0, reference, frame: picture.frame, volume: volume) }
                #expect(same, "\(name) frame \(picture.frame + 1): \(how)")
            }
        }
        #expect(seen == [0, 1, 2, 0, 1, 2, 3, 4])
        let index = try #require(try video.buildIndex())
        #expect(index.frameCount == facts["frames"] as? Int)
        withExtendedLifetime(stream) {}
    }

    /// Pixel Data's fragments after the Basic Offset Table, joined (what pydicom encapsulated).
    static func elementaryStream(_ file: [UInt8]) throws -> [UInt8] {
        func u32(_ at: Int) -> Int { Int(file[at]) | Int(file[at + 1]) << 8 | Int(file[at + 2]) << 16 | Int(file[at + 3]) << 24 }
        let pixelData: [UInt8] = [0xE0, 0x7F, 0x10, 0x00, 0x4F, 0x42]
        var start = try #require((0..<(file.count - 12)).last { Array(file[$0..<$0 + 6]) == pixelData }) + 12
        var stream: [UInt8] = []
        var first = true
        while file[start] == 0xFE, file[start + 1] == 0xFF, file[start + 2] == 0x00, file[start + 3] == 0xE0 {
            let length = u32(start + 4)
            if !first { stream += file[(start + 8)..<(start + 8 + length)] }
            first = false
            start += 8 + length
        }
        return stream
    }

    @Test func aStreamWithFewerFramesThanTheHeaderSaysIsAProblemOnceIndexed() throws {
        let volume = try VolumeLoader.load(path: Fixtures.path("generated/video/h264_too_few_frames.dcm"))
        let frames = try #require(volume.frames)
        #expect(frames.waitUntilIndexed())
        #expect(frames.problem == "the H.264 stream holds 40 frame(s), Number of Frames (0028,0008) says 50")
        #expect(frames.frameCount == 40)
        #expect(throws: VolumeKitError.self) { try frames.load(45) }
        try frames.load(39)
    }

    @Test func theVideoSyntaxesAreNamed() {
        #expect(VideoCodec.transferSyntaxUIDs.count == 9)
        #expect(VideoCodec.transferSyntaxUIDs.allSatisfy { VideoCodec(transferSyntaxUID: $0) != nil })
        #expect(VideoCodec(transferSyntaxUID: "1.2.840.10008.1.2.4.90") == nil)
        #expect(VideoCodec(transferSyntaxUID: "1.2.840.10008.1.2.4.103") == .h264)
        #expect(VideoCodec(transferSyntaxUID: "1.2.840.10008.1.2.4.108") == .hevc)
    }
}
