#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import VolumeKit

extension AnnotationStore {
    /// Appends lines that another command made (an `export`, an `import`, see
    /// `AuditEvent.recordEvents`) to this sidecar's audit log, the way `save` appends its own:
    /// under the exclusive lock on the log, chained to its last line, fsynced. The sidecar is
    /// neither read nor written. Creates the log (with its header) when there is none.
    public func appendAudit(_ events: [AuditEvent]) throws(AnnotationError) {
        guard !events.isEmpty else { return }
        if let readOnlyReason { throw AnnotationError.readOnly(path: auditPath, reason: readOnlyReason) }
        let lock = try lockAuditLog()
        defer { close(lock) }
        try appendChained(events, to: lock)
    }

    /// Appends `events` to the log open and locked as `fd`: reads its tail (the last lines
    /// only), ends a line a kill cut short, writes a header when the chain starts here, then
    /// the events, each with `prev`, and fsyncs.
    func appendChained(_ events: [AuditEvent], to fd: Int32) throws(AnnotationError) {
        guard let first = events.first else { return }
        let tail: AuditLog.Tail
        switch AuditLog.tail(of: fd) {
        case .success(let t): tail = t
        case .failure(let e): throw AnnotationError.writeFailed(path: auditPath, reason: "cannot read its last line: \(e)")
        }
        let header = AuditHeader(sidecar: (sidecarPath as NSString).lastPathComponent, image: image,
                                 time: first.time, annotator: first.annotator)
        // A line cut short by a killed writer is ended first, so that it spoils only itself.
        var bytes: [UInt8] = tail.endsWithNewline ? [] : [0x0A]
        bytes += AuditLog.chained(events, after: tail, header: header)
        if let code = bytes.withUnsafeBytes({ POSIXFile.writeAll(fd, $0) }) ?? POSIXFile.sync(fd) {
            throw AnnotationError.writeFailed(path: auditPath, reason: POSIXFile.errorText(code))
        }
    }
}

extension AuditEvent {
    /// One line per record of `document` named in `ids` (others are left out), for a command
    /// that used them without changing them: `action` `.export` or `.import`, cause `command`,
    /// the record's kind, label and current `revision` (which version went out), the `format`
    /// and the file or folder (`destination`) written or read.
    public static func recordEvents(_ ids: [UUID], in document: SidecarDocument, action: Action,
                                    format: String, destination: String, annotator: String, time: Timestamp) -> [AuditEvent] {
        let verb = action == .import ? "imported from" : "exported as \(format) to"
        func lines<R: SidecarRecord>(_ records: [R]) -> [UUID: AuditEvent] {
            var out: [UUID: AuditEvent] = [:]
            for r in records {
                let (kind, label) = describe(r)
                out[r.id] = AuditEvent(time: time, annotator: annotator, action: action, cause: .command,
                                       record: R.auditRecord, id: r.id, kind: kind, label: label,
                                       summary: action == .import ? "\(verb) \(destination) (\(format))" : "\(verb) \(destination)",
                                       revision: r.revision, format: format, destination: destination)
            }
            return out
        }
        var all = lines(document.annotations)
        for part in [lines(document.labels), lines(document.notes), lines(document.reviews), lines(document.segmentations)] {
            all.merge(part) { a, _ in a }
        }
        return ids.compactMap { all[$0] }
    }
}
