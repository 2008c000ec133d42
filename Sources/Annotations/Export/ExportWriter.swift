#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import VolumeKit

/// Where an export's files go: under one output folder, each written atomically (a temporary
/// file in the same folder, flushed, renamed over its name), so an interrupted export leaves
/// whole files or none, never half of one. Nothing is written through a symbolic link: the
/// output folder, every folder under it and every file name are checked with `lstat`, and
/// temporaries are created with `O_EXCL | O_NOFOLLOW`.
///
/// In a dry run nothing is created: the files are only listed with their sizes.
public final class ExportWriter: @unchecked Sendable {
    public let root: String
    public let dryRun: Bool
    /// Every file written (or, in a dry run, that would be), relative to `root`, with its size.
    public private(set) var written: [(path: String, bytes: Int)] = []
    private var folders = Set<String>()
    private var owners: [String: String] = [:]

    public init(root: String, dryRun: Bool) {
        self.root = SidecarLocation.absolute(root)
        self.dryRun = dryRun
    }

    /// Claims an output name for `owner` (an image): a second image wanting it is refused.
    public func claim(_ relative: String, for owner: String) throws(ExportError) {
        if let first = owners[relative], first != owner {
            throw .nameClash(path: (root as NSString).appendingPathComponent(relative), first: first, second: owner)
        }
        owners[relative] = owner
    }

    public func write(_ relative: String, _ bytes: [UInt8]) throws(ExportError) {
        let path = (root as NSString).appendingPathComponent(relative)
        written.append((relative, bytes.count))
        if dryRun { return }
        let folder = (path as NSString).deletingLastPathComponent
        try makeFolder(folder)
        if case .success(let status) = POSIXFile.linkStatus(path) {
            if status.kind == .symbolicLink { throw .symbolicLink(path: path) }
            if status.kind != .regular { throw .writeFailed(path: path, reason: "it is \(status.kind.rawValue), not a file") }
        }
        let temporary = (folder as NSString).appendingPathComponent(
            "." + (path as NSString).lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let fd: Int32
        switch POSIXFile.openFile(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644) {
        case .success(let f): fd = f
        case .failure(let e): throw .writeFailed(path: path, reason: POSIXFile.errorText(e.code))
        }
        let failure = POSIXFile.writeAll(fd, bytes) ?? POSIXFile.sync(fd)
        POSIXFile.closeFile(fd)
        if let failure {
            _ = POSIXFile.removeFile(temporary)
            throw .writeFailed(path: path, reason: POSIXFile.errorText(failure))
        }
        if let code = POSIXFile.renameFile(temporary, to: path) {
            _ = POSIXFile.removeFile(temporary)
            throw .writeFailed(path: path, reason: POSIXFile.errorText(code))
        }
    }

    /// Flushes every folder written to, so the renames are on disk.
    public func finish() throws(ExportError) {
        guard !dryRun else { return }
        for folder in folders.sorted() {
            if let code = POSIXFile.syncFolder(folder) {
                throw .writeFailed(path: folder, reason: "written, but not flushed to disk (\(POSIXFile.errorText(code)))")
            }
        }
    }

    /// Creates `folder` and the folders above it up to the root, refusing symbolic links at
    /// the root and under it (the folders above the root are the user's to arrange).
    private func makeFolder(_ folder: String) throws(ExportError) {
        if folders.contains(folder) { return }
        guard folder == root || folder.hasPrefix(root + "/") else {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw .writeFailed(path: folder, reason: "the folder cannot be created (\(error.localizedDescription))")
            }
            return
        }
        switch POSIXFile.linkStatus(folder) {
        case .success(let status):
            if status.kind == .symbolicLink { throw .symbolicLink(path: folder) }
            guard status.kind == .directory else { throw .writeFailed(path: folder, reason: "it is \(status.kind.rawValue), not a folder") }
            removeStaleTemporaries(in: folder)
        case .failure:
            let parent = (folder as NSString).deletingLastPathComponent
            if parent != folder { try makeFolder(parent) }
            if mkdir(folder, 0o755) != 0, errno != EEXIST {
                throw .writeFailed(path: folder, reason: POSIXFile.errorText())
            }
            if case .success(let status) = POSIXFile.linkStatus(folder), status.kind != .directory {
                throw .symbolicLink(path: folder)
            }
        }
        folders.insert(folder)
    }

    /// A killed export leaves its temporary files (`.<name>.tmp-<pid>-<n>`, never a half
    /// file under a real name): the next export into the folder removes those whose process
    /// is gone.
    private func removeStaleTemporaries(in folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(".") {
            guard let marker = name.range(of: ".tmp-", options: .backwards) else { continue }
            let digits = name[marker.upperBound...].prefix { $0.isNumber }
            guard let pid = Int32(digits), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            _ = POSIXFile.removeFile((folder as NSString).appendingPathComponent(name))
        }
    }
}
