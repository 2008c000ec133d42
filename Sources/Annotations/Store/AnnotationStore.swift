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
///   `slicemark/2` or belongs to another image; such a file is never written to.
/// - `save` writes nothing at all while there is nothing to write (no change, no audit event):
///   viewing an image leaves its folder as it was. Otherwise it takes an exclusive `flock` on
///   the audit log (which is also the lock file), re-reads the sidecar, merges it with the
///   session's document by record id and revision (`SidecarDocument.merge`), appends the audit
///   events (and a `conflict` line for every change that lost to a concurrent one) and fsyncs
///   the log, then writes the merged document to a temporary file in the same folder, fsyncs
///   it, renames it over the sidecar and fsyncs the folder. A kill at any moment leaves either
///   the previous or the new sidecar, both complete.
/// - The sidecar, audit log and temporary files are never opened through a symbolic link
///   (`O_NOFOLLOW`, and `lstat` before the rename), and one that is not a regular file (a FIFO,
///   a device, a folder) is refused at once, never waited on. Temporary files are created with
///   `O_EXCL`, owner-only, and removed on every failure.
/// - A folder that cannot be written is found when the store is made (`readOnlyReason`).
public struct AnnotationStore: Sendable {
    /// A file saved with the sidecar, in its folder (a label map and its label table): written
    /// to a temporary file first and renamed just before the sidecar, under the same lock.
    public struct CompanionFile: Sendable, Equatable {
        public var path: String
        public var bytes: [UInt8]

        public init(path: String, bytes: [UInt8]) {
            self.path = path
            self.bytes = bytes
        }
    }

    public let sidecarPath: String
    public let auditPath: String
    public let image: SidecarImage
    public let geometry: SidecarGeometry
    /// Why annotations cannot be saved here (read-only folder, no permission), or nil.
    public let readOnlyReason: String?

    public var isWritable: Bool { readOnlyReason == nil }
    var folder: String { (sidecarPath as NSString).deletingLastPathComponent }

    /// The store for `volume`'s sidecar; hashes the image's files (SHA-256) to identify them.
    /// With `sidecarDirectory` the sidecar and its audit log are kept there, under the same
    /// names, instead of beside the image.
    ///
    /// A DICOM image whose plain sidecar (`<SeriesInstanceUID>.annotations.json`) plainly
    /// belongs to another image with the same Series Instance UID (other file names and
    /// contents, or another grid) uses `SidecarLocation.distinctSidecarPath` instead; so does
    /// one whose distinct sidecar already exists, and one whose plain sidecar is not written yet
    /// but was taken by another image earlier in this process (`SidecarClaims`).
    public init(volume: Volume, sidecarDirectory: String? = nil) throws(AnnotationError) {
        let image = try Self.identify(volume)
        let geometry = SidecarGeometry(volume: volume)
        var path = try SidecarLocation.sidecarPath(for: volume, directory: sidecarDirectory)
        if let distinct = SidecarLocation.distinctSidecarPath(for: volume, directory: sidecarDirectory) {
            if OwnedFile.kind(distinct) != nil || Self.belongsToAnotherImage(path, image: image, geometry: geometry) {
                path = distinct
            } else if OwnedFile.kind(path) == nil,
                      !SidecarClaims.claim(SidecarLocation.absolute(path), for: SidecarClaims.key(image, geometry)) {
                path = distinct
            }
        }
        self.init(sidecarPath: path, image: image, geometry: geometry)
    }

    /// Whether the sidecar at `path` is readable and plainly another image's (not this one
    /// changed, which `load` refuses). Anything unreadable is left for `load` to report.
    static func belongsToAnotherImage(_ path: String, image: SidecarImage, geometry: SidecarGeometry) -> Bool {
        guard case .success(let bytes) = OwnedFile.read(path),
              let document = try? SidecarCoding.decode(bytes, path: path) else { return false }
        let differentGrid = geometry.mismatch(with: document.geometry) != nil
        guard image.mismatch(with: document.image) != nil || differentGrid else { return false }
        return image.isAnotherImage(than: document.image, differentGrid: differentGrid)
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
        var files: [SidecarImage.FileHash] = []
        for path in volume.metadata.sourceFiles {
            files.append(SidecarImage.FileHash(name: (path as NSString).lastPathComponent,
                                               sha256: try ContentHash.hex(ofFile: path)))
        }
        // DICOM files are hashed too: anonymised data often gives different images one set of UIDs.
        if volume.metadata.format == .dicom, let series = id.seriesInstanceUID, !series.isEmpty {
            return SidecarImage(format: .dicom, studyInstanceUID: id.studyInstanceUID, seriesInstanceUID: series,
                                sopInstanceUIDs: id.sopInstanceUIDs, files: files)
        }
        return SidecarImage(format: volume.metadata.format, studyInstanceUID: id.studyInstanceUID,
                            seriesInstanceUID: nil, sopInstanceUIDs: id.sopInstanceUIDs, files: files)
    }

