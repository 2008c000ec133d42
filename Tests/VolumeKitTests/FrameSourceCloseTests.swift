import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// `FrameSource.close()`: the indexing and reading-ahead threads end, and frames still load.
@Suite struct FrameSourceCloseTests {
    @Test func afterCloseFramesLoadWithoutReadingAhead() throws {
        let volume = try VolumeLoader.load(path: Fixtures.path("generated/video/hevc_main.dcm"))
        let frames = try #require(volume.frames)
        #expect(frames.waitUntilIndexed())
        frames.close()
        try frames.load(25)
        #expect(frames.isLoaded(25))
        // Open, reading ahead would decode 26, 27, … within milliseconds.
        Thread.sleep(forTimeInterval: 0.5)
        #expect(!frames.isLoaded(26), "nothing reads ahead once closed")
        frames.close()
    }

    @Test func closingWhileIndexingReturnsAndFramesStillLoad() throws {
        for _ in 0..<5 {
            let volume = try VolumeLoader.load(path: Fixtures.path("generated/video/mpeg2_mpml.dcm"))
            let frames = try #require(volume.frames)
            // Whether the index was finished or cut short, close returns and frames still load.
            frames.close()
            try frames.load(3)
            #expect(frames.isLoaded(3))
        }
    }
}
