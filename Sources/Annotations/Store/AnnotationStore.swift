#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import VolumeKit

/// A sidecar as read or written, with the file's stamp at that moment.
public struct SidecarSnapshot: Sendable, Equatable {
    public var document: SidecarDocument
    public var stamp: FileStamp?
}

/// Reads and writes the sidecar of one image, safely:
///
/// - `load` refuses (throws) a sidecar that is not valid JSON of schema `slicemark/1` or
///   belongs to another image; such a file is never written to.
/// - `save` takes an exclusive `flock` on the audit log (which is also the lock file), re-reads
///   the sidecar, merges it with the session's document by record id (`SidecarDocument.merged`),
///   appends the audit events and fsyncs the log, then writes the merged document to a
///   temporary file in the same folder, fsyncs it, renames it over the sidecar and fsyncs the
///   folder. A kill at any moment leaves either the previous or the new sidecar, both complete.
/// - A folder that cannot be written is found when the store is made (`readOnlyReason`).
public struct AnnotationStore: Sendable {
    public let sidecarPath: String
    public let auditPath: String
    public let image: SidecarImage
    public let geometry: SidecarGeometry
    /// Why annotations cannot be saved here (read-only folder, no permission), or nil.
    public let readOnlyReason: String?

    public var isWritable: Bool { readOnlyReason == nil }
    var folder: String { (sidecarPath as NSString).deletingLastPathComponent }

    /// The store for `volume`'s sidecar; hashes NIfTI/Analyze files (SHA-256) to identify them.
    public init(volume: Volume) throws(AnnotationError) {
        let path = try SidecarLocation.sidecarPath(for: volume)
        self.init(sidecarPath: path, image: try Self.identify(volume), geometry: SidecarGeometry(volume: volume))
    }

    public init(sidecarPath: String, image: SidecarImage, geometry: SidecarGeometry) {
        let sidecarPath = SidecarLocation.absolute(sidecarPath)
        self.sidecarPath = sidecarPath
        self.auditPath = SidecarLocation.auditPath(forSidecar: sidecarPath)
        self.image = image
        self.geometry = geometry
        self.readOnlyReason = Self.probeWritable(folder: (sidecarPath as NSString).deletingLastPathComponent)
    }

    static func identify(_ volume: Volume) throws(AnnotationError) -> SidecarImage {
        let id = volume.metadata.identity
        if volume.metadata.format == .dicom, let series = id.seriesInstanceUID, !series.isEmpty {
            return SidecarImage(format: .dicom, studyInstanceUID: id.studyInstanceUID, seriesInstanceUID: series,
                                sopInstanceUIDs: id.sopInstanceUIDs)
        }
        var files: [SidecarImage.FileHash] = []
        for path in volume.metadata.sourceFiles {
            let known = volume.metadata.sourceFiles.count == 1 ? id.contentSHA256 : nil
            let digest: String
            if let known { digest = known } else { digest = try SHA256.hex(ofFile: path) }
            files.append(SidecarImage.FileHash(name: (path as NSString).lastPathComponent, sha256: digest))
        }
        return SidecarImage(format: volume.metadata.format, studyInstanceUID: id.studyInstanceUID,
                            seriesInstanceUID: nil, sopInstanceUIDs: id.sopInstanceUIDs, files: files)
    }

    /// Tries to create (and removes) a file in the folder: as root, permission bits alone say
    /// little, so this asks the file system itself.
    static func probeWritable(folder: String) -> String? {
        let probe = (folder as NSString).appendingPathComponent(".slicemark-probe-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        switch Syscall.openFile(probe, O_WRONLY | O_CREAT | O_EXCL, 0o600) {
        case .success(let fd):
            close(fd)
            unlink(probe)
            return nil
        case .failure(let error):
            let code = error.code
            switch code {
            case EROFS: return "the folder \(folder) is on a read-only file system"
            case EACCES, EPERM: return "no permission to write in the folder \(folder)"
            case ENOENT: return "the folder \(folder) does not exist"
            default: return "cannot create files in the folder \(folder): \(Syscall.errorText(code))"
            }
        }
    }

    /// A document for this image with nothing in it yet.
    public func emptyDocument() -> SidecarDocument {
        SidecarDocument(image: image, geometry: geometry)
    }

    // MARK: Reading

    /// The sidecar on disk, or an empty document when there is none yet.
    public func load() throws(AnnotationError) -> SidecarSnapshot {
        let stamp = FileStamp.of(sidecarPath)
        guard let document = try readExisting() else { return SidecarSnapshot(document: emptyDocument(), stamp: nil) }
        return SidecarSnapshot(document: document, stamp: stamp)
    }

    /// Whether the sidecar on disk differs from the one `stamp` describes (another session saved).
    public func hasChanged(since stamp: FileStamp?) -> Bool {
        FileStamp.of(sidecarPath) != stamp
    }

    /// The sidecar on disk merged with `document`, without writing anything.
    public func reload(merging document: SidecarDocument) throws(AnnotationError) -> SidecarSnapshot {
        let stamp = FileStamp.of(sidecarPath)
        guard let disk = try readExisting() else { return SidecarSnapshot(document: document, stamp: nil) }
        return SidecarSnapshot(document: document.merged(with: disk), stamp: stamp)
    }

