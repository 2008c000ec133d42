import Crypto
import Foundation
import VolumeKit

/// The audit log: one JSON object per line, appended under the store's lock and never
/// rewritten (docs/audit.md).
///
/// Every line carries `prev`, the SHA-256 (hex) of the line before it, byte for byte as written
/// and without its newline, so a line changed, removed, inserted or moved breaks the chain at
/// that place (`verify`). A chain starts with a header line (`AuditHeader`) naming the sidecar:
/// the first line of a new log, or, in a log written before lines were chained, the first new
/// line, whose `prev` is then the hash of the last old line. A line cut short by a kill is ended
/// with a newline by the next append and is covered by the next line's `prev` as written: it
/// spoils only itself, and readers skip it.
public enum AuditLog {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The SHA-256 of a line's bytes (without its newline), as 64 lowercase hex digits.
    public static func hash(_ line: some Collection<UInt8>) -> String {
        ContentHash.hex(of: Array(line))
    }

    /// `events` as chained lines (each ended by a newline) to follow a log whose last line is
    /// `last` (nil: an empty log). `header` is written first when the log's tail is not chained
    /// (`Tail.chained`), with its `prev` set to the hash of `last`.
    static func chained(_ events: [AuditEvent], after tail: Tail, header: AuditHeader) -> [UInt8] {
        let encoder = encoder()
        var out: [UInt8] = []
        var previous: String? = tail.lastLine.map { hash($0) }
        func add(_ line: [UInt8]) {
            out += line
            out.append(0x0A)
            previous = hash(line)
        }
        if !tail.chained {
            var h = header
            h.prev = previous
            if let data = try? encoder.encode(h) { add(Array(data)) }
        }
        for var event in events {
            event.prev = previous
            guard let data = try? encoder.encode(event) else { continue }
            add(Array(data))
        }
        return out
    }

    /// Every complete event in the log at `path` (none when there is no log, or when it is a
    /// link or not a regular file: those are never read). Header lines and torn lines are left out.
    public static func read(path: String) -> [AuditEvent] {
        guard let entries = try? entries(path: path) else { return [] }
        return entries.compactMap { if case .event(let e) = $0.entry { e } else { nil } }
    }

    /// Every line of the log at `path` that can be read, with its line number (from 1): headers
    /// and events; a line cut short by a kill, or one this slicemark cannot read, is left out.
    public static func entries(path: String) throws(AuditLogError) -> [(line: Int, entry: AuditEntry)] {
        let bytes = try readLog(path)
        let decoder = JSONDecoder()
        var out: [(line: Int, entry: AuditEntry)] = []
        var number = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            guard !line.isEmpty else { continue }
            let data = Data(line)
            if let header = try? decoder.decode(AuditHeader.self, from: data), header.schema.hasPrefix("slicemark-audit/") {
                out.append((number, .header(header)))
            } else if let event = try? decoder.decode(AuditEvent.self, from: data) {
                out.append((number, .event(event)))
            }
        }
        return out
    }

    /// The whole log, refusing links and anything but a regular file.
    static func readLog(_ path: String) throws(AuditLogError) -> [UInt8] {
        switch OwnedFile.read(path) {
        case .success(let bytes): return bytes
        case .failure(.errno(ENOENT)): throw .missing(path: path)
        case .failure(.errno(let code)): throw .unreadable(path: path, reason: POSIXFile.errorText(code))
        case .failure(.symbolicLink): throw .unreadable(path: path, reason: "it is a symbolic link, which slicemark never follows")
        case .failure(.notRegular(let kind)): throw .unreadable(path: path, reason: "it is \(kind), not a regular file")
        }
    }
}

/// A line of the audit log as read: a chain's header or an event.
public enum AuditEntry: Sendable, Equatable {
    case header(AuditHeader)
    case event(AuditEvent)
}

/// The first line of a chain: which sidecar the log belongs to (its file name, no folder) and
/// the image identity that sidecar holds (UIDs, file names and digests: no patient data), who
/// started the chain and when. `prev` is nil on the first line of a new log, and the hash of
/// the last line written before chaining in a log continued from an older slicemark.
public struct AuditHeader: Sendable, Equatable, Codable {
    public static let currentSchema = "slicemark-audit/1"

    public var schema: String
    public var sidecar: String
    public var image: SidecarImage
    public var time: Timestamp
    public var annotator: String
    public var prev: String?

    public init(sidecar: String, image: SidecarImage, time: Timestamp, annotator: String, prev: String? = nil) {
        self.schema = Self.currentSchema
        self.sidecar = sidecar
        self.image = image
        self.time = time
        self.annotator = annotator
        self.prev = prev
    }
}

/// Why an audit log cannot be read.
public enum AuditLogError: Error, Equatable, CustomStringConvertible {
    case missing(path: String)
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let path): "\(path): no such audit log"
        case .unreadable(let path, let reason): "\(path): cannot read the audit log: \(reason)"
        }
    }
}
