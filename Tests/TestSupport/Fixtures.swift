import Foundation

/// Where `scripts/fixtures.sh` put the real sample files and the values pydicom and nibabel read.
public enum Fixtures {
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    public static let root = repositoryRoot.appendingPathComponent(".fixtures")

    /// Path of a fixture file, e.g. `path("pydicom/CT_small.dcm")`.
    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// A JSON file written by `scripts/expected/*.py`, e.g. `expected("dicom")`.
    public static func expected(_ name: String) throws -> Any {
        let data = try Data(contentsOf: root.appendingPathComponent("expected/\(name).json"))
        return try JSONSerialization.jsonObject(with: data)
    }

    /// The built `slicemark` executable next to the test bundle.
    public static var executable: String {
        let build = repositoryRoot.appendingPathComponent(".build/debug/slicemark").path
        return build
    }
}
