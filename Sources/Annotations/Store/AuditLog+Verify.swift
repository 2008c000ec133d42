import Foundation
import VolumeKit

/// The first place where an audit log's chain is broken, and how.
public struct AuditTampering: Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// Its `prev` is the hash of no line in the file.
        case prevMismatch
        /// Its `prev` is the hash of line `Int`, which comes after it.
        case namesLaterLine(Int)
        /// Its `prev` is the hash of line `Int`, further back than the line before it.
        case namesEarlierLine(Int)
        /// The first line has a `prev`: lines before it were removed.
        case prevOnFirstLine
        /// No `prev` after the chain started at line `Int`.
        case missingPrev(chainStart: Int)
        /// No `prev`, though the line has what only a chaining slicemark writes.
        case prevRemoved
        /// A header without `prev` that is not the first line.
        case headerWithoutPrev
        /// The header names another sidecar than the one this log belongs to.
        case otherSidecar(named: String, expected: String)
        /// The header's image identity is not that of the sidecar beside the log (`detail`: how).
        case otherImage(detail: String)
    }

    /// The line (from 1) where the chain breaks.
    public var line: Int
    public var reason: Reason

    public var description: String {
        let before = line - 1
        switch reason {
        case .prevMismatch:
            return "line \(line): its prev does not match line \(before) (line \(before) changed, or a line was removed or reordered here)"
        case .namesLaterLine(let j) where j == line + 1:
            return "line \(line): its prev is the hash of line \(j), which follows it: lines \(line) and \(j) were swapped"
        case .namesLaterLine(let j):
            return "line \(line): its prev is the hash of line \(j), which comes after it: lines were reordered"
        case .namesEarlierLine(let j) where j == line - 2:
            return "line \(line): its prev is the hash of line \(j), not of line \(before): line \(before) was inserted, or line \(line) was moved here"
        case .namesEarlierLine(let j):
            return "line \(line): its prev is the hash of line \(j), not of line \(before): lines \(j + 1)-\(before) were inserted, or line \(line) was moved here"
        case .prevOnFirstLine:
            return "line 1: it has a prev, but no line is before it (lines were removed from the start of the log)"
        case .missingPrev(let start):
            return "line \(line): it has no prev, though the chain starts at line \(start) (a line was inserted here, or its prev removed)"
        case .prevRemoved:
            return "line \(line): it has no prev, though it was written by a slicemark that chains its lines (its prev was removed)"
        case .headerWithoutPrev:
            return "line \(line): a header without prev, which only the first line of a log may be (lines were inserted before it, or the log's start was replaced)"
        case .otherSidecar(let named, let expected):
            return "line \(line): the header names the sidecar \(named), not \(expected) (this log belongs to another image)"
        case .otherImage(let detail):
            return "line \(line): the header is not for the image of the sidecar beside this log: \(detail)"
        }
    }
}

/// What `AuditLog.verify` found in one log.
public struct AuditVerification: Sendable, Equatable {
    public var path: String
    /// Lines in the file, a torn last line included.
    public var lines: Int
    /// The first line of the chain (a header, or the first line with `prev`); nil: no chain.
    public var chainStart: Int?
    /// Lines written before the chain started (by an older slicemark): only the last of them
    /// is covered, by the chain's first `prev`.
    public var unchainedLines: Int
    /// Lines cut short by a kill while they were written (the next line's `prev` covers them
    /// as written, or they are the last line): not tampering.
    public var tornLines: [Int]
    /// The SHA-256 of the last line: keep it elsewhere to notice later that lines were cut
    /// off the end (the one change the chain cannot show by itself).
    public var lastLineHash: String?
    /// The first break in the chain; nil for an intact log.
    public var problem: AuditTampering?

    public var isIntact: Bool { problem == nil }

    /// One line saying what was found, e.g. `intact: 42 lines, chained from line 1, last line sha256 3f2a…`.
    public var summary: String {
        if let problem { return "changed: \(problem)" }
        var parts: [String] = []
        if lines == 0 { return "intact: empty" }
        parts.append("\(lines) line\(lines == 1 ? "" : "s")")
        if let chainStart {
            parts.append("chained from line \(chainStart)")
            if unchainedLines > 0 {
                parts.append("lines 1-\(chainStart - 1) written before the chain (only line \(chainStart - 1) is covered)")
            }
        } else {
            parts.append("no chain yet: written before lines were chained, not verifiable")
        }
        for line in tornLines {
            parts.append(line == lines ? "line \(line) torn (cut short by a kill while it was written)"
                                       : "line \(line) torn by a kill and covered as written by line \(line + 1)")
        }
        if let lastLineHash { parts.append("last line sha256 \(lastLineHash)") }
        return "intact: " + parts.joined(separator: ", ")
    }
}

