import Dataset
import Foundation
import Testing
import TestSupport
import VolumeKit

/// The cache of facts per file: a second check of an unchanged dataset reads no pixel data,
/// a changed file is read again, and the cache lives outside the dataset.
@Suite("check: the cache of facts per file", .serialized)
struct CacheTests {
    /// A copy of one built dataset, so its files can be changed.
    static func copy(_ name: String) throws -> String {
        let built = try CheckDatasets.get()
        let folder = NSTemporaryDirectory() + "slicemark-cache-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: built.folder(name), toPath: folder)
        return folder
    }

    @Test func secondRunReadsNoPixelsAndChangedFilesAreReadAgain() throws {
        let dataset = try Self.copy("copied-file")
        let cacheFolder = NSTemporaryDirectory() + "slicemark-cache-db-\(UUID().uuidString)"
        defer {
            try? FileManager.default.removeItem(atPath: dataset)
            try? FileManager.default.removeItem(atPath: cacheFolder)
        }
        let cache = try FactCache(folder: cacheFolder)
        let first = try DatasetCheck.run(paths: [dataset], cache: cache)
        #expect(first.summary.filesRead == first.summary.files)
        #expect(first.summary.pixelBytesRead > 7 * 128 * 128 * 2 - 1)

        let second = try DatasetCheck.run(paths: [dataset], cache: cache)
        #expect(second.summary.fromCache == second.summary.files)
        #expect(second.summary.filesRead == 0)
        #expect(second.summary.pixelBytesRead == 0)
        #expect(second.findings == first.findings)

        // The proof that nothing was read: every DICOM file overwritten with zeros, with its
        // size and modification time (to the nanosecond) put back. From the cache the findings
        // stay those of the intact files; read afresh, every one is unreadable.
        let dicom = first.facts.filter { $0.kind == .dicom }.map(\.path)
        #expect(dicom.count == 7)
        for path in dicom { try Self.zeroKeepingStamp(path) }
        let cached = try DatasetCheck.run(paths: [dataset], cache: cache)
        #expect(cached.findings == first.findings)
        #expect(cached.summary.pixelBytesRead == 0)
        let fresh = try DatasetCheck.run(paths: [dataset])
        #expect(fresh.findings.filter { $0.code == .unreadable }.count == 7)

        // A changed file (a new modification time) is read again, and only it.
        let touched = dataset + "/anat.nii"
        var times = [timespec(tv_sec: 1_700_000_000, tv_nsec: 123), timespec(tv_sec: 1_700_000_000, tv_nsec: 123)]
        #expect(utimensat(AT_FDCWD, touched, &times, 0) == 0)
        let third = try DatasetCheck.run(paths: [dataset], cache: cache)
        #expect(third.summary.filesRead == 1)
        #expect(third.summary.pixelBytesRead == 68002)
    }

    static func zeroKeepingStamp(_ path: String) throws {
        guard case .success(let status) = POSIXFile.linkStatus(path) else { throw POSIXErrno.current }
        try Data(count: status.size).write(to: URL(fileURLWithPath: path))
        let ns = status.modifiedNanoseconds
        var times = [timespec(tv_sec: ns / 1_000_000_000, tv_nsec: ns % 1_000_000_000),
                     timespec(tv_sec: ns / 1_000_000_000, tv_nsec: ns % 1_000_000_000)]
        guard utimensat(AT_FDCWD, path, &times, 0) == 0 else { throw POSIXErrno.current }
        guard case .success(let after) = POSIXFile.linkStatus(path), after.modifiedNanoseconds == ns, after.size == status.size else {
            throw POSIXErrno(code: EINVAL)
        }
    }

    @Test func aCacheOfAnotherSchemaIsEmptied() throws {
        let folder = NSTemporaryDirectory() + "slicemark-cache-db-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let dataset = try Self.copy("clean")
        defer { try? FileManager.default.removeItem(atPath: dataset) }
        _ = try DatasetCheck.run(paths: [dataset], cache: try FactCache(folder: folder))
        // An older slicemark's cache: another schema version in `meta`.
        let result = try runProcess("/usr/bin/env", ["python3", "-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1]); db.execute("UPDATE meta SET value = 'check-facts/0' WHERE key = 'schema'"); db.commit()
            """, folder + "/" + FactCache.fileName])
        #expect(result.status == 0, "\(result.stderr)")
        let again = try DatasetCheck.run(paths: [dataset], cache: try FactCache(folder: folder))
        #expect(again.summary.fromCache == 0)
        #expect(again.summary.filesRead == again.summary.files)
    }

    @Test func defaultFolderFollowsXDG() {
        #expect(FactCache.defaultFolder(environment: ["XDG_CACHE_HOME": "/x/cache", "HOME": "/home/a"]) == "/x/cache/slicemark")
        #expect(FactCache.defaultFolder(environment: ["HOME": "/home/a"]) == "/home/a/.cache/slicemark")
        #expect(FactCache.defaultFolder(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/home/a"]) == "/home/a/.cache/slicemark")
    }
}
