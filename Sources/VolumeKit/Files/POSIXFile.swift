#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A C library error number, with the C library's text for it.
public struct POSIXErrno: Error, Equatable, Sendable, CustomStringConvertible {
    public var code: Int32
    public init(code: Int32) { self.code = code }
    /// The error of the last failed call.
    public static var current: POSIXErrno { POSIXErrno(code: errno) }
    public var description: String { POSIXFile.errorText(code) }
}

/// What `fstat`/`lstat` say about a file: its kind, size and modification time.
public struct FileStatus: Equatable, Sendable {
    public enum Kind: String, Sendable {
        case regular = "a regular file", directory = "a folder", symbolicLink = "a symbolic link"
        case fifo = "a FIFO", characterDevice = "a character device", blockDevice = "a block device"
        case socket = "a socket", other = "not a regular file"
    }
    public var kind: Kind
    public var size: Int
    /// Modification time in nanoseconds since 1970.
    public var modifiedNanoseconds: Int

    init(_ info: stat) {
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symbolicLink
        case S_IFIFO: kind = .fifo
        case S_IFCHR: kind = .characterDevice
        case S_IFBLK: kind = .blockDevice
        case S_IFSOCK: kind = .socket
        default: kind = .other
        }
        size = Int(info.st_size)
        #if canImport(Darwin)
        modifiedNanoseconds = Int(info.st_mtimespec.tv_sec) &* 1_000_000_000 &+ Int(info.st_mtimespec.tv_nsec)
        #else
        modifiedNanoseconds = Int(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int(info.st_mtim.tv_nsec)
        #endif
    }
}

/// Every POSIX file call slicemark makes, in one place: each is retried on EINTR and reports
/// failure as a `POSIXErrno` (or the bare error number, for the calls that return one).
///
/// Reading images follows symbolic links (a dataset of links is normal); anything that
/// writes must open with `O_NOFOLLOW` so a planted link is refused. `openForReading` opens
/// without blocking, so a FIFO or device put where an image or sidecar should be is refused at
/// once instead of hanging the viewer.
public enum POSIXFile {
    public static func errorText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// `open(2)` with `flags` (`O_NOFOLLOW`, `O_NONBLOCK`, `O_EXCL`, `O_CREAT`, …) and `mode`.
    public static func openFile(_ path: String, _ flags: Int32, _ mode: mode_t = 0o644) -> Result<Int32, POSIXErrno> {
        while true {
            let fd = open(path, flags, mode)
            if fd >= 0 { return .success(fd) }
            if errno != EINTR { return .failure(.current) }
        }
    }

    /// Opens an existing regular file read-only (following links), refusing at once anything
    /// else: a folder, a FIFO, a device. The descriptor is blocking again when returned.
    public static func openForReading(_ path: String) -> Result<Int32, OpenProblem> {
        let fd: Int32
        switch openFile(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK) {
        case .success(let f): fd = f
        case .failure(let e): return .failure(.system(e))
        }
        switch status(fd) {
        case .failure(let e):
            closeFile(fd)
            return .failure(.system(e))
        case .success(let s) where s.kind != .regular:
            closeFile(fd)
            return .failure(.notRegular(s.kind))
        case .success:
            let flags = fcntl(fd, F_GETFL)
            if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
            return .success(fd)
        }
    }

    /// Why `openForReading` refused a path.
    public enum OpenProblem: Error, Equatable, Sendable {
        case system(POSIXErrno)
        case notRegular(FileStatus.Kind)
    }

    public static func closeFile(_ fd: Int32) {
        // Retrying close after EINTR may close a descriptor another thread just opened.
        _ = close(fd)
    }

    public static func status(_ fd: Int32) -> Result<FileStatus, POSIXErrno> {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(.current) }
        return .success(FileStatus(info))
    }

    /// What `path` itself is, without following a final symbolic link.
    public static func linkStatus(_ path: String) -> Result<FileStatus, POSIXErrno> {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .failure(.current) }
        return .success(FileStatus(info))
    }

    /// What `path` leads to, following symbolic links.
    public static func pathStatus(_ path: String) -> Result<FileStatus, POSIXErrno> {
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(.current) }
        return .success(FileStatus(info))
    }

    /// True when `path` leads to a regular file.
    public static func isRegularFile(_ path: String) -> Bool {
        if case .success(let s) = pathStatus(path) { return s.kind == .regular }
        return false
    }

    /// Reads into `buffer` from `offset` until it is full or the file ends; returns the count.
    public static func read(_ fd: Int32, at offset: Int, into buffer: UnsafeMutableRawBufferPointer) -> Result<Int, POSIXErrno> {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, min(buffer.count - done, 1 << 30), off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.current)
            }
            if n == 0 { break }
            done += n
        }
        return .success(done)
    }

    /// Reads from the current position until end of file.
    public static func readToEnd(_ fd: Int32) -> Result<[UInt8], POSIXErrno> {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.current)
            }
            if n == 0 { return .success(bytes) }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }

    /// The whole file (following links); fails with ENOENT when it does not exist. Anything
    /// but a regular file fails at once (EISDIR for a folder, EINVAL for a FIFO or device).
    public static func readFile(_ path: String) -> Result<[UInt8], POSIXErrno> {
        let fd: Int32
        switch openForReading(path) {
        case .success(let f): fd = f
        case .failure(.system(let e)): return .failure(e)
        case .failure(.notRegular(let kind)): return .failure(POSIXErrno(code: kind == .directory ? EISDIR : EINVAL))
        }
        defer { closeFile(fd) }
        return readToEnd(fd)
    }

    /// Writes every byte (a short write continues); returns the error number on failure.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if n == 0 { return EIO }
            offset += n
        }
        return nil
    }

    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
        bytes.withUnsafeBytes { writeAll(fd, $0) }
    }

    public static func sync(_ fd: Int32) -> Int32? {
        while fsync(fd) != 0 {
            if errno != EINTR { return errno }
        }
        return nil
    }

    /// Makes a rename or a new file in `folder` durable.
    public static func syncFolder(_ folder: String) -> Int32? {
        let fd: Int32
        switch openFile(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC) {
        case .success(let f): fd = f
        case .failure(let e): return e.code
        }
        defer { closeFile(fd) }
        return sync(fd)
    }

    /// Waits for an exclusive `flock` on `fd`.
    public static func lockExclusive(_ fd: Int32) -> Int32? {
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { return errno }
        }
        return nil
    }

    /// Takes an exclusive `flock` if nobody holds one; false when another process does.
    public static func tryLockExclusive(_ fd: Int32) -> Result<Bool, POSIXErrno> {
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            if errno == EWOULDBLOCK { return .success(false) }
            return .failure(.current)
        }
        return .success(true)
    }

    public static func unlock(_ fd: Int32) {
        while flock(fd, LOCK_UN) != 0 && errno == EINTR {}
    }

    /// `rename(2)`, retried on EINTR.
    public static func renameFile(_ from: String, to: String) -> Int32? {
        while rename(from, to) != 0 {
            if errno != EINTR { return errno }
        }
        return nil
    }

    /// `unlink(2)`; a file that is already gone is not an error.
    @discardableResult
    public static func removeFile(_ path: String) -> Int32? {
        while unlink(path) != 0 {
            if errno == EINTR { continue }
            return errno == ENOENT ? nil : errno
        }
        return nil
    }
}

/// `read(2)` under another name: inside `POSIXFile` the name `read` is its own.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
