import Foundation
import GRDB

/// Facts per file in SQLite (GRDB over the system libsqlite3), under the user's cache folder,
/// never in the dataset: a row is used only when the file's path, size and modification time
/// (nanoseconds) are those it was read with, so a changed file is read again.
///
/// Schema (version `schemaVersion`, kept in `meta`): `facts(path PRIMARY KEY, size, mtime_ns,
/// facts)` with `facts` the JSON of `FileFacts`. A cache of another version is emptied.
public final class FactCache: @unchecked Sendable {
    /// Bumped when `FileFacts` or what is read into it changes; the IOD table's commit is part of it.
    public static let schemaVersion = "check-facts/2 iod:" + String(IODRequirementsTable.commit.prefix(12))
    public static let fileName = "check-facts.sqlite"

    public let path: String
    private let queue: DatabaseQueue

    /// `$XDG_CACHE_HOME/slicemark`, else `~/.cache/slicemark`.
    public static func defaultFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return (xdg as NSString).appendingPathComponent("slicemark")
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return ((home as NSString).appendingPathComponent(".cache") as NSString).appendingPathComponent("slicemark")
    }

    public init(folder: String) throws(CacheError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .cannotOpen(path: folder, reason: (error as NSError).localizedDescription)
        }
        path = (folder as NSString).appendingPathComponent(Self.fileName)
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.write { db in
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                let version = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'schema'")
                if version != Self.schemaVersion {
                    try db.execute(sql: "DROP TABLE IF EXISTS facts")
                    try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)", arguments: [Self.schemaVersion])
                }
                try db.execute(sql: """
                    CREATE TABLE IF NOT EXISTS facts (path TEXT PRIMARY KEY, size INTEGER NOT NULL,
                    mtime_ns INTEGER NOT NULL, facts BLOB NOT NULL)
                    """)
            }
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// The cached facts of every file in `stamps` (absolute path → size, mtime) that is unchanged.
    public func lookup(_ stamps: [String: (size: Int, modified: Int)]) -> [String: FileFacts] {
        let decoder = JSONDecoder()
        return (try? queue.read { db -> [String: FileFacts] in
            var out: [String: FileFacts] = [:]
            let statement = try db.cachedStatement(sql: "SELECT size, mtime_ns, facts FROM facts WHERE path = ?")
            for (path, stamp) in stamps {
                guard let row = try Row.fetchOne(statement, arguments: [path]) else { continue }
                let size: Int = row[0], modified: Int = row[1], data: Data = row[2]
                guard size == stamp.size, modified == stamp.modified,
                      let facts = try? decoder.decode(FileFacts.self, from: data) else { continue }
                out[path] = facts
            }
            return out
        }) ?? [:]
    }

    /// Stores facts by absolute path.
    public func store(_ entries: [(path: String, facts: FileFacts)]) throws(CacheError) {
        guard !entries.isEmpty else { return }
        let encoder = JSONEncoder()
        do {
            try queue.write { db in
                let statement = try db.cachedStatement(sql: "INSERT OR REPLACE INTO facts (path, size, mtime_ns, facts) VALUES (?, ?, ?, ?)")
                for (path, facts) in entries {
                    try statement.execute(arguments: [path, facts.size, facts.modifiedNanoseconds, try encoder.encode(facts)])
                }
            }
        } catch {
            throw .cannotWrite(path: path, reason: "\(error)")
        }
    }
}

public enum CacheError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case insideDataset(cache: String, dataset: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): return "\(path): cannot open the cache of file facts: \(reason)"
        case .cannotWrite(let path, let reason): return "\(path): cannot write the cache of file facts: \(reason)"
        case .insideDataset(let cache, let dataset):
            return "\(cache): the cache folder is inside the dataset \(dataset); check never writes into a dataset (give --cache elsewhere or --no-cache)"
        }
    }
}
