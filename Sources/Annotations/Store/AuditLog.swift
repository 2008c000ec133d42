import Foundation
import VolumeKit

/// The audit log: one JSON object per line (`AuditEvent`), appended under the store's lock
/// and never rewritten. A line cut short by a kill is skipped when reading.
public enum AuditLog {
    static func lines(_ events: [AuditEvent]) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out: [UInt8] = []
        for event in events {
            guard let data = try? encoder.encode(event) else { continue }
            out += Array(data) + [0x0A]
        }
        return out
    }

    /// Every complete event in the log at `path` (none when there is no log, or when it is a
    /// link or not a regular file: those are never read).
    public static func read(path: String) -> [AuditEvent] {
        guard case .success(let bytes) = OwnedFile.read(path) else { return [] }
        let decoder = JSONDecoder()
        return bytes.split(separator: 0x0A).compactMap { try? decoder.decode(AuditEvent.self, from: Data($0)) }
    }
}
