#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Crypto
import Synchronization
import VolumeKit

/// SHA-256 of image files (swift-crypto), for identifying NIfTI/Analyze files by content.
///
/// A file is streamed in 1 MiB pieces, never read whole. Digests are remembered for the life of
/// the process, keyed by the file's path, device, inode, size and modification time: opening the
/// same unchanged file again (next/previous image, a reload) does not read it again, while any
/// write to it (new mtime or size) or a replacement (new inode) is hashed afresh.
public enum ContentHash {
    struct Key: Hashable {
        var path: String
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modifiedNanoseconds: Int64
    }

    private static let cache = Mutex<[Key: String]>([:])
    private static let reads = Mutex<[String: Int]>([:])

    /// How many times this process has read the file at `path` to hash it (cache misses).
    static func timesRead(_ path: String) -> Int { reads.withLock { $0[path] ?? 0 } }

    /// The digest as 64 lowercase hex digits.
    public static func hex(of bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// The digest of the file at `path`, from the cache when the file is unchanged.
    public static func hex(ofFile path: String) throws(AnnotationError) -> String {
        let fd: Int32
        switch POSIXFile.openFile(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK) {
        case .success(let f): fd = f
        case .failure(let e): throw AnnotationError.unreadable(path: path, reason: POSIXFile.errorText(e.code))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw AnnotationError.unreadable(path: path, reason: POSIXFile.errorText()) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw AnnotationError.unreadable(path: path, reason: "not a regular file")
        }
        let key = Key(path: path, device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                      modifiedNanoseconds: FileStamp.modifiedNanoseconds(info))
        if let known = cache.withLock({ $0[key] }) { return known }
        var hasher = SHA256()
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { chunk.deallocate() }
        while true {
            let n = read(fd, chunk.baseAddress, chunk.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw AnnotationError.unreadable(path: path, reason: POSIXFile.errorText())
            }
            if n == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
        }
        let digest = hex(hasher.finalize())
        reads.withLock { $0[path, default: 0] += 1 }
        cache.withLock { $0[key] = digest }
        return digest
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
