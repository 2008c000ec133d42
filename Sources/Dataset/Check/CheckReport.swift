import Foundation

/// What `check` prints: the findings, a summary, the harmonisation table, and with `--json` the
/// facts of every file (so that reports of shards merge, `DatasetCheck.merge`).
public struct CheckReport: Sendable, Codable, Equatable {
    public struct Summary: Sendable, Codable, Equatable {
        public var files: Int
        public var dicomFiles: Int
        public var dicomSeries: Int
        public var niftiImages: Int
        public var sidecars: Int
        public var labelMaps: Int
        public var unreadable: Int
        public var otherFiles: Int
        public var errors: Int
        public var warnings: Int
        public var codes: [String: Int]
        /// Files whose facts were read in this run, and taken from the cache.
        public var filesRead: Int
        public var fromCache: Int
        /// Bytes of pixel data (DICOM Pixel Data values, NIfTI and label map files) read.
        public var pixelBytesRead: Int
        public var skippedLinks: [String]
        public var shard: String
    }

    public var findings: [CheckFinding]
    public var summary: Summary
    public var harmonisation: Harmonisation
    public var facts: [FileFacts]

    public var hasErrors: Bool { findings.contains { $0.severity == .error } }

    init(facts: [FileFacts], statistics: CheckStatistics, shard: String) {
        let sorted = facts.sorted { ($0.key, $0.path) < ($1.key, $1.path) }
        let findings = CheckAnalysis.run(sorted)
        let units = ImageUnits(sorted)
        let count = { (kind: FileFacts.Kind) in sorted.filter { $0.kind == kind }.count }
        self.findings = findings
        self.facts = sorted
        harmonisation = Harmonisation(units: units)
        summary = Summary(
            files: statistics.files, dicomFiles: count(.dicom), dicomSeries: units.series.count, niftiImages: units.nifti.count,
            sidecars: count(.sidecar), labelMaps: count(.labelMap), unreadable: count(.unreadable), otherFiles: count(.other),
            errors: findings.filter { $0.severity == .error }.count, warnings: findings.filter { $0.severity == .warning }.count,
            codes: findings.reduce(into: [:]) { $0[$1.code.rawValue, default: 0] += 1 },
            filesRead: statistics.filesRead, fromCache: statistics.fromCache, pixelBytesRead: statistics.pixelBytesRead,
            skippedLinks: statistics.skippedLinks, shard: shard)
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    public static func decode(_ data: Data) throws -> CheckReport {
        try JSONDecoder().decode(CheckReport.self, from: data)
    }
}
