import Foundation

/// Writing under the output folder: folders made one at a time (a symbolic link where a folder
/// should be is refused, never followed), each file written to a temporary name, synced and
/// renamed into place, so a reader never sees half a file and an interrupted run leaves only
/// whole files (and perhaps a stray temporary, replaced on the next run).
enum DeidOutput {
    static func makeFolders(_ relative: String, under root: String) throws(DeidError) -> String {
        var path = root
        for part in relative.split(separator: "/") where !part.isEmpty {
            guard part != "..", part != "." else { throw .cannotWrite(path: path, reason: "a path component is . or ..") }
            path = (path as NSString).appendingPathComponent(String(part))
            var info = stat()
            if lstat(path, &info) == 0 {
                guard info.st_mode & S_IFMT == S_IFDIR else {
                    throw .cannotWrite(path: path, reason: "exists and is not a folder (symbolic links are not followed)")
                }
                continue
            }
            if mkdir(path, 0o700) != 0 && errno != EEXIST {
                throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
        }
        return path
    }

    /// Writes `bytes` to `root/relative` atomically.
    static func write(_ bytes: [UInt8], relative: String, under root: String) throws(DeidError) {
        let folder = try makeFolders((relative as NSString).deletingLastPathComponent, under: root)
        let name = (relative as NSString).lastPathComponent
        let target = (folder as NSString).appendingPathComponent(name)
        var info = stat()
        if lstat(target, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            throw .cannotWrite(path: target, reason: "exists and is not a regular file")
        }
        let temporary = (folder as NSString).appendingPathComponent(".\(name).deid-\(getpid()).tmp")
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .cannotWrite(path: temporary, reason: String(cString: strerror(errno))) }
        let ok = writeAll(fd, bytes) && fsync(fd) == 0
        let reason = String(cString: strerror(errno))
        close(fd)
        guard ok else {
            unlink(temporary)
            throw .cannotWrite(path: target, reason: reason)
        }
        chmod(temporary, 0o644)
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .cannotWrite(path: target, reason: reason)
        }
    }
}
