#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file read with `pread`, so several threads can read different files at once
/// without copies through Foundation.
final class DICOMFileAccess: @unchecked Sendable {
    let path: String
    let size: Int
    /// Modification time in nanoseconds, to tell a cached header from a changed file.
    let modified: Int
    private let fd: Int32

    init(path: String) throws(VolumeKitError) {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            if errno == ENOENT { throw .fileNotFound(path: path) }
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        if info.st_mode & S_IFMT == S_IFDIR {
            close(fd)
            throw .notAnImage(path: path)
        }
        self.fd = fd
        self.size = Int(info.st_size)
        self.modified = Int(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int(info.st_mtim.tv_nsec)
    }

    deinit { close(fd) }

    /// `count` bytes from `offset` into `target`; throws if the file ends first.
    func read(into target: UnsafeMutableRawPointer, offset: Int, count: Int) throws(VolumeKitError) {
        var done = 0
        while done < count {
            let n = pread(fd, target + done, count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 {
                throw .truncated(path: path, detail: "expected \(count) bytes at byte \(offset), the file ends at byte \(offset + done)")
            }
            done += n
        }
    }

    /// Up to `count` bytes from `offset` (fewer at the end of the file).
    func bytes(offset: Int, count: Int) throws(VolumeKitError) -> [UInt8] {
        let available = max(0, min(count, size - offset))
        var out = [UInt8](repeating: 0, count: available)
        if available > 0 {
            let failure: VolumeKitError? = out.withUnsafeMutableBytes { buffer -> VolumeKitError? in
                do throws(VolumeKitError) {
                    try read(into: buffer.baseAddress!, offset: offset, count: available)
                    return nil
                } catch {
                    return error
                }
            }
            if let failure { throw failure }
        }
        return out
    }
}
