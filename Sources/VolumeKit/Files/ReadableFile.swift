#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An image file open for reading with `pread`, so several threads can read different files
/// at once without copies through Foundation. Opening refuses anything but a regular file
/// (a folder is "not an image", a FIFO or device is unreadable) without blocking on it.
public final class ReadableFile: @unchecked Sendable {
    public let path: String
    public let size: Int
    /// Modification time in nanoseconds, to tell a cached header from a changed file.
    public let modified: Int
    private let fd: Int32

    public init(path: String) throws(VolumeKitError) {
        self.path = path
        switch POSIXFile.openForReading(path) {
        case .failure(.system(let e)):
            switch e.code {
            case ENOENT, ENOTDIR: throw .fileNotFound(path: path)
            case EACCES, EPERM: throw .unreadable(path: path, reason: "permission denied")
            default: throw .unreadable(path: path, reason: e.description)
            }
        case .failure(.notRegular(let kind)):
            if kind == .directory { throw .notAnImage(path: path) }
            throw .unreadable(path: path, reason: "\(kind.rawValue), not a regular file")
        case .success(let fd):
            switch POSIXFile.status(fd) {
            case .failure(let e):
                POSIXFile.closeFile(fd)
                throw .unreadable(path: path, reason: e.description)
            case .success(let status):
                self.fd = fd
                self.size = status.size
                self.modified = status.modifiedNanoseconds
            }
        }
    }

    deinit { POSIXFile.closeFile(fd) }

    /// The size of the regular file at `path` (opened and closed again).
    public static func size(_ path: String) throws(VolumeKitError) -> Int {
        try ReadableFile(path: path).size
    }

    /// Fills `buffer` from `offset`; returns how many bytes there were (fewer at the end).
    @discardableResult
    public func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(VolumeKitError) -> Int {
        switch POSIXFile.read(fd, at: offset, into: buffer) {
        case .success(let n): return n
        case .failure(let e): throw .unreadable(path: path, reason: e.description)
        }
    }

    /// `count` bytes from `offset` into `target`; throws if the file ends first.
    public func read(into target: UnsafeMutableRawPointer, offset: Int, count: Int) throws(VolumeKitError) {
        let n = try read(at: offset, into: UnsafeMutableRawBufferPointer(start: target, count: count))
        if n < count {
            throw .truncated(path: path, detail: "expected \(count) bytes at byte \(offset), the file ends at byte \(offset + n)")
        }
    }

    /// Up to `count` bytes from `offset` (fewer at the end of the file).
    public func bytes(offset: Int, count: Int) throws(VolumeKitError) -> [UInt8] {
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

    /// Up to `count` bytes from the start of the file at `path`.
    public static func prefix(_ path: String, count: Int) throws(VolumeKitError) -> [UInt8] {
        try ReadableFile(path: path).bytes(offset: 0, count: count)
    }
}
