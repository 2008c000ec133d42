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

    init(_ line: some Collection<UInt8>) {
        guard !line.isEmpty, let probe = try? JSONDecoder().decode(Probe.self, from: Data(line)) else {
            kind = .unreadable
            return
        }
        kind = probe.schema?.hasPrefix("slicemark-audit/") == true ? .header : .event
        prev = probe.prev
        fromChainingWriter = probe.fromChainingWriter
        sidecar = probe.sidecar
    }

    /// Decodes the whole line (so a line cut short fails) but keeps only what the chain needs.
    private struct Probe: Decodable {
        var schema: String?
        var sidecar: String?
        var prev: String?
        var fromChainingWriter: Bool

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: AnyKey.self)
            schema = try? c.decodeIfPresent(String.self, forKey: "schema")
            sidecar = try? c.decodeIfPresent(String.self, forKey: "sidecar")
            prev = try? c.decodeIfPresent(String.self, forKey: "prev")
            let action = try? c.decodeIfPresent(String.self, forKey: "action")
            fromChainingWriter = c.contains("before") || c.contains("after") || action == "export" || action == "import"
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
