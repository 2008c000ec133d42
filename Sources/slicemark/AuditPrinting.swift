import Annotations
import Foundation

/// How `audit log` shows a line. Everything here comes from a file: it reaches the terminal
/// only through `Output`, which makes it safe.
enum AuditPrinting {
    /// `TIME  WHO  ACTION (CAUSE)  RECORD KIND "LABEL"  ID`, the summary, then one line per
    /// field that changed: `path: old → new` (for a conflict, the version lost → the one kept).
    static func text(_ e: AuditEvent) -> String {
        var head = "\(e.time)  \(e.annotator)  \(e.action.rawValue)"
        if e.cause != .edit && e.cause != .command { head += " (\(e.cause.rawValue))" }
        head += "  \(e.record.rawValue)"
        if let kind = e.kind { head += " \(kind)" }
        if let label = e.label { head += " \"\(label)\"" }
        head += "  \(e.id.uuidString)"
        if let revision = e.revision { head += "  revision \(revision)" }
        var lines = [head, "    " + e.summary]
        let changes: [AuditFieldChange]
        switch e.action {
        case .update: changes = AuditLog.changes(from: e.before, to: e.after)
        case .conflict:
            changes = AuditLog.changes(from: e.lost, to: e.kept)
            if !changes.isEmpty { lines.append("    lost → kept:") }
        default: changes = []
        }
        for c in changes {
            lines.append("    \(c.path): \(c.old.map(AuditLog.compact) ?? "(none)") → \(c.new.map(AuditLog.compact) ?? "(none)")")
        }
        return lines.joined(separator: "\n")
    }

    /// The line's JSON with `log` and `line` added.
    static func json(_ e: AuditEvent, log: String, line: Int) -> String {
        let encoder = JSONEncoder()
        guard let data = try? encoder.encode(e), case .object(var object)? = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            return "{}"
        }
        object["log"] = .string(log)
        object["line"] = .integer(Int64(line))
        return AuditLog.compact(.object(object))
    }
}
