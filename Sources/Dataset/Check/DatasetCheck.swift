import Foundation
import VolumeKit

/// `slicemark check`: one pass over the files of a dataset (`DatasetFiles`), facts per file
/// from the cache or read once (in parallel), then every check over all the facts.
public enum DatasetCheck {
    public typealias Progress = @Sendable (_ done: Int, _ total: Int) -> Void

    public static func run(paths: [String], filesFrom: String? = nil, shard: Shard = .whole,
                           cache: FactCache? = nil, progress: Progress? = nil) throws(DatasetInputError) -> CheckReport {
        let listed = try DatasetFiles.collect(paths: paths, filesFrom: filesFrom, shard: shard)
        let files = listed.files
        let absolute = files.map { URL(fileURLWithPath: $0.path).standardizedFileURL.path }
        let stamps: [(size: Int, modified: Int)?] = files.map { file in
            guard case .success(let status) = POSIXFile.linkStatus(file.path) else { return nil }
            return (status.size, status.modifiedNanoseconds)
        }
        var byAbsolute: [String: (size: Int, modified: Int)] = [:]
        for (n, stamp) in stamps.enumerated() { if let stamp { byAbsolute[absolute[n]] = stamp } }
        let cached = cache?.lookup(byAbsolute) ?? [:]

        let slots = ResultSlots(count: files.count)
        let counter = ProgressCounter(total: files.count, progress: progress)
        DispatchQueue.concurrentPerform(iterations: files.count) { n in
            let file = files[n]
            let stamp = stamps[n] ?? (size: 0, modified: 0)
            if var hit = cached[absolute[n]] {
                hit.path = file.path
                hit.key = file.key
                slots.set(n, FactReader.Result(facts: hit, pixelBytes: 0), fromCache: true)
            } else {
                slots.set(n, FactReader.read(file, size: stamp.size, modified: stamp.modified), fromCache: false)
            }
            counter.step()
        }
        let results = slots.all
        let fresh: [(path: String, facts: FileFacts)] = results.indices.filter { !results[$0].fromCache }
            .map { (path: absolute[$0], facts: results[$0].result.facts) }
        try? cache?.store(fresh)

        let facts = results.map(\.result.facts)
        var statistics = CheckStatistics()
        statistics.files = files.count
        statistics.fromCache = results.filter(\.fromCache).count
        statistics.filesRead = files.count - statistics.fromCache
        statistics.pixelBytesRead = results.reduce(0) { $0 + $1.result.pixelBytes }
        statistics.skippedLinks = listed.skippedLinks
        return CheckReport(facts: facts, statistics: statistics, shard: shard.description)
    }

    /// The report of one run over the facts of several (`--merge`): the findings one run over
    /// all their files would give. A file in several reports counts once (its first facts).
    public static func merge(_ reports: [CheckReport]) -> CheckReport {
        var seen = Set<String>()
        var facts: [FileFacts] = []
        var statistics = CheckStatistics()
        for report in reports {
            for f in report.facts where seen.insert(f.path).inserted { facts.append(f) }
            statistics.filesRead += report.summary.filesRead
            statistics.fromCache += report.summary.fromCache
            statistics.pixelBytesRead += report.summary.pixelBytesRead
            statistics.skippedLinks += report.summary.skippedLinks
        }
        statistics.files = facts.count
        return CheckReport(facts: facts, statistics: statistics,
                           shard: "merged from \(reports.map(\.summary.shard).joined(separator: ", "))")
    }
}

struct CheckStatistics {
    var files = 0
    var filesRead = 0
    var fromCache = 0
    var pixelBytesRead = 0
    var skippedLinks: [String] = []
}

private final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [(result: FactReader.Result, fromCache: Bool)?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ n: Int, _ result: FactReader.Result, fromCache: Bool) {
        lock.lock()
        slots[n] = (result, fromCache)
        lock.unlock()
    }

    var all: [(result: FactReader.Result, fromCache: Bool)] { slots.map { $0! } }
}

private final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private let total: Int
    private let progress: DatasetCheck.Progress?

    init(total: Int, progress: DatasetCheck.Progress?) {
        self.total = total
        self.progress = progress
    }

    func step() {
        guard let progress else { return }
        lock.lock()
        done += 1
        let n = done
        lock.unlock()
        if n == total || n % 64 == 0 { progress(n, total) }
    }
}
