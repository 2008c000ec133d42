#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX file calls the NIfTI and gzip readers make, with errors that name the file.
enum PlainFile {
    /// Size in bytes of a regular file.
    static func size(_ path: String) throws -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { throw openError(path) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            if (info.st_mode & S_IFMT) == S_IFDIR { throw VolumeKitError.notAnImage(path: path) }
            throw VolumeKitError.unreadable(path: path, reason: "not a regular file")
        }
        return Int(info.st_size)
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// Fills `buffer` from `offset`; returns how many bytes there were (fewer at the end of the file).
    @discardableResult
    static func read(_ path: String, at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw openError(path) }
        defer { close(fd) }
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, min(buffer.count - done, 1 << 30), off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw VolumeKitError.unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Up to `count` bytes from the start of the file.
    static func prefix(_ path: String, count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let n = try bytes.withUnsafeMutableBytes { try read(path, at: 0, into: $0) }
        return Array(bytes[..<n])
    }

    private static func openError(_ path: String) -> VolumeKitError {
        switch errno {
        case ENOENT, ENOTDIR: return .fileNotFound(path: path)
        case EACCES, EPERM: return .unreadable(path: path, reason: "permission denied")
        default: return .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
