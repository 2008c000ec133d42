import Annotations
import Foundation
import VolumeKit

/// The audit logs the `audit` commands were given: a log itself, the log beside a sidecar or
/// an image, or every `*.annotations.audit.jsonl` in a folder and its subfolders.
enum AuditPaths {
    static let logSuffix = ".annotations.audit.jsonl"

    /// The logs, in the order given (a folder's sorted by path), and whether some path led to
    /// none (each such path is reported on stderr).
    static func logs(_ paths: [String]) -> (logs: [String], someMissing: Bool) {
        var logs: [String] = []
        var missing = false
        for path in paths {
            let found = self.logs(at: path)
            if let problem = found.problem {
                Output.error("\(path): \(problem)")
                missing = true
            }
            logs += found.logs
        }
        return (logs, missing)
    }

    private static func logs(at path: String) -> (logs: [String], problem: String?) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) || OwnedFileKind.isLink(path) else {
            return ([], "no such file or folder")
        }
        if isFolder.boolValue {
            let found = (FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? [])
                .filter { $0.hasSuffix(logSuffix) }.sorted()
                .map { (path as NSString).appendingPathComponent($0) }
            return (found, found.isEmpty ? "no audit logs (*\(logSuffix)) in this folder" : nil)
        }
        if path.hasSuffix(".audit.jsonl") { return ([path], nil) }
        if path.hasSuffix(".json") {
            let log = SidecarLocation.auditPath(forSidecar: path)
            return FileManager.default.fileExists(atPath: log) ? ([log], nil) : ([], "no audit log beside this sidecar (\((log as NSString).lastPathComponent))")
        }
        let beside = path + logSuffix
        if FileManager.default.fileExists(atPath: beside) { return ([beside], nil) }
        return ([], "not an audit log, a sidecar, an image with an audit log beside it, or a folder")
    }
}

enum OwnedFileKind {
    /// A symbolic link is passed on (and refused by the reader, with its reason), not called missing.
    static func isLink(_ path: String) -> Bool {
        if case .success(let s) = POSIXFile.linkStatus(path) { return s.kind == .symbolicLink }
        return false
    }
}
