import Foundation
import VolumeKit

/// What one line of an audit log is, as the chain needs it.
struct LineFacts: Equatable {
    enum Kind: Equatable { case header, event, unreadable }
    var kind: Kind
    var prev: String?
    /// The line holds what only a slicemark that chains its lines writes (`before`, `after`,
    /// an `export` or `import` action), so it must carry `prev`.
    var fromChainingWriter = false
    /// A header's sidecar name.
    var sidecar: String?

    /// Reads the line's top-level keys in one pass over its bytes (no JSON decoder: verifying a
    /// log of 100 000 lines is mostly this). A line is readable when it is one complete object:
    /// strings closed, brackets balanced, nothing after the last `}`; a line cut short by a kill
    /// never is. Only `prev`, `schema`, `sidecar` and `action` values are kept, as written
    /// (slicemark never escapes characters in them).
    init(_ line: some Collection<UInt8>) {
        kind = .unreadable
        let scanned: Scan? = line.withContiguousStorageIfAvailable { Scan($0) } ?? Array(line).withUnsafeBufferPointer { Scan($0) }
        guard let scan = scanned, scan.complete else { return }
        kind = scan.values["schema"]?.hasPrefix("slicemark-audit/") == true ? .header : .event
        prev = scan.values["prev"]
        sidecar = scan.values["sidecar"]
        let action = scan.values["action"]
        fromChainingWriter = scan.keys.contains("before") || scan.keys.contains("after") || action == "export" || action == "import"
    }

    private struct Scan {
        static let kept: Set<String> = ["prev", "schema", "sidecar", "action"]
        var complete = false
        var keys: Set<String> = []
        var values: [String: String] = [:]

        init(_ b: UnsafeBufferPointer<UInt8>) {
            var i = 0
            let n = b.count
            func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D }
            while i < n, isSpace(b[i]) { i += 1 }
            guard i < n, b[i] == UInt8(ascii: "{") else { return }
            i += 1
            var depth = 1
            var expectingKey = true
            var key: String?
            while i < n {
                let c = b[i]
                if c == UInt8(ascii: "\"") {
                    var j = i + 1
                    while j < n, b[j] != UInt8(ascii: "\"") { j += b[j] == UInt8(ascii: "\\") ? 2 : 1 }
                    guard j < n else { return }
                    if depth == 1 {
                        let text = String(decoding: UnsafeBufferPointer(rebasing: b[(i + 1)..<j]), as: UTF8.self)
                        if expectingKey {
                            key = text
                            keys.insert(text)
                            expectingKey = false
                        } else if let k = key, Self.kept.contains(k) {
                            values[k] = text
                        }
                    }
                    i = j + 1
                    continue
                }
                switch c {
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        i += 1
                        while i < n, isSpace(b[i]) { i += 1 }
                        complete = i == n && c == UInt8(ascii: "}")
                        return
                    }
                case UInt8(ascii: ",") where depth == 1:
                    expectingKey = true
                    key = nil
                default: break
                }
                i += 1
            }
        }
    }
}

/// The lines of a file, read in 4 MiB pieces: each line's bytes without its newline, then,
/// when the file does not end with a newline, the bytes after the last one (a torn line).
struct ForwardLines {
    static let piece = 1 << 22

    /// Calls `body` with each line of the file open as `fd`.
    static func each(_ fd: Int32, _ body: (ArraySlice<UInt8>) -> Void) throws(POSIXErrno) {
        var offset = 0
        var carry: [UInt8] = []
        var piece = [UInt8](repeating: 0, count: Self.piece)
        while true {
            let count: Int
            switch piece.withUnsafeMutableBytes({ POSIXFile.read(fd, at: offset, into: $0) }) {
            case .success(let n): count = n
            case .failure(let e): throw e
            }
            if count == 0 { break }
            offset += count
            var start = 0
            for i in 0..<count where piece[i] == 0x0A {
                if carry.isEmpty {
                    body(piece[start..<i])
                } else {
                    carry += piece[start..<i]
                    body(carry[...])
                    carry.removeAll(keepingCapacity: true)
                }
                start = i + 1
            }
            carry += piece[start..<count]
        }
        if !carry.isEmpty { body(carry[...]) }
    }
}
