#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VolumeKit

/// Why a file the store owns (sidecar, audit log, lock, temporary) cannot be used.
enum FileRefusal: Error, Equatable {
    case errno(Int32)
    /// The path is a symbolic link (`O_NOFOLLOW` said `ELOOP`, or `lstat` saw one).
    case symbolicLink
    /// The path is not a regular file; `kind` says what it is ("a FIFO", "a folder", …).
    case notRegular(kind: String)

    func error(path: String, otherwise: (String) -> AnnotationError) -> AnnotationError {
        switch self {
        case .errno(let code): return otherwise(POSIXFile.errorText(code))
        case .symbolicLink: return .symbolicLink(path: path)
        case .notRegular(let kind): return .notRegularFile(path: path, kind: kind)
        }
    }
}

/// The store's rule for its own files, on top of the one POSIX layer (`POSIXFile`): never
/// through a symbolic link, never blocking on a FIFO, only a regular file.
enum OwnedFile {
    /// Opens a file the store owns: never through a symbolic link (`O_NOFOLLOW`), never
    /// blocking on a FIFO (`O_NONBLOCK`, cleared again once the file is known to be regular),
    /// and only when it is a regular file (checked on the open descriptor, so nothing can be
    /// swapped in between).
    static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0o600) -> Result<Int32, FileRefusal> {
        let fd: Int32
        switch POSIXFile.openFile(path, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, mode) {
        case .success(let f): fd = f
        case .failure(let e) where e.code == ELOOP: return .failure(.symbolicLink)
        case .failure(let e) where e.code == ENXIO: return .failure(.notRegular(kind: "a FIFO with no writer"))
        case .failure(let e) where e.code == EISDIR: return .failure(.notRegular(kind: "a folder"))
        case .failure(let e): return .failure(.errno(e.code))
        }
        switch POSIXFile.status(fd) {
        case .failure(let e):
            POSIXFile.closeFile(fd)
            return .failure(.errno(e.code))
        case .success(let status) where status.kind != .regular:
            POSIXFile.closeFile(fd)
            return .failure(.notRegular(kind: status.kind.rawValue))
        case .success:
            let current = fcntl(fd, F_GETFL)
            if current >= 0 { _ = fcntl(fd, F_SETFL, current & ~O_NONBLOCK) }
            return .success(fd)
        }
    }

    /// What `lstat` says is at `path`: nil when nothing is.
    static func kind(_ path: String) -> FileStatus.Kind? {
        if case .success(let status) = POSIXFile.linkStatus(path) { return status.kind }
        return nil
    }

    /// A file the store owns, read whole (see `open`).
    static func read(_ path: String) -> Result<[UInt8], FileRefusal> {
        let fd: Int32
        switch open(path, O_RDONLY) {
        case .success(let f): fd = f
        case .failure(let e): return .failure(e)
        }
        defer { POSIXFile.closeFile(fd) }
        return POSIXFile.readToEnd(fd).mapError { .errno($0.code) }
    }
}
