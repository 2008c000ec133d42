import Foundation

/// One regular file a dataset command will look at: where it is, and the key it is known by
/// across machines (its path relative to the folder given on the command line, or the path as
/// given for a file named directly).
public struct DatasetFile: Sendable, Hashable {
    public let path: String
    public let key: String

    public init(path: String, key: String) {
        self.path = path
        self.key = key
    }
}

/// The files a dataset command (`check`, `deid`) works on: every regular file under the folders
/// named, plus those listed in `--files-from`, in a stable order, limited to one shard.
/// Symbolic links are not followed (a link into another patient's folder is not part of this
/// dataset) but are reported, as are paths that do not exist.
public struct DatasetFiles: Sendable {
    public var files: [DatasetFile] = []
    /// Links found and not followed.
    public var skippedLinks: [String] = []

    public init(files: [DatasetFile] = [], skippedLinks: [String] = []) {
        self.files = files
        self.skippedLinks = skippedLinks
    }

    /// Walks `paths` (files or folders) and the files listed in `filesFrom`, keeps the files of
    /// `shard`, sorted by key. Hidden files and folders (a leading dot) are left out.
    public static func collect(paths: [String], filesFrom: String? = nil, shard: Shard = .whole) throws(DatasetInputError) -> DatasetFiles {
        var found = DatasetFiles()
        var roots = paths
        if let filesFrom { roots += try readList(filesFrom) }
        for root in roots { try found.add(root: root) }
        var seen = Set<String>()
        found.files = found.files
            .filter { shard.contains(key: $0.key) && seen.insert($0.path).inserted }
            .sorted { ($0.key, $0.path) < ($1.key, $1.path) }
        found.skippedLinks.sort()
        return found
    }

    /// One path a line; blank lines and lines starting with `#` are skipped.
    public static func readList(_ path: String) throws(DatasetInputError) -> [String] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .unreadableList(path: path, reason: (error as NSError).localizedDescription)
        }
        return text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    private mutating func add(root: String) throws(DatasetInputError) {
        var info = stat()
        guard lstat(root, &info) == 0 else { throw .missingPath(root) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: files.append(DatasetFile(path: root, key: root))
        case S_IFLNK: skippedLinks.append(root)
        case S_IFDIR: walk(folder: root, prefix: "")
        default: break
        }
    }

    private mutating func walk(folder: String, prefix: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = (folder as NSString).appendingPathComponent(name)
            let key = prefix.isEmpty ? name : prefix + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFREG: files.append(DatasetFile(path: path, key: key))
            case S_IFDIR: walk(folder: path, prefix: key)
            case S_IFLNK: skippedLinks.append(path)
            default: break
            }
        }
    }
}
