import Foundation

/// Runs one of the repository's independent Python checkers (`scripts/...py MODE JOB.json`,
/// with the fixture venv's Python, which has nibabel, SimpleITK, pydicom, pandas, pycocotools)
/// and returns the JSON object it prints.
public enum PythonCheck {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func run(_ script: String, _ mode: String, _ job: [String: Any]) throws -> [String: Any] {
        let file = NSTemporaryDirectory() + "check-job-\(UUID().uuidString).json"
        try JSONSerialization.data(withJSONObject: job).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let result = try runProcess(Fixtures.path("venv/bin/python"),
                                    [Fixtures.repositoryRoot.appendingPathComponent(script).path, mode, file])
        guard result.status == 0 else { throw Failure(description: "\(script) \(mode) exited \(result.status): \(result.stderr)") }
        guard let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw Failure(description: "\(script) \(mode) printed no JSON object: \(result.stdout.prefix(200))")
        }
        return object
    }
}
