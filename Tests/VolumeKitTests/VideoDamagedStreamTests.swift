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
}
