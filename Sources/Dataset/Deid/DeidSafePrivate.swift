import Foundation

/// The private attributes a site has found safe to keep (Retain Safe Private Option, PS3.15
/// E.3.10): each is named by its group, its private creator and its element within the creator's
/// block, as PS3.15 Table E.3.10-1 and vendors' conformance statements name them, since the block
/// number (the xx of gggg,xxee) differs from file to file.
public struct SafePrivateList: Sendable, Equatable {
    public struct Entry: Sendable, Hashable {
        public var group: UInt16
        public var creator: String
        public var element: UInt8
        public var name: String
    }

    public private(set) var entries: [Entry]
    private var keys: Set<Key>

    private struct Key: Hashable { var group: UInt16; var creator: String; var element: UInt8 }

    public init(entries: [Entry]) {
        self.entries = entries
        keys = Set(entries.map { Key(group: $0.group, creator: Self.normalised($0.creator), element: $0.element) })
    }

    public func contains(group: UInt16, creator: String, element: UInt8) -> Bool {
        keys.contains(Key(group: group, creator: Self.normalised(creator), element: element))
    }

    /// Private creators are compared as DICOM compares LO values: without padding, case kept.
    static func normalised(_ creator: String) -> String { creator.trimmingCharacters(in: [" ", "\0"]) }

    /// Lines `GROUP,PRIVATE CREATOR,ELEMENT[,NAME]` in hexadecimal (`0029,SIEMENS CSA HEADER,10`);
    /// `#` starts a comment, blank lines are skipped.
    public static func parse(_ text: String, path: String) throws(DeidError) -> SafePrivateList {
        var entries: [Entry] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: ",", maxSplits: 3, omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count >= 3 else { throw .badSafePrivateList(path: path, line: n + 1, reason: "three fields or four expected") }
            guard let group = UInt16(parts[0], radix: 16), group & 1 == 1, group > 8 else {
                throw .badSafePrivateList(path: path, line: n + 1, reason: "\(parts[0]) is not an odd (private) group in hexadecimal")
            }
            guard !parts[1].isEmpty, parts[1].count <= 64 else {
                throw .badSafePrivateList(path: path, line: n + 1, reason: "the private creator is empty or too long")
            }
            let element = parts[2].lowercased().hasPrefix("xx") ? String(parts[2].dropFirst(2)) : parts[2]
            guard element.count <= 2, let offset = UInt8(element, radix: 16) else {
                throw .badSafePrivateList(path: path, line: n + 1, reason: "\(parts[2]) is not an element within a block (two hexadecimal digits, xx10 or 10)")
            }
            entries.append(Entry(group: group, creator: parts[1], element: offset, name: parts.count > 3 ? parts[3] : ""))
        }
        if entries.isEmpty { throw .badSafePrivateList(path: path, line: 1, reason: "the list names no attribute") }
        return SafePrivateList(entries: entries)
    }

    public static func read(path: String) throws(DeidError) -> SafePrivateList {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .unreadable(path: path, reason: "cannot read the list of safe private attributes")
        }
        return try parse(text, path: path)
    }
}
