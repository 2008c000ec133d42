#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A C library error number.
struct Errno: Error, Equatable {
    var code: Int32
}

/// Why a file the store owns (sidecar, audit log, lock, temporary) cannot be used.
enum FileRefusal: Error, Equatable {
    case errno(Int32)
    /// The path is a symbolic link (`O_NOFOLLOW` said `ELOOP`, or `lstat` saw one).
    case symbolicLink
    /// The path is not a regular file; `kind` says what it is ("a FIFO", "a folder", …).
    case notRegular(kind: String)

    func error(path: String, otherwise: (String) -> AnnotationError) -> AnnotationError {
        switch self {
        case .errno(let code): return otherwise(Syscall.errorText(code))
        case .symbolicLink: return .symbolicLink(path: path)
        case .notRegular(let kind): return .notRegularFile(path: path, kind: kind)
        }
    }
}

/// The POSIX calls the store makes (open, write, fsync, rename, flock), in one place, each
/// retried on EINTR and reporting failures as the C library's message.
enum Syscall {
    static func errorText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    static func openFile(_ path: String, _ flags: Int32, _ mode: mode_t = 0o644) -> Result<Int32, Errno> {
        while true {
            let fd = open(path, flags, mode)
            if fd >= 0 { return .success(fd) }
            if errno != EINTR { return .failure(Errno(code: errno)) }
        }
    }

    /// Opens a file the store owns: never through a symbolic link (`O_NOFOLLOW`), never
    /// blocking on a FIFO (`O_NONBLOCK`, cleared again once the file is known to be regular),
    /// and only when it is a regular file (checked on the open descriptor, so nothing can be
    /// swapped in between).
    static func openOwned(_ path: String, _ flags: Int32, _ mode: mode_t = 0o600) -> Result<Int32, FileRefusal> {
        let fd: Int32
        switch openFile(path, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, mode) {
        case .success(let f): fd = f
        case .failure(let e) where e.code == ELOOP: return .failure(.symbolicLink)
        case .failure(let e) where e.code == ENXIO: return .failure(.notRegular(kind: "a FIFO with no writer"))
        case .failure(let e) where e.code == EISDIR: return .failure(.notRegular(kind: "a folder"))
        case .failure(let e): return .failure(.errno(e.code))
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            return .failure(.errno(code))
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            return .failure(.notRegular(kind: kindName(info.st_mode)))
        }
        let current = fcntl(fd, F_GETFL)
        if current >= 0 { _ = fcntl(fd, F_SETFL, current & ~O_NONBLOCK) }
        return .success(fd)
    }

    /// What `lstat` says is at `path`: nil when nothing is, else its file type bits.
    static func fileType(_ path: String) -> mode_t? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "a FIFO"
        case S_IFDIR: return "a folder"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFLNK: return "a symbolic link"
        default: return "not a regular file"
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
        guard case .success(let fd) = openFile(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC) else { return errno }
        defer { close(fd) }
        return sync(fd)
    }

    static func lockExclusive(_ fd: Int32) -> Int32? {
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { return errno }
        }
        return nil
    }

    /// The whole file, or nil with errno ENOENT when it does not exist. Settings files (label
    /// sets, templates) may be links; the store's own files go through `readOwned`.
    static func readFile(_ path: String) -> Result<[UInt8], Errno> {
        let fd: Int32
        switch openFile(path, O_RDONLY | O_CLOEXEC) {
        case .success(let f): fd = f
        case .failure(let e): return .failure(e)
        }
        defer { close(fd) }
        return readAll(fd)
    }

    /// A file the store owns, read whole (see `openOwned`).
    static func readOwned(_ path: String) -> Result<[UInt8], FileRefusal> {
        let fd: Int32
        switch openOwned(path, O_RDONLY) {
        case .success(let f): fd = f
        case .failure(let e): return .failure(e)
        }
        defer { close(fd) }
        return readAll(fd).mapError { .errno($0.code) }
    }

    private static func readAll(_ fd: Int32) -> Result<[UInt8], Errno> {
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
