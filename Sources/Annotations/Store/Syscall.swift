#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The POSIX calls the store makes (open, write, fsync, rename, flock), in one place, each
/// retried on EINTR and reporting failures as the C library's message.
/// A C library error number.
struct Errno: Error, Equatable {
    var code: Int32
}

enum Syscall {
    static func errorText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    static func openFile(_ path: String, _ flags: Int32, _ mode: mode_t = 0o644) -> Result<Int32, Errno> {
        while true {
            let fd = open(path, flags, mode)
            if fd >= 0 { return .success(fd) }
            if errno != EINTR { return .failure(Errno(code: errno)) }
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += n
        }
        return nil
    }

    static func sync(_ fd: Int32) -> Int32? {
        while fsync(fd) != 0 {
            if errno != EINTR { return errno }
        }
        return nil
    }

    /// Makes a rename or a new file in `folder` durable.
    static func syncFolder(_ folder: String) -> Int32? {
        guard case .success(let fd) = openFile(folder, O_RDONLY | O_DIRECTORY) else { return errno }
        defer { close(fd) }
        return sync(fd)
    }

    static func lockExclusive(_ fd: Int32) -> Int32? {
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { return errno }
        }
        return nil
    }

    /// The whole file, or nil with errno ENOENT when it does not exist.
    static func readFile(_ path: String) -> Result<[UInt8], Errno> {
        let fd: Int32
        switch openFile(path, O_RDONLY) {
        case .success(let f): fd = f
        case .failure(let e): return .failure(e)
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(Errno(code: errno))
            }
            if n == 0 { return .success(bytes) }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }
}
