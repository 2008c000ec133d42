import Foundation
import Synchronization
import TestSupport
import VolumeKit
@testable import Annotations

/// A fresh folder under the system temporary folder, removed by `cleanUp`.
struct TemporaryFolder {
    let path: String

    init() throws {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("slicemark-annotations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Writes `bytes` to `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let p = file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: p))
        return p
    }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

enum Fake {
    /// A ramp volume (stored value i + 10 j + 100 k, see `SyntheticVolume.ramp`) that claims to
    /// have been read from `file` as NIfTI.
    static func niftiVolume(file: String, width: Int = 8, height: Int = 6, depth: Int = 4,
                            geometry: VolumeGeometry = VolumeGeometry(origin: [-5, 7, 11], spacing: [0.5, 0.75, 2]),
                            rescale: Rescale = .identity) -> Volume {
        var volume = SyntheticVolume.ramp(width: width, height: height, depth: depth, geometry: geometry, rescale: rescale)
        volume.metadata = VolumeMetadata(format: .nifti, sourceFiles: [file], datatypeName: "int16")
        return volume
    }

    /// A folder holding a stand-in image file `ct.nii` and a volume read "from" it.
    static func imageFolder(content: [UInt8] = Array("not really a NIfTI file, only its bytes matter".utf8))
        throws -> (folder: TemporaryFolder, volume: Volume) {
        let folder = try TemporaryFolder()
        let file = try folder.write("ct.nii", content)
        return (folder, niftiVolume(file: file))
    }

    static let t0 = Timestamp(millisecondsSince1970: 1_763_766_000_000)
    static func time(_ seconds: Int64) -> Timestamp {
        Timestamp(millisecondsSince1970: t0.millisecondsSince1970 + seconds * 1000)
    }
}

enum SchemaCheck {
    static var python: String { Fixtures.path("venv/bin/python") }
    static var script: String { Fixtures.repositoryRoot.appendingPathComponent("scripts/validate-sidecar.py").path }

    /// Problems the JSON Schema finds in the files (empty: all valid), by the Python validator.
    static func problems(_ paths: [String]) throws -> String {
        let result = try runProcess(python, [script] + paths)
        if result.status == 0 { return "" }
        return result.stdout + result.stderr + (result.stdout.isEmpty && result.stderr.isEmpty ? "exit \(result.status)" : "")
    }
}

/// Where `swift build` put the helper executables: beside the test bundle of the build under
/// test (never a fixed `.build/debug`, which may hold a stale binary).
enum BuiltProducts {
    static func path(_ name: String) -> String { Fixtures.product(name) }
}

private let sessionSeeds = Mutex<UInt64>(1000)

extension AnnotationSession {
    /// A session for tests: ids from a seed no other test session uses, the clock at `Fake.t0`
    /// until the test sets `now`.
    init(document: SidecarDocument, annotator: String, labelSet: LabelSet? = nil, template: LandmarkTemplate? = nil) {
        let seed = sessionSeeds.withLock { value -> UInt64 in
            value += 1
            return value
        }
        self.init(document: document, annotator: annotator, ids: RecordIDs(seed: seed), now: Fake.t0,
                  labelSet: labelSet, template: template)
    }
}
