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

    /// The `slicemark` executable of the build under test.
    public static var executable: String { product("slicemark") }

    /// An executable product of the build under test: the file beside the running test bundle,
    /// which `swift test` runs from that build's bin folder whatever its configuration or
    /// `--scratch-path` (never a fixed `.build/debug`, which may hold a stale binary of another
    /// build). `SLICEMARK_BIN_PATH` overrides it, for a runner that starts the bundle elsewhere:
    /// set it to `swift build --show-bin-path` of the same build.
    public static func product(_ name: String) -> String {
        binPath.appendingPathComponent(name).path
    }

    public static let binPath: URL = {
        if let bin = ProcessInfo.processInfo.environment["SLICEMARK_BIN_PATH"], !bin.isEmpty {
            return URL(fileURLWithPath: bin, isDirectory: true)
        }
        // On Linux the test bundle is an executable in the bin folder: /proc/self/exe is it.
        let running = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        return running.resolvingSymlinksInPath().deletingLastPathComponent()
    }()
}
