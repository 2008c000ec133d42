import Foundation

/// The map file: CSV `kind,id_old,id_new` with one `secret,,<hex>` row holding the key every
/// replacement is derived from. Rows are only ever appended (one `patient`, `uid` or
/// `date-offset` row per original value), so the maps of shards merge by concatenation: the
/// repeated header and secret rows of the pieces are accepted when the secrets agree.
public final class DeidMap {
    public static let header = "kind,id_old,id_new"

    public let path: String
    public let secret: [UInt8]
    /// True when this run created the file.
    public let created: Bool
    private var known: Set<String>
    private var pending: [String] = []

    private init(path: String, secret: [UInt8], created: Bool, known: Set<String>) {
        self.path = path
        self.secret = secret
        self.created = created
        self.known = known
    }

    /// Opens the map, creating it (owner-only, 0600, with a new random secret) when missing.
    /// Refuses a map inside `outputFolder` (which need not exist yet).
    public static func open(path: String, outputFolder: String) throws(DeidError) -> DeidMap {
        let mapPath = resolved(path)
        let out = resolved(outputFolder)
        if mapPath == out || mapPath.hasPrefix(out.hasSuffix("/") ? out : out + "/") {
            throw .mapInsideOutput(map: path, out: outputFolder)
        }
        var info = stat()
        if lstat(path, &info) != 0 {
            let secret = DeidKeys.randomSecret()
            let text = header + "\n" + "secret,," + hex(secret) + "\n"
            let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
            defer { close(fd) }
            fchmod(fd, 0o600)
            guard writeAll(fd, Array(text.utf8)), fsync(fd) == 0 else {
                throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
            return DeidMap(path: path, secret: secret, created: true, known: [])
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .unreadableMap(path: path, reason: "not a regular file") }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .unreadableMap(path: path, reason: (error as NSError).localizedDescription)
        }
        var secret: [UInt8]?
        var known = Set<String>()
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            if line == header { continue }
            let fields = parseCSV(String(line))
            guard fields.count == 3 else { throw .badMap(path: path, line: n + 1, reason: "expected kind,id_old,id_new") }
            if fields[0] == "secret" {
                guard let value = unhex(fields[2]), value.count >= 16 else {
                    throw .badMap(path: path, line: n + 1, reason: "the secret must be at least 32 hexadecimal digits")
                }
                if let secret, secret != value {
                    throw .badMap(path: path, line: n + 1, reason: "a second, different secret (maps made with different secrets cannot be merged)")
                }
                secret = value
            } else {
                known.insert(String(line))
            }
        }
        guard let secret else { throw .badMap(path: path, line: 1, reason: "no secret row (secret,,<hex>)") }
        return DeidMap(path: path, secret: secret, created: false, known: known)
    }

    /// Notes a row; written at the next `flush` unless the file already has it.
    public func record(_ kind: String, _ old: String, _ new: String) {
        let line = [kind, old, new].map(Self.quote).joined(separator: ",")
        if known.insert(line).inserted { pending.append(line) }
    }

    /// Appends the rows noted since the last flush, and syncs the file.
    public func flush() throws(DeidError) {
        guard !pending.isEmpty else { return }
        let fd = Glibc.open(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard writeAll(fd, Array((pending.joined(separator: "\n") + "\n").utf8)), fsync(fd) == 0 else {
            throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        pending.removeAll()
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func parseCSV(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        var chars = line.makeIterator()
        var pendingQuote = false
        while let c = chars.next() {
            if quoted {
                if c == "\"" { quoted = false; pendingQuote = true } else { current.append(c) }
            } else if c == "\"" {
                if pendingQuote { current.append("\"") }
                quoted = true
                pendingQuote = false
            } else if c == "," {
                fields.append(current)
                current = ""
                pendingQuote = false
            } else {
                current.append(c)
                pendingQuote = false
            }
        }
        fields.append(current)
        return fields
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    static func unhex(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        var n = 0
        while n < digits.count {
            guard let hi = nibble(digits[n]), let lo = nibble(digits[n + 1]) else { return nil }
            out.append(hi << 4 | lo)
            n += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46: return c - 0x41 + 10
        default: return nil
        }
    }

    /// The absolute path with links resolved as far as the path exists.
    static func resolved(_ path: String) -> String {
        if let real = realPath(path) { return real }
        let parent = (path as NSString).deletingLastPathComponent
        let last = (path as NSString).lastPathComponent
        if parent == path || last.isEmpty { return path }
        return (resolved(parent.isEmpty ? "." : parent) as NSString).appendingPathComponent(last)
    }

    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}

func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    if bytes.isEmpty { return true }
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
        if n < 0 {
            if errno == EINTR { continue }
            return false
        }
        offset += n
    }
    return true
}
