import Annotations
import Foundation
import TestSupport
import VolumeKit

/// The datasets of the check tests, built once from real sample files by
/// scripts/reference/check_datasets.py, with sidecars written by slicemark's own store.
enum CheckDatasets {
    struct Built: Sendable {
        var root: String
        /// Dataset name → what the builder says about its defect (`path` is where it must be found).
        var defects: [String: [String: String]]

        func folder(_ name: String) -> String { root + "/" + name }
        func defect(_ name: String) -> String { defects[name]!["path"]! }
    }

    struct BuildFailure: Error, CustomStringConvertible {
        var description: String
    }

    static let shared: Result<Built, BuildFailure> = {
        do { return .success(try build()) } catch { return .failure(BuildFailure(description: "\(error)")) }
    }()

    static func get() throws -> Built { try shared.get() }

    static func build() throws -> Built {
        let root = NSTemporaryDirectory() + "slicemark-check-\(UUID().uuidString)"
        let answer = try PythonCheck.run("scripts/reference/check_datasets.py", "build",
                                         ["out": root, "fixtures": Fixtures.root.path])
        let datasets = answer["datasets"] as! [String: [String: String]]
        let built = Built(root: root, defects: datasets)
        try annotate(built.folder("clean") + "/anat.nii")
        try annotate(built.folder("clean") + "/series")
        try annotate(built.folder("replaced-image") + "/anat.nii")
        _ = try PythonCheck.run("scripts/reference/check_datasets.py", "replace",
                                ["image": built.folder("replaced-image") + "/anat.nii"])
        try annotate(built.folder("orphan-sidecar") + "/anat.nii")
        try FileManager.default.removeItem(atPath: built.folder("orphan-sidecar") + "/anat.nii")
        return built
    }

    /// One landmark at the centre, saved through `AnnotationStore` as the viewer saves it.
    static func annotate(_ path: String) throws {
        let volume = try VolumeLoader.load(path: path)
        let store = try AnnotationStore(volume: volume)
        var session = AnnotationSession(document: try store.load().document, annotator: "tester", ids: RecordIDs(seed: 3),
                                        now: Timestamp(millisecondsSince1970: 1_763_766_000_000))
        _ = session.placeLandmark(at: [volume.width / 2, volume.height / 2, volume.depth / 2], plane: .axial, volume: volume)
        _ = try store.save(session.document, audit: session.takeAuditEvents())
    }

    /// Every file under `folder` with its size and modification time (ns).
    static func listing(_ folder: String) -> [String: [Int]] {
        var out: [String: [Int]] = [:]
        let walker = FileManager.default.enumerator(atPath: folder)
        while let name = walker?.nextObject() as? String {
            let path = folder + "/" + name
            if case .success(let status) = POSIXFile.linkStatus(path), status.kind == .regular {
                out[name] = [status.size, status.modifiedNanoseconds]
            }
        }
        return out
    }
}
