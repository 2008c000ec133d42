import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// The middle slice of a gzipped NIfTI ahead of the whole (`NIfTISlicePreview`).
@Suite(.serialized) struct NIfTISlicePreviewTests {
    static func write(width: Int, height: Int, depth: Int, to path: String) throws -> Volume {
        let buffer = VoxelBuffer(zeroedByteCount: width * height * depth * 2)
        let p = buffer.mutableBytes.assumingMemoryBound(to: Int16.self)
        for n in 0..<(width * height * depth) { p[n] = Int16(truncatingIfNeeded: (n * 7919) % 4001 - 2000) }
        let volume = Volume(width: width, height: height, depth: depth, voxelType: .int16,
                            geometry: VolumeGeometry(origin: [3, -4, 5], spacing: [0.5, 0.75, 2]), buffer: buffer,
                            metadata: VolumeMetadata(format: .nifti, sourceFiles: [], datatypeName: "int16"))
        try Data(try NIfTIWriter.gzippedBytes(volume, level: 1)).write(to: URL(fileURLWithPath: path))
        return volume
    }

    @Test func thePrefixIsTheStartOfTheWholeData() throws {
        let path = NSTemporaryDirectory() + "prefix-\(UUID().uuidString).nii.gz"
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try Self.write(width: 64, height: 64, depth: 40, to: path)
        let gzip = try GzipFile(path: path)
        let whole = try gzip.prefix(352 + 64 * 64 * 40 * 2)
        for count in [1, 1000, 100_000, whole.count / 2, whole.count - 1, whole.count] {
            let prefix = try #require(gzip.inflatedPrefix(count), "\(count) bytes")
            let bytes = Array(UnsafeRawBufferPointer(start: prefix.bytes, count: count))
            #expect(bytes == Array(whole.prefix(count)), "\(count) bytes")
        }
        #expect(gzip.inflatedPrefix(whole.count + 1) == nil)
    }

    @Test func thePreviewIsTheMiddleSliceOfTheWhole() throws {
        let path = NSTemporaryDirectory() + "preview-\(UUID().uuidString).nii.gz"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let original = try Self.write(width: 256, height: 192, depth: 60, to: path)
        let volume = try NIfTIReader.read(path: path)
        let preview = try #require(try NIfTIReader.middleSlicePreview(path: path))
        #expect(preview.slice == 30)
        #expect(preview.volume.dimensions == volume.dimensions)
        #expect(preview.volume.geometry == volume.geometry)
        #expect(preview.sliceVolume.dimensions == [256, 192, 1])
        #expect(preview.sliceVolume.geometry.origin == volume.patientPosition(0, 0, 30))
        var same = true
        for j in stride(from: 0, to: 192, by: 7) {
            for i in stride(from: 0, to: 256, by: 5) {
                let want = original.value(i, j, 30)
                if preview.sliceVolume.value(i, j, 0) != want || preview.volume.value(i, j, 30) != want { same = false }
            }
        }
        #expect(same)
        #expect(preview.volume.value(10, 10, 0) == 0 && preview.volume.value(10, 10, 59) == 0)
    }

    /// Whether the preview wins the race depends on the machine's load; what is delivered, if
    /// anything, is that slice, and the volume read is whole either way.
    @Test func readingWithAPreviewGivesTheWholeVolume() throws {
        let path = NSTemporaryDirectory() + "preview-race-\(UUID().uuidString).nii.gz"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let original = try Self.write(width: 128, height: 128, depth: 40, to: path)
        let received = Received()
        let volume = try NIfTIReader.read(path: path) { received.set($0, after: 0) }
        #expect(volume.value(17, 33, 0) == original.value(17, 33, 0))
        #expect(volume.value(100, 2, 39) == original.value(100, 2, 39))
        if let (preview, _) = received.value {
            #expect(preview.slice == 20)
            #expect(preview.sliceVolume.value(17, 33, 0) == original.value(17, 33, 20))
        }
    }

    @Test func aPlainFileGivesNoPreview() throws {
        let path = NSTemporaryDirectory() + "plain-\(UUID().uuidString).nii"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let volume = try Self.write(width: 16, height: 16, depth: 8, to: path + ".gz")
        defer { try? FileManager.default.removeItem(atPath: path + ".gz") }
        try Data(try NIfTIWriter.niftiBytes(volume)).write(to: URL(fileURLWithPath: path))
        let received = Received()
        _ = try NIfTIReader.read(path: path) { received.set($0, after: 0) }
        #expect(received.value == nil)
    }

    final class Received: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: (VolumePreview, Double)?
        func set(_ preview: VolumePreview, after seconds: Double) { lock.lock(); stored = (preview, seconds); lock.unlock() }
        var value: (VolumePreview, Double)? { lock.lock(); defer { lock.unlock() }; return stored }
    }
}
