import Foundation
import Testing
import TestSupport
import VolumeKit

/// The first image of a big `.nii.gz` comes before the whole file is read: the viewer shows the
/// middle slice with the "reading the rest" row under it, then the whole volume replaces it.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable))
struct FirstImageEndToEndTests {
    /// 512 × 512 × 800 int16 (400 MiB inflated): long enough to inflate that the preview is on
    /// screen for a good part of a second even on a fast machine.
    static func bigVolume(at path: String) throws {
        let width = 512, height = 512, depth = 800
        let buffer = VoxelBuffer(zeroedByteCount: width * height * depth * 2)
        let p = buffer.mutableBytes.assumingMemoryBound(to: Int16.self)
        for k in 0..<depth {
            for j in 0..<height {
                let row = (k * height + j) * width
                for i in 0..<width { p[row + i] = Int16(truncatingIfNeeded: (i * 7 + j * 3 + k * 11) % 3000) }
            }
        }
        let volume = Volume(width: width, height: height, depth: depth, voxelType: .int16,
                            geometry: VolumeGeometry(spacing: [0.7, 0.7, 1]), buffer: buffer,
                            metadata: VolumeMetadata(format: .nifti, sourceFiles: [], datatypeName: "int16"))
        try Data(try NIfTIWriter.gzippedBytes(volume, level: 1)).write(to: URL(fileURLWithPath: path))
    }

    @Test func theMiddleSliceShowsWhileTheRestIsRead() throws {
        let folder = NSTemporaryDirectory() + "first-image-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/big.nii.gz"
        try Self.bigVolume(at: path)

        let tmux = try TmuxSession([Fixtures.executable, path], columns: 100, rows: 30,
                                   environment: ViewerEndToEndTests.environment)
        defer { tmux.close() }
        // The preview: image cells drawn and the progress row under them, in one capture.
        let preview = try #require(try tmux.waitFor(timeout: 60, escapes: true, waitingFor: "the first image with the progress row") { screen in
            screen.contains("first image · reading the rest") && CapturedScreen(screen).imageCellCount(rows: 0..<27) > 200
        })
        #expect(CapturedScreen(preview).imageCellCount(rows: 0..<27) > 200)
        // Then the whole volume: the row goes, the cursor is where it was (middle slice).
        let whole = try #require(try tmux.waitFor(timeout: 60, waitingFor: "the whole volume") { screen in
            !screen.contains("reading the rest") && screen.contains("slice 401/800")
        })
        #expect(whole.contains("voxel [256, 256, 400]"))
        try tmux.send("q")
    }
}

extension CapturedScreen {
    /// Cells of the rows given that show two different pixels (a half block, two colours).
    func imageCellCount(rows: Range<Int>) -> Int {
        var count = 0
        for row in rows where row < self.rows.count {
            for cell in self.rows[row] where cell.glyph == "▀" || cell.glyph == "▄" {
                if let p = cell.pixels, p.top != p.bottom { count += 1 }
            }
        }
        return count
    }
}
