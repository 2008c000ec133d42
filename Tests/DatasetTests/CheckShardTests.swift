import Dataset
import Foundation
import Testing
import TestSupport

/// Shards checked apart and merged give the findings of one run, duplicates and missing slices
/// across shards included.
@Suite("check: shards merged equal one run")
struct CheckShardTests {
    @Test(arguments: [2, 3, 5])
    func shardsMergedEqualOneRun(count: Int) throws {
        let built = try CheckDatasets.get()
        let whole = try DatasetCheck.run(paths: [built.root])
        var parts: [CheckReport] = []
        for index in 1...count {
            let part = try DatasetCheck.run(paths: [built.root], shard: try Shard(index: index, count: count))
            // Through JSON, as the reports travel between machines.
            parts.append(try CheckReport.decode(Data(try part.json().utf8)))
        }
        #expect(parts.map(\.summary.files).reduce(0, +) == whole.summary.files)
        // A shard alone misses what needs files of other shards.
        #expect(parts.contains { $0.findings != whole.findings })
        let merged = DatasetCheck.merge(parts)
        #expect(merged.findings == whole.findings)
        #expect(merged.harmonisation == whole.harmonisation)
        #expect(merged.findings.contains { $0.code == .duplicateSOPInstanceUID })
        #expect(merged.findings.contains { $0.code == .missingSlice })
    }
}
