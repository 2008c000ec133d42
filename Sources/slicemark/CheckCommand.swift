import ArgumentParser
import Dataset
import Foundation

extension Slicemark {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a dataset before training: duplicates, missing slices, broken links, non-conforming files.",
            discussion: """
                One finding a line, `error|warning CODE PATH: message`, then a summary and a \
                harmonisation table of the acquisition parameters. Exits 1 when any error is found, \
                2 when the check could not run. Nothing is written into the dataset; facts per file \
                are cached under the user's cache folder (docs/check.md).
                """)

        @Flag(help: "Print the report as JSON, with the facts of every file (for --merge).")
        var json = false

        @Option(name: .customLong("files-from"), help: "Also check the files (or folders) listed in this file, one a line.")
        var filesFrom: String?

        @Option(help: "Check only shard I of N (1 ≤ I ≤ N), split by the hash of each file's path.")
        var shard: String?

        @Option(help: "Cache folder (default: $SLICEMARK_CACHE_DIR, else $XDG_CACHE_HOME/slicemark, else ~/.cache/slicemark).")
        var cache: String?

        @Flag(name: .customLong("no-cache"), help: "Read every file; use and write no cache.")
        var noCache = false

        @Flag(help: "PATHs are --json reports (of shards): print the findings of one run over all their files.")
        var merge = false

        @Argument(help: "Folders and files to check (with --merge: JSON reports).")
        var paths: [String] = []

        func validate() throws {
            if paths.isEmpty && filesFrom == nil { throw ValidationError("give a folder or files to check") }
            if merge && (shard != nil || filesFrom != nil) { throw ValidationError("--merge takes reports only, not --shard or --files-from") }
        }

        func run() throws {
            let report: CheckReport
            if merge {
                var reports: [CheckReport] = []
                for path in paths {
                    do {
                        reports.append(try CheckReport.decode(try Data(contentsOf: URL(fileURLWithPath: path))))
                    } catch {
                        Output.error("\(path): not a report of slicemark check --json: \(error.localizedDescription)")
                        throw ExitCode(2)
                    }
                }
                report = DatasetCheck.merge(reports)
            } else {
                do {
                    var part = Shard.whole
                    if let shard { part = try Shard(parsing: shard) }
                    let factCache = try openCache()
                    let interactive = isatty(STDERR_FILENO) == 1
                    report = try DatasetCheck.run(paths: paths, filesFrom: filesFrom, shard: part, cache: factCache) { done, total in
                        if interactive { progressLine("checking \(done)/\(total) files") }
                    }
                    if interactive { progressLine(nil) }
                    let s = report.summary
                    Output.errorLines("checked \(s.files) files: \(s.filesRead) read, \(s.fromCache) from the cache"
                        + (factCache.map { " (\($0.path))" } ?? ""))
                } catch let error as DatasetInputError {
                    Output.error(error.description)
                    throw ExitCode(2)
                } catch let error as CacheError {
                    Output.error(error.description)
                    throw ExitCode(2)
                }
            }
            if json { Output.json(try report.json()) } else { Output.print(report.text) }
            if report.hasErrors { throw ExitCode(1) }
        }

        private func openCache() throws -> FactCache? {
            if noCache { return nil }
            let folder = URL(fileURLWithPath: cache ?? ProcessInfo.processInfo.environment["SLICEMARK_CACHE_DIR"]
                ?? FactCache.defaultFolder()).standardizedFileURL.path
            for root in paths {
                let dataset = URL(fileURLWithPath: root).standardizedFileURL.path
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: dataset, isDirectory: &isFolder), isFolder.boolValue else { continue }
                if folder == dataset || folder.hasPrefix(dataset.hasSuffix("/") ? dataset : dataset + "/") {
                    throw CacheError.insideDataset(cache: folder, dataset: dataset)
                }
            }
            return try FactCache(folder: folder)
        }
    }
}

/// The progress line on a terminal's stderr, rewritten in place (`nil` clears it). It holds
/// only numbers, never text from a file.
private func progressLine(_ text: String?) {
    let line = "\r\u{1B}[K" + (text ?? "")
    FileHandle.standardError.write(Data(line.utf8))
}