    private func readExisting() throws(AnnotationError) -> SidecarDocument? {
        let bytes: [UInt8]
        switch Syscall.readFile(sidecarPath) {
        case .success(let b): bytes = b
        case .failure(let e) where e.code == ENOENT: return nil
        case .failure(let e): throw AnnotationError.unreadableSidecar(path: sidecarPath, reason: Syscall.errorText(e.code))
        }
        let document = try SidecarCoding.decode(bytes, path: sidecarPath)
        if let problem = image.mismatch(with: document.image) {
            throw AnnotationError.identityMismatch(path: sidecarPath, detail: problem)
        }
        if let problem = document.problem(dimensions: geometry.dimensions) {
            throw AnnotationError.invalidSidecar(path: sidecarPath, detail: problem)
        }
        return document
    }

    // MARK: Writing

    /// Merges `document` with what is on disk and writes the result; returns it (the session
    /// adopts it). Nothing is written when the merge changes nothing on disk.
    ///
    /// Pass the snapshot the previous save (or load) returned as `previous`: when the file has
    /// not changed since (same inode, size and time: every save makes a new inode), it is not
    /// read and decoded again.
    public func save(_ document: SidecarDocument, audit: [AuditEvent] = [],
                     after previous: SidecarSnapshot? = nil) throws(AnnotationError) -> SidecarSnapshot {
        if let readOnlyReason { throw AnnotationError.readOnly(path: sidecarPath, reason: readOnlyReason) }
        let lock: Int32
        switch Syscall.openFile(auditPath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC) {
        case .success(let fd): lock = fd
        case .failure(let e): throw AnnotationError.lockFailed(path: auditPath, reason: Syscall.errorText(e.code))
        }
        defer { close(lock) }
        if let code = Syscall.lockExclusive(lock) {
            throw AnnotationError.lockFailed(path: auditPath, reason: Syscall.errorText(code))
        }
        let current = FileStamp.of(sidecarPath)
        let disk: SidecarDocument?
        if current == nil {
            disk = nil
        } else if let previous, previous.stamp == current {
            disk = previous.document
        } else {
            disk = try readExisting()
        }
        var merged = disk.map { document.merged(with: $0) } ?? document
        merged.image = image
        merged.geometry = geometry
        // The audit entries go first: a kill between the two leaves an entry for a change that
        // did not reach the sidecar, never a saved change without its entry.
        try append(audit, to: lock)
        guard merged != disk else { return SidecarSnapshot(document: merged, stamp: current) }
        removeStaleTemporaries()
        try writeAtomically(SidecarCoding.encode(merged, path: sidecarPath))
        return SidecarSnapshot(document: merged, stamp: FileStamp.of(sidecarPath))
    }

    private var temporaryPrefix: String { "." + (sidecarPath as NSString).lastPathComponent + ".tmp-" }

    private func writeAtomically(_ bytes: [UInt8]) throws(AnnotationError) {
        let temporary = (folder as NSString).appendingPathComponent(
            temporaryPrefix + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        var existing = stat()
        let mode: mode_t = stat(sidecarPath, &existing) == 0 ? existing.st_mode & 0o777 : 0o644
        let fd: Int32
        switch Syscall.openFile(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode) {
        case .success(let f): fd = f
        case .failure(let e): throw AnnotationError.writeFailed(path: sidecarPath, reason: Syscall.errorText(e.code))
        }
        let failure: Int32? = bytes.withUnsafeBytes { Syscall.writeAll(fd, $0) } ?? Syscall.sync(fd)
        close(fd)
        if let failure {
            unlink(temporary)
            throw AnnotationError.writeFailed(path: sidecarPath, reason: Syscall.errorText(failure))
        }
        if rename(temporary, sidecarPath) != 0 {
            let code = errno
            unlink(temporary)
            throw AnnotationError.writeFailed(path: sidecarPath, reason: Syscall.errorText(code))
        }
        if let code = Syscall.syncFolder(folder) {
            throw AnnotationError.notDurable(path: sidecarPath, reason: Syscall.errorText(code))
        }
    }

    /// Temporary files left by a writer killed before its rename. Only writers holding the
    /// lock create them, so under the lock every one found is stale.
    private func removeStaleTemporaries() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(temporaryPrefix) {
            unlink((folder as NSString).appendingPathComponent(name))
        }
    }

    private func append(_ events: [AuditEvent], to fd: Int32) throws(AnnotationError) {
        guard !events.isEmpty else { return }
        var bytes = AuditLog.lines(events)
        // A line cut short by a killed writer is ended first, so that it spoils only itself.
        var info = stat()
        var last: UInt8 = 0x0A
        if fstat(fd, &info) == 0, info.st_size > 0, let reader = Optional(open(auditPath, O_RDONLY)), reader >= 0 {
            if pread(reader, &last, 1, info.st_size - 1) != 1 { last = 0x0A }
            close(reader)
        }
        if last != 0x0A { bytes.insert(0x0A, at: 0) }
        if let code = bytes.withUnsafeBytes({ Syscall.writeAll(fd, $0) }) ?? Syscall.sync(fd) {
            throw AnnotationError.writeFailed(path: auditPath, reason: Syscall.errorText(code))
        }
    }
}
