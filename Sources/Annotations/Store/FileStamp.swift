#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a sidecar file looked like when last read or written (file identity, size, change
/// time): a different stamp means another session has saved since.
public struct FileStamp: Sendable, Equatable {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    public var modifiedNanoseconds: Int64

    /// The file's stamp now, or nil when it does not exist.
    public static func of(_ path: String) -> FileStamp? {
        var s = stat()
        guard lstat(path, &s) == 0 else { return nil }
        return FileStamp(device: UInt64(s.st_dev), inode: UInt64(s.st_ino), size: Int64(s.st_size),
                         modifiedNanoseconds: modifiedNanoseconds(s))
    }

    static func modifiedNanoseconds(_ s: stat) -> Int64 {
        #if canImport(Darwin)
        let mtime = s.st_mtimespec
        #else
        let mtime = s.st_mtim
        #endif
        return Int64(mtime.tv_sec) * 1_000_000_000 + Int64(mtime.tv_nsec)
    }
}
