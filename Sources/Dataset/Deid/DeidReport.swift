/// What one `deid` run did, for the report it prints.
public struct DeidReport: Sendable {
    public struct Written: Sendable { public var input: String; public var output: String }
    public struct Skipped: Sendable { public var path: String; public var reason: String }
    public struct Risk: Sendable { public var input: String; public var output: String; public var reasons: [String] }

    public var written: [Written] = []
    public var skipped: [Skipped] = []
    public var burnedIn: [Risk] = []
    /// Audit logs left out (their old and new values may hold UIDs and free text).
    public var auditLogsLeftOut: [String] = []
    public var notes: [String] = []
    public var privateElementsRemoved = 0
    public var privateElementsKept = 0
    public var extensionBytesDropped = 0
    public var patients = Set<String>()

    public init() {}

    /// The report as lines of text (paths are the caller's to make terminal-safe).
    public func lines(options: Set<DeidOption>) -> [String] {
        var out: [String] = []
        out.append("de-identified \(written.count) file(s) of \(patients.count) patient(s); \(skipped.count) skipped")
        let names = ["Basic Application Confidentiality Profile"] + DeidActionTable.optionOrder.filter(options.contains).map(\.standardName)
        out.append("profile: " + names.joined(separator: ", "))
        if privateElementsRemoved > 0 { out.append("private elements removed: \(privateElementsRemoved)") }
        if privateElementsKept > 0 { out.append("private elements kept as safe (listed by --safe-private-list): \(privateElementsKept)") }
        if extensionBytesDropped > 0 { out.append("NIfTI extension bytes dropped: \(extensionBytesDropped)") }
        for s in skipped { out.append("skipped \(s.path): \(s.reason)") }
        for a in auditLogsLeftOut { out.append("left out audit log \(a) (its values may hold UIDs and free text; the hash chain cannot be rewritten)") }
        if !burnedIn.isEmpty {
            out.append("check for burned-in text (pixels are copied unchanged; --clean-pixels blanks rectangles):")
            for r in burnedIn { out.append("  \(r.output) (from \(r.input)): \(r.reasons.joined(separator: ", "))") }
        }
        for n in notes { out.append(n) }
        return out
    }
}
