import Foundation
import Testing
import TestSupport

/// `info` and `render` on the DICOM videos of scripts/expected/video.py.
@Suite struct VideoCommandTests {
    static func path(_ name: String) -> String { Fixtures.path("generated/video/\(name).dcm") }

    @Test func infoNamesTheCodecFramesAndKeyFrames() throws {
        let result = try runProcess(Fixtures.executable, ["info", "--json", Self.path("hevc_main")])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let cine = try #require(object["cine"] as? [String: Any])
        #expect(cine["codec"] as? String == "HEVC")
        #expect(cine["frames"] as? Int == 40)
        #expect(cine["frameTime"] as? Double == 33.3333)
        let expected = try #require(try Fixtures.expected("video") as? [String: [String: Any]])
        #expect(cine["keyFrames"] as? [Int] == (expected["hevc_main"]?["keyFrames"] as? [Int])?.map { $0 + 1 })
        #expect(object["dimensions"] as? [Int] == [320, 240, 40])
        #expect(object["photometric"] as? String == "RGB")
    }

    @Test func renderDrawsTheFrameAskedFor() throws {
        func render(_ frame: Int) throws -> String {
            let result = try runProcess(Fixtures.executable, ["render", "--frame", "\(frame)", "--cols", "40",
                                                                     "--color", "truecolor", Self.path("h264_grey")])
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout
        }
        let first = try render(1), last = try render(40)
        #expect(first != last, "two frames of a moving cine differ")
        #expect(first.components(separatedBy: "38;2;").count > 50, "a decoded picture, not a black one")
        let outside = try runProcess(Fixtures.executable, ["render", "--frame", "41", Self.path("h264_grey")])
        #expect(outside.status != 0 && outside.stderr.contains("frame 41 is outside the frames 1…40"))
    }

    /// libavcodec logs what it conceals in a damaged stream; on stderr, the viewer's screen, that
    /// would scribble over the image. The shim silences it: the error that matters comes back.
    @Test func aDamagedStreamLeavesNoLibavcodecLinesOnStderr() throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.path("h264_hp41"))))
        let start = bytes.count / 2
        for i in start..<min(start + 3000, bytes.count - 16) { bytes[i] = UInt8(truncatingIfNeeded: i &* 2_654_435_761 >> 13) }
        let damaged = NSTemporaryDirectory() + "slicemark-damaged-\(UUID().uuidString).dcm"
        try Data(bytes).write(to: URL(fileURLWithPath: damaged))
        defer { try? FileManager.default.removeItem(atPath: damaged) }
        let result = try runProcess(Fixtures.executable, ["render", "--frame", "30", "--cols", "20", damaged])
        #expect(!result.stderr.contains("[h264 @"), "\(result.stderr.prefix(300))")
    }
}
