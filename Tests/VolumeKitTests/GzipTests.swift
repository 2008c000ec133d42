import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// Gzip files from nibabel and Python's gzip module: one member (libdeflate), several members
/// and truncated or damaged data (zlib), and sizes no file of that length could hold.
@Suite struct GzipTests {
    private func made(_ name: String) -> String { Fixtures.path("nibabel-made/\(name)") }

    /// The uncompressed NIfTI the gzip fixtures were made from.
    private func plainBytes() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: made("dtype_int16.nii"))))
    }

    private func bytes(of buffer: VoxelBuffer) -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: buffer.bytes, count: buffer.byteCount))
    }

    @Test func severalMembersInflateOneAfterTheOther() throws {
        let plain = try plainBytes()
        let gzip = try GzipFile(path: made("multi_member.nii.gz"))
        let buffer = try gzip.inflate(voxelsAt: 352, byteCount: plain.count - 352, describe: "voxels")
        #expect(bytes(of: buffer) == Array(plain[352...]))
    }

    @Test func paddingAfterTheVoxelsIsAllowed() throws {
        let plain = try plainBytes()
        let gzip = try GzipFile(path: made("padded.nii.gz"))
        #expect(gzip.trailerSize == plain.count + 4096)
        let buffer = try gzip.inflate(voxelsAt: 352, byteCount: plain.count - 352, describe: "voxels")
        #expect(bytes(of: buffer) == Array(plain[352...]))
    }

    @Test func aPrefixInflatesOnlyTheStart() throws {
        let head = try GzipFile(path: Fixtures.path("nibabel/example4d.nii.gz")).prefix(348)
        #expect(head.count == 348)
        #expect(Array(head[344..<348]) == Array("n+1\0".utf8))
    }

    @Test func aSizeTheFileCannotHoldIsRefusedBeforeAnyMemoryIsTaken() throws {
        let gzip = try GzipFile(path: made("scaled_int16.nii.gz"))
        #expect(throws: VolumeKitError.self) {
            _ = try gzip.inflate(voxelsAt: 352, byteCount: 1 << 40, describe: "a terabyte of voxels")
        }
    }

    @Test func truncatedDataEndsEarlyAndDamagedDataIsCorrupt() throws {
        let truncated = [UInt8](try Data(contentsOf: URL(fileURLWithPath: made("bad/truncated.nii.gz"))))
        var out = [UInt8](repeating: 0, count: 68002)
        let outcome = try truncated.withUnsafeBytes { input in
            try out.withUnsafeMutableBytes { try ZlibInflater.inflate(input, into: $0) }
        }
        guard case .ended(let produced) = outcome else {
            Issue.record("a truncated stream filled the buffer")
            return
        }
        #expect(produced > 0 && produced < 68002)

        let damaged = [UInt8](try Data(contentsOf: URL(fileURLWithPath: made("bad/damaged.nii.gz"))))
        #expect(throws: ZlibInflater.Failure.self) {
            _ = try damaged.withUnsafeBytes { input in
                try out.withUnsafeMutableBytes { try ZlibInflater.inflate(input, into: $0) }
            }
        }
    }

    @Test func libdeflateStopsAtTheEndOfTheFirstMember() throws {
        let multi = [UInt8](try Data(contentsOf: URL(fileURLWithPath: made("multi_member.nii.gz"))))
        var out = [UInt8](repeating: 0, count: 68002)
        let outcome = multi.withUnsafeBytes { input in
            out.withUnsafeMutableBytes { LibdeflateInflater.inflate(input, into: $0) }
        }
        guard case .inflated(let consumed, let produced) = outcome else {
            Issue.record("libdeflate declined the first member")
            return
        }
        #expect(produced == 30001)
        #expect(consumed < multi.count)
    }
}