    /// Tries to create (and removes) a file in the folder: as root, permission bits alone say
    /// little, so this asks the file system itself.
    static func probeWritable(folder: String) -> String? {
        let probe = (folder as NSString).appendingPathComponent(".slicemark-probe-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        switch POSIXFile.openFile(probe, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600) {
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
            default: return "cannot create files in the folder \(folder): \(POSIXFile.errorText(code))"
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
        switch OwnedFile.read(sidecarPath) {
        case .success(let b): bytes = b
        case .failure(.errno(ENOENT)): return nil
        case .failure(let refusal):
            throw refusal.error(path: sidecarPath) { AnnotationError.unreadableSidecar(path: sidecarPath, reason: $0) }
        }
        let document = try SidecarCoding.decode(bytes, path: sidecarPath)
        if let problem = image.mismatch(with: document.image) ?? geometry.mismatch(with: document.geometry) {
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
                     after previous: SidecarSnapshot? = nil,
                     companions: [CompanionFile] = []) throws(AnnotationError) -> SidecarSnapshot {
        if audit.isEmpty && companions.isEmpty {
            // Nothing new to record: write only if merging brings something the file lacks
            // (never the case for a session that only looked), so viewing creates no file.
            let current = FileStamp.of(sidecarPath)
            if current == nil, document.isEmpty { return SidecarSnapshot(document: document, stamp: nil) }
            let disk = (previous?.stamp != nil && previous?.stamp == current) ? previous?.document : try readExisting()
            if let disk, document.merged(with: disk).withIdentity(image, geometry) == disk.withIdentity(image, geometry) {
                return SidecarSnapshot(document: disk, stamp: current)
            }
        }
        if let readOnlyReason { throw AnnotationError.readOnly(path: sidecarPath, reason: readOnlyReason) }
        try refuseIfNotRegular(sidecarPath)
        for companion in companions {
            guard (companion.path as NSString).deletingLastPathComponent == folder else {
                throw AnnotationError.writeFailed(path: companion.path, reason: "not in the sidecar's folder \(folder)")
            }
            try refuseIfNotRegular(companion.path)
        }
        let lock = try lockAuditLog()
        defer { close(lock) }
        let current = FileStamp.of(sidecarPath)
        let disk: SidecarDocument?
        if current == nil {
            disk = nil
        } else if let previous, previous.stamp == current {
            disk = previous.document
        } else {
            disk = try readExisting()
        }
        var merged = document
        var events = audit
        if let disk {
            let result = document.merge(with: disk, changed: Self.changedRecords(audit))
            merged = result.document
            events += result.conflicts.map { Self.conflictEvent($0, audit: audit) }
        }
        merged = merged.withIdentity(image, geometry)
        // The audit entries go first: a kill between the two leaves an entry for a change that
        // did not reach the sidecar, never a saved change without its entry.
        try append(events, to: lock)
        guard merged != disk || !companions.isEmpty else { return SidecarSnapshot(document: merged, stamp: current) }
        removeStaleTemporaries([sidecarPath] + companions.map(\.path))
        var prepared: [PreparedFile] = []
        do {
            for companion in companions { prepared.append(try prepare(companion.bytes, for: companion.path)) }
            if merged != disk { prepared.append(try prepare(SidecarCoding.encode(merged, path: sidecarPath), for: sidecarPath)) }
        } catch {
            discard(prepared)
            throw error
        }
        try commit(prepared)
        return SidecarSnapshot(document: merged, stamp: FileStamp.of(sidecarPath))
    }

    /// Opens the audit log (creating it, never through a link) and takes the exclusive lock on
    /// it that every writer of this sidecar holds; the caller closes the descriptor.
    func lockAuditLog() throws(AnnotationError) -> Int32 {
        let lock: Int32
        switch OwnedFile.open(auditPath, O_RDWR | O_APPEND | O_CREAT, 0o644) {
        case .success(let fd): lock = fd
        case .failure(let refusal):
            throw refusal.error(path: auditPath) { AnnotationError.lockFailed(path: auditPath, reason: $0) }
        }
        if let code = POSIXFile.lockExclusive(lock) {
            close(lock)
            throw AnnotationError.lockFailed(path: auditPath, reason: POSIXFile.errorText(code))
        }
        return lock
    }

    /// A link or a FIFO, device or folder where the sidecar should be is refused before anything
    /// is created beside it.
    private func refuseIfNotRegular(_ path: String) throws(AnnotationError) {
        guard let kind = OwnedFile.kind(path), kind != .regular else { return }
        if kind == .symbolicLink { throw AnnotationError.symbolicLink(path: path) }
        throw AnnotationError.notRegularFile(path: path, kind: kind.rawValue)
    }

    /// The records a batch of audit events changed, each with the revision its first change in
    /// the batch replaced: what the merge needs to tell a conflict from a stale copy.
    static func changedRecords(_ events: [AuditEvent]) -> [UUID: Int] {
        var changed: [UUID: Int] = [:]
        for e in events where e.action != .conflict && changed[e.id] == nil {
            changed[e.id] = e.baseRevision ?? 0
        }
        return changed
    }

    /// The audit line of a conflict, dated and signed like the change of this batch that
    /// touched the record (every conflict is about a record the batch changed).
    static func conflictEvent(_ c: MergeConflict, audit: [AuditEvent]) -> AuditEvent {
        let cause = audit.last { $0.id == c.id } ?? audit[audit.count - 1]
        return AuditEvent(time: cause.time, annotator: cause.annotator, action: .conflict, cause: .merge,
                          record: c.record, id: c.id,
                          summary: "changed in two sessions at once: the later change (by revision) is kept",
                          kept: c.kept, lost: c.lost)
    }

    private static func temporaryPrefix(_ path: String) -> String { "." + (path as NSString).lastPathComponent + ".tmp-" }

    /// A file written and fsynced under a temporary name beside `path`, waiting for its rename.
    private struct PreparedFile {
        var temporary: String
        var path: String
    }

    /// Writes `bytes` to a new temporary file beside `path` (owner-only, `O_EXCL`, never through
    /// a link), fsyncs it and gives it the mode of the file it will replace.
    private func prepare(_ bytes: [UInt8], for path: String) throws(AnnotationError) -> PreparedFile {
        let temporary = (folder as NSString).appendingPathComponent(
            Self.temporaryPrefix(path) + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        var existing = stat()
        let mode: mode_t = lstat(path, &existing) == 0 ? existing.st_mode & 0o777 : 0o644
        let fd: Int32
        switch POSIXFile.openFile(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600) {
        case .success(let f): fd = f
        case .failure(let e) where e.code == ELOOP || (e.code == EEXIST && OwnedFile.kind(temporary) == .symbolicLink):
            throw AnnotationError.symbolicLink(path: temporary)
        case .failure(let e): throw AnnotationError.writeFailed(path: path, reason: POSIXFile.errorText(e.code))
        }
        var failure: Int32? = bytes.withUnsafeBytes { POSIXFile.writeAll(fd, $0) } ?? POSIXFile.sync(fd)
        if failure == nil, fchmod(fd, mode) != 0 { failure = errno }
        close(fd)
        if let failure {
            unlink(temporary)
            throw AnnotationError.writeFailed(path: path, reason: POSIXFile.errorText(failure))
        }
        return PreparedFile(temporary: temporary, path: path)
    }

    /// Renames prepared files over their targets, in order, then fsyncs the folder. Done after
    /// every file is prepared, so the renames follow one another within microseconds: a kill
    /// leaves a label map and the sidecar naming its hash together, old or new.
    private func commit(_ files: [PreparedFile]) throws(AnnotationError) {
        for (n, file) in files.enumerated() {
            // rename() would replace a link rather than write through it, but a planted link or a
            // FIFO in the file's place is someone else's doing: leave it and say so.
            do {
                try refuseIfNotRegular(file.path)
            } catch {
                for rest in files[n...] { unlink(rest.temporary) }
                throw error
            }
            if rename(file.temporary, file.path) != 0 {
                let code = errno
                for rest in files[n...] { unlink(rest.temporary) }
                throw AnnotationError.writeFailed(path: file.path, reason: POSIXFile.errorText(code))
            }
        }
        if let code = POSIXFile.syncFolder(folder) {
            throw AnnotationError.notDurable(path: files.last?.path ?? sidecarPath, reason: POSIXFile.errorText(code))
        }
    }

    private func discard(_ files: [PreparedFile]) {
        for file in files { unlink(file.temporary) }
    }

    /// Temporary files left by a writer killed before its rename. Only writers holding the
    /// lock create them, so under the lock every one found is stale.
    private func removeStaleTemporaries(_ paths: [String]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        let prefixes = paths.map(Self.temporaryPrefix)
        for name in names where prefixes.contains(where: name.hasPrefix) {
            unlink((folder as NSString).appendingPathComponent(name))
        }
    }

    /// Appends `events` to the log open (and locked) as `fd`, chained to its last line
    /// (`AuditLog+Store.swift`).
    func append(_ events: [AuditEvent], to fd: Int32) throws(AnnotationError) {
        try appendChained(events, to: fd)
    }
}

extension SidecarDocument {
    /// The document with the store's image identity and grid, keeping what a newer slicemark
    /// added to them in the file.
    func withIdentity(_ image: SidecarImage, _ geometry: SidecarGeometry) -> SidecarDocument {
        var d = self
        var i = image, g = geometry
        i.unknown = self.image.unknown
        g.unknown = self.geometry.unknown
        d.image = i
        d.geometry = g
        return d
    }
}
