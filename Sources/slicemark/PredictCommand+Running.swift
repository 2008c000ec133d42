#if canImport(Glibc)
import Glibc
#endif
import Annotations
import Foundation
import Subprocess
import VolumeKit

/// Runs the model command for one image: hands the image over (a DICOM series as a NIfTI file
/// in the work folder), runs `/bin/sh -c` with `{image}` and `{out}` shell-quoted, in a process
/// group of its own so that a time limit kills the command and everything it started; its
/// stdout and stderr go to `<folder>/<n>-<image>.log` (the shell redirects both before it runs
/// the command); then imports `{out}`.
struct PredictRunner: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    var command: String
    var model: ProposalModel
    var outputExtension: String
    var labels: String?
    var timeout: Double
    var folder: String
    var annotator: String?
    var sidecarDirectory: String?

    /// The folder given (created if missing), or a new one under the temporary folder.
    static func logFolder(_ given: String?) throws -> String {
        let path = given ?? (NSTemporaryDirectory() as NSString).appendingPathComponent(
            "slicemark-predict-\(Timestamp.now().millisecondsSince1970)-\(getpid())")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    static func displayName(_ source: ImageSource) -> String {
        switch source {
        case .file(let path, _): return path
        case .dicomSeries(let series): return series.folder
        }
    }

    /// `'text'` for /bin/sh, a single quote inside as `'\''`.
    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    func predict(_ source: ImageSource, number: Int) -> Result<(ProposalImport.Outcome, Double), Failure> {
        let started = ContinuousClock.now
        let name = Self.displayName(source)
        let volume: Volume
        do {
            volume = try VolumeLoader.load(source)
        } catch {
            return .failure(Failure(description: "cannot be read: \(error)"))
        }
        let safe = String(((name as NSString).lastPathComponent).map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") ? $0 : "_" })
        let base = (folder as NSString).appendingPathComponent("\(number)-\(safe)")
        let log = base + ".log", out = base + ".out" + outputExtension
        var image: String
        switch source {
        case .file(let path, _):
            image = URL(fileURLWithPath: path).standardizedFileURL.path
        case .dicomSeries:
            image = base + ".input.nii.gz"
            do {
                try Data(NIfTIWriter.gzippedBytes(volume)).write(to: URL(fileURLWithPath: image))
            } catch {
                return .failure(Failure(description: "cannot be handed over as NIfTI: \(error)"))
            }
        }
        try? FileManager.default.removeItem(atPath: out)
        let line = command.replacingOccurrences(of: "{image}", with: Self.shellQuoted(image))
            .replacingOccurrences(of: "{out}", with: Self.shellQuoted(out))
        let status: PredictStatus
        do {
            status = try blocking { try await Self.run(line, log: log, timeout: timeout) }
        } catch {
            return .failure(Failure(description: "the command could not be started: \(error) (log: \(log))"))
        }
        switch status {
        case .timedOut:
            return .failure(Failure(description: String(format: "took longer than %g s and was killed (log: %@)", timeout, log)))
        case .exited(let code) where code != 0:
            return .failure(Failure(description: "the command exited with status \(code) (log: \(log))"))
        case .signaled(let signal):
            return .failure(Failure(description: "the command was killed by signal \(signal) (log: \(log))"))
        case .exited:
            break
        }
        guard FileManager.default.fileExists(atPath: out) else {
            return .failure(Failure(description: "the command wrote nothing to {out} (\(out); log: \(log))"))
        }
        do {
            let outcome = try ProposalImporting.importFile(out, volume: volume, displayName: name, model: model, labels: labels,
                                                           annotator: annotator, sidecarDirectory: sidecarDirectory)
            let elapsed = ContinuousClock.now - started
            return .success((outcome, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        } catch {
            return .failure(Failure(description: "its output could not be imported: \(error)"))
        }
    }

    enum PredictStatus: Sendable {
        case exited(Int32)
        case signaled(Int32)
        case timedOut
    }

    /// Runs `/bin/sh -c line` in a new process group, its stdout and stderr to `log`; kills
    /// the whole group at the deadline.
    static func run(_ line: String, log: String, timeout: Double) async throws -> PredictStatus {
        guard FileManager.default.createFile(atPath: log, contents: nil) else {
            throw Failure(description: "cannot create the log \(log)")
        }
        var options = PlatformOptions()
        options.processGroupID = 0
        let script = "exec >>\(shellQuoted(log)) 2>&1\n" + line
        let result = try await Subprocess.run(
            .path("/bin/sh"), arguments: ["-c", script], platformOptions: options,
            input: .none, output: .discarded, error: .discarded
        ) { execution -> Bool in
            let pid = execution.processIdentifier.value
            let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
            while !hasExited(pid) {
                if ContinuousClock.now >= deadline {
                    try? execution.send(signal: .kill, toProcessGroup: true)
                    return true
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            return false
        }
        if result.closureResult { return .timedOut }
        switch result.terminationStatus {
        case .exited(let code): return .exited(code)
        case .signaled(let signal): return .signaled(signal)
        }
    }

    /// Whether the child has ended (a zombie waiting to be reaped, or gone), without reaping
    /// it: Subprocess does that.
    static func hasExited(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return kill(pid, 0) != 0 }
        let state = stat[stat.index(after: close)...].drop { $0 == " " }.first
        return state == "Z" || state == "X"
    }
}

/// Waits for an async body from synchronous code (the command's `run`).
func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = BlockingResult<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

/// The result of `blocking`'s task, written once before the semaphore is signalled and read
/// after it is waited on.
private final class BlockingResult<T: Sendable>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
