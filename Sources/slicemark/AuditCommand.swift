import Annotations
import ArgumentParser
import Foundation

extension Slicemark {
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check and print the audit logs beside sidecars.",
            discussion: """
                Each line of an audit log carries `prev`, the SHA-256 of the line before it, so a line \
                changed, removed, inserted or moved breaks the chain where it happened (docs/audit.md).
                """,
            subcommands: [Verify.self, Log.self])
    }
}

extension Slicemark.Audit {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that audit logs are intact: exit 0 when they are, 1 naming the first broken line.")

        @Argument(help: "Audit logs (*.annotations.audit.jsonl), sidecars (the log beside them), images, or folders searched for audit logs.")
        var paths: [String]

        func validate() throws {
            if paths.isEmpty { throw ValidationError("give an audit log, a sidecar or a folder to check") }
        }

        func run() throws {
            let (logs, missing) = AuditPaths.logs(paths)
            var failed = missing
            for log in logs {
                do {
                    let result = try AuditLog.verify(path: log)
                    if result.isIntact {
                        Output.print("\(log): \(result.summary)")
                    } else {
                        Output.error("\(log): \(result.summary)")
                        failed = true
                    }
                } catch {
                    Output.error(error.description)
                    failed = true
                }
            }
            if failed { throw ExitCode(1) }
        }
    }

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print audit logs readably: time, who, what, which record, and old → new for what changed.")

        @Option(name: .customLong("annotator"), help: "Only changes by this annotator (repeat for several).")
        var annotators: [String] = []

        @Option(help: "Only lines at or after this time (UTC): 2026-11-21, 2026-11-21T23:00:00Z, or with an offset.")
        var since: String?

        @Option(name: .customLong("record"), help: "Only lines about this record id (repeat for several).")
        var records: [String] = []

        @Flag(help: "One JSON object per line: the line as written, with `log` (the file) and `line` (its number).")
        var json = false

        @Argument(help: "Audit logs, sidecars, images, or folders searched for audit logs.")
        var paths: [String]

        func validate() throws {
            if paths.isEmpty { throw ValidationError("give an audit log, a sidecar or a folder to print") }
            if let since, AuditFilter.time(since) == nil {
                throw ValidationError("--since: '\(since)' is not a time (use 2026-11-21 or 2026-11-21T23:00:00Z)")
            }
            for r in records where UUID(uuidString: r) == nil {
                throw ValidationError("--record: '\(r)' is not a record id (like 6F8ED69F-75D9-4B11-82C1-FD87EE10E639)")
            }
        }

        func run() throws {
            let filter = AuditFilter(annotators: Set(annotators), since: since.flatMap(AuditFilter.time),
                                     records: Set(records.compactMap(UUID.init(uuidString:))))
            let (logs, missing) = AuditPaths.logs(paths)
            var failed = missing
            for log in logs {
                let entries: [(line: Int, entry: AuditEntry)]
                do {
                    entries = try AuditLog.entries(path: log)
                } catch {
                    Output.error(error.description)
                    failed = true
                    continue
                }
                let events = entries.compactMap { item -> (Int, AuditEvent)? in
                    guard case .event(let e) = item.entry, filter.accepts(e) else { return nil }
                    return (item.line, e)
                }
                if json {
                    for (line, event) in events { Output.json(AuditPrinting.json(event, log: log, line: line)) }
                } else {
                    if logs.count > 1 { Output.print("\(log):") }
                    for (_, event) in events { Output.print(AuditPrinting.text(event)) }
                }
            }
            if failed { throw ExitCode(1) }
        }
    }
}

/// Which lines `audit log` prints.
struct AuditFilter {
    var annotators: Set<String>
    var since: Timestamp?
    var records: Set<UUID>

    func accepts(_ e: AuditEvent) -> Bool {
        (annotators.isEmpty || annotators.contains(e.annotator))
            && (since.map { e.time >= $0 } ?? true)
            && (records.isEmpty || records.contains(e.id))
    }

    /// A full ISO 8601 time, or a date alone (its midnight, UTC).
    static func time(_ text: String) -> Timestamp? {
        Timestamp(iso8601: text) ?? (text.count == 10 ? Timestamp(iso8601: text + "T00:00:00Z") : nil)
    }
}
