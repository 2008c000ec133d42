import Foundation

/// Headers the folder scan has just parsed, kept until the series is opened so its files are
/// not parsed twice. Entries are checked against the file's size and modification time, used
/// once, and the cache holds at most `byteLimit` bytes of header data.
final class DICOMHeaderCache: @unchecked Sendable {
    static let shared = DICOMHeaderCache()
    static let byteLimit = 64 << 20

    private struct Entry {
        var size: Int
        var modified: Int
        var header: DICOMHeader
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var bytes = 0

    func store(_ header: DICOMHeader, for file: ReadableFile) {
        // Deflated headers hold the inflated dataset, which the pixel phase needs whole: not kept.
        guard !header.transferSyntax.isDeflated else { return }
        let cost = header.dataset.storage.bytes.count
        lock.lock()
        defer { lock.unlock() }
        guard bytes + cost <= Self.byteLimit else { return }
        if let old = entries[file.path] { bytes -= old.header.dataset.storage.bytes.count }
        entries[file.path] = Entry(size: file.size, modified: file.modified, header: header)
        bytes += cost
    }

    /// The cached header of an unchanged file, removed from the cache.
    func take(for file: ReadableFile) -> DICOMHeader? {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = entries.removeValue(forKey: file.path) else { return nil }
        bytes -= entry.header.dataset.storage.bytes.count
        guard entry.size == file.size, entry.modified == file.modified else { return nil }
        return entry.header
    }
}
