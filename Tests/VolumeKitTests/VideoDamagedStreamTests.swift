import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// DICOM videos damaged on purpose: cut short, or with part of the stream overwritten. The file
/// is named in every error, and a damaged stream never takes the reader down.
@Suite struct VideoDamagedStreamTests {
    static func original() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("generated/video/h264_hp41.dcm"))))
    }

    static func write(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "slicemark-video-\(UUID().uuidString).dcm"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aFileCutShortSaysSo() throws {
        let bytes = try Self.original()
        let path = try Self.write(Array(bytes.prefix(bytes.count * 2 / 3)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            _ = try VolumeLoader.load(path: path)
        } throws: { error in
            let text = String(describing: error)
            return text.contains(path) && text.contains("cut short")
        }
    }

    @Test(arguments: [0.2, 0.5, 0.8])
    func overwrittenBytesDecodeOrFailWithTheFileNamed(_ at: Double) throws {
        var bytes = try Self.original()
        // Inside the stream (the pixel data is the last element), 3000 bytes of a fixed pattern.
        let start = Int(Double(bytes.count) * at)
        for i in start..<min(start + 3000, bytes.count - 16) { bytes[i] = UInt8(truncatingIfNeeded: i &* 2_654_435_761 >> 13) }
        let path = try Self.write(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let volume: Volume
        do {
            volume = try VolumeLoader.load(path: path)
        } catch {
            #expect(String(describing: error).contains(path))
            return
        }
        let frames = try #require(volume.frames)
        frames.waitUntilIndexed()
        var decoded = 0
        for n in [39, 0, 20, 5, 33, 12] {
            do {
                try frames.load(n)
                decoded += 1
            } catch {
                #expect(String(describing: error).contains(path))
            }
        }
        #expect(decoded > 0, "most of the stream is intact")
    }

    /// A small stream may claim huge pictures (here two 4096 × 4096 ones, 50 KB from ffmpeg):
    /// bounded by the dataset's size, libavcodec never allocates them; unbounded, it does.
    @Test func picturesFarLargerThanTheDatasetAreNeverDecoded() throws {
        let path = NSTemporaryDirectory() + "slicemark-huge-\(UUID().uuidString).h264"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let made = try runProcess("/usr/bin/ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "color=c=gray:s=4096x4096:r=30",
                                                     "-frames:v", "2", "-c:v", "libx264", "-preset", "ultrafast", "-f", "h264", path])
        #expect(made.status == 0, "\(made.stderr)")
        let stream = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func largest(maxPixels: Int) throws -> Int {
            try stream.withUnsafeBytes { bytes in
                let video = try VideoStream(codec: .h264, bytes: bytes, maxPixels: maxPixels)
                var largest = 0
                do {
                    try video.decode(0) { (picture: VideoStream.Picture) throws(CodecError) in
                        largest = max(largest, picture.width * picture.height)
                    }
                } catch {}
                return largest
            }
        }
        #expect(try largest(maxPixels: 0) == 4096 * 4096, "unbounded, the picture is decoded")
        #expect(try largest(maxPixels: VideoStream.pictureBound(width: 320, height: 240)) == 0)
    }
}