extension AuditLog {
    /// The name of the sidecar a log belongs to: `X.annotations.audit.jsonl` → `X.annotations.json`.
    public static func sidecarName(forLog path: String) -> String? {
        let name = (path as NSString).lastPathComponent
        guard name.hasSuffix(".audit.jsonl") else { return nil }
        return String(name.dropLast(".audit.jsonl".count)) + ".json"
    }

    /// Checks the chain of the log at `path`, reading it once in 4 MiB pieces: every `prev`
    /// against the hash of the line before it, every header's sidecar name against the log's
    /// own name. Reports the first break (`AuditTampering`), torn lines, and where the chain
    /// starts in a log continued from an older slicemark.
    public static func verify(path: String) throws(AuditLogError) -> AuditVerification {
        let fd: Int32
        switch OwnedFile.open(path, O_RDONLY) {
        case .success(let f): fd = f
        case .failure(.errno(ENOENT)): throw .missing(path: path)
        case .failure(.errno(let code)): throw .unreadable(path: path, reason: POSIXFile.errorText(code))
        case .failure(.symbolicLink): throw .unreadable(path: path, reason: "it is a symbolic link, which slicemark never follows")
        case .failure(.notRegular(let kind)): throw .unreadable(path: path, reason: "it is \(kind), not a regular file")
        }
        defer { POSIXFile.closeFile(fd) }
        var hashes: [String] = []
        var facts: [LineFacts] = []
        var headers: [(line: Int, header: AuditHeader)] = []
        do throws(POSIXErrno) {
            try ForwardLines.each(fd) { line in
                hashes.append(hash(line))
                let f = LineFacts(line)
                facts.append(f)
                if f.kind == .header, let header = try? JSONDecoder().decode(AuditHeader.self, from: Data(line)) {
                    headers.append((facts.count, header))
                }
            }
        } catch {
            throw .unreadable(path: path, reason: error.description)
        }
        var result = verify(hashes: hashes, facts: facts, path: path, sidecar: sidecarName(forLog: path))
        if let wrong = otherImage(headers, besideLog: path), wrong.line < (result.problem?.line ?? .max) {
            result.problem = wrong
        }
        return result
    }

    /// The first header whose image is not the one the sidecar beside the log holds; nil when
    /// all match, or when there is no readable sidecar there (the log is checked on its own).
    static func otherImage(_ headers: [(line: Int, header: AuditHeader)], besideLog path: String) -> AuditTampering? {
        guard !headers.isEmpty, let name = sidecarName(forLog: path) else { return nil }
        let sidecar = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(name)
        guard case .success(let bytes) = OwnedFile.read(sidecar),
              let document = try? SidecarCoding.decode(bytes, path: sidecar) else { return nil }
        for (line, header) in headers {
            if let detail = document.image.mismatch(with: header.image) {
                return AuditTampering(line: line, reason: .otherImage(detail: detail))
            }
        }
        return nil
    }

    static func verify(hashes: [String], facts: [LineFacts], path: String, sidecar: String?) -> AuditVerification {
        var result = AuditVerification(path: path, lines: facts.count, chainStart: nil, unchainedLines: 0,
                                       tornLines: [], lastLineHash: hashes.last, problem: nil)
        var firstLine: [String: Int] = [:]
        for (n, h) in hashes.enumerated() where firstLine[h] == nil { firstLine[h] = n + 1 }
        func fail(_ line: Int, _ reason: AuditTampering.Reason) -> AuditVerification {
            result.problem = AuditTampering(line: line, reason: reason)
            return result
        }
        for (index, f) in facts.enumerated() {
            let line = index + 1
            if f.kind == .unreadable {
                // Confirmed by the next line's prev (checked below), or the last line.
                result.tornLines.append(line)
                continue
            }
            if f.kind == .header, let sidecar, let named = f.sidecar, named != sidecar {
                return fail(line, .otherSidecar(named: named, expected: sidecar))
            }
            if let prev = f.prev {
                if line == 1 { return fail(line, .prevOnFirstLine) }
                if prev != hashes[index - 1] {
                    switch firstLine[prev] {
                    case .some(let j) where j > line - 1: return fail(line, .namesLaterLine(j))
                    case .some(let j): return fail(line, .namesEarlierLine(j))
                    case .none: return fail(line, .prevMismatch)
                    }
                }
                if result.chainStart == nil { result.chainStart = line }
            } else if f.kind == .header {
                if line != 1 { return fail(line, .headerWithoutPrev) }
                result.chainStart = 1
            } else {
                if let start = result.chainStart { return fail(line, .missingPrev(chainStart: start)) }
                if f.fromChainingWriter { return fail(line, .prevRemoved) }
            }
        }
        let start = result.chainStart ?? (facts.count + 1)
        result.unchainedLines = start - 1
        return result
    }
}
