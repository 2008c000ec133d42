#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import VolumeKit

extension AuditLog {
    /// The end of a log, as an append needs it: the last line (complete or cut short by a
    /// kill), whether the file ends with a newline, and whether the chain is on there.
    struct Tail: Equatable {
        /// The last line's bytes without its newline; nil for an empty log.
        var lastLine: [UInt8]?
        var endsWithNewline: Bool
        /// Whether the last line that can be read (torn lines skipped) is a header or carries
        /// `prev`: then new lines simply continue the chain; otherwise a header starts it.
        var chained: Bool
        /// Bytes read to find all this (for the benchmark: independent of the log's length).
        var bytesRead: Int

        static let empty = Tail(lastLine: nil, endsWithNewline: true, chained: false, bytesRead: 0)
    }

    /// How far back past torn lines `tail` looks for a readable one before giving up (and
    /// starting a new chain with a header, which is always safe).
    static let tailLineLimit = 8

    /// Reads the end of the log open as `fd`, backwards in 64 KiB pieces: only the last lines,
    /// however long the log.
    static func tail(of fd: Int32) -> Result<Tail, POSIXErrno> {
        let size: Int
        switch POSIXFile.status(fd) {
        case .success(let status): size = Int(status.size)
        case .failure(let e): return .failure(e)
        }
        guard size > 0 else { return .success(.empty) }
        var reader = BackwardLines(fd: fd, end: size)
        var last: [UInt8]?
        var endsWithNewline = false
        var chained = false
        do throws(POSIXErrno) {
            endsWithNewline = try reader.byte(at: size - 1) == 0x0A
            var end = endsWithNewline ? size - 1 : size
            for n in 0..<tailLineLimit {
                let (start, line) = try reader.line(endingAt: end)
                if n == 0 { last = line }
                let facts = LineFacts(line)
                if facts.kind != .unreadable {
                    chained = facts.kind == .header || facts.prev != nil
                    break
                }
                if start == 0 { break }
                end = start - 1
            }
        } catch {
            return .failure(error)
        }
        return .success(Tail(lastLine: last, endsWithNewline: endsWithNewline, chained: chained, bytesRead: reader.bytesRead))
    }
}

/// Lines of a file read from its end towards its start, in pieces, keeping what it read.
private struct BackwardLines {
    let fd: Int32
    /// The file's bytes from `offset` up to the end of what has been asked for.
    var buffer: [UInt8] = []
    var offset: Int
    var bytesRead = 0
    static let piece = 1 << 16

    init(fd: Int32, end: Int) {
        self.fd = fd
        self.offset = end
    }

    /// Reads one more piece before `offset`.
    private mutating func extend() throws(POSIXErrno) {
        let start = max(0, offset - Self.piece)
        var piece = [UInt8](repeating: 0, count: offset - start)
        let n = piece.withUnsafeMutableBytes { POSIXFile.read(fd, at: start, into: $0) }
        switch n {
        case .success(let count) where count == piece.count: break
        case .success: throw POSIXErrno(code: EIO)
        case .failure(let e): throw e
        }
        bytesRead += piece.count
        buffer = piece + buffer
        offset = start
    }

    mutating func byte(at position: Int) throws(POSIXErrno) -> UInt8 {
        while position < offset { try extend() }
        return buffer[position - offset]
    }

    /// The line ending just before byte `end` (a newline or the end of the file): its first
    /// byte's position and its bytes.
    mutating func line(endingAt end: Int) throws(POSIXErrno) -> (start: Int, bytes: [UInt8]) {
        var start = end
        while start > 0 {
            if try byte(at: start - 1) == 0x0A { break }
            start -= 1
        }
        return (start, Array(buffer[(start - offset)..<(end - offset)]))
    }
}
