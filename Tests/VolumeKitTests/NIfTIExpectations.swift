import Foundation
import TestSupport

/// What nibabel read from one NIfTI/Analyze file (`scripts/expected/nifti.py`).
struct NIfTIExpectation: Sendable, CustomStringConvertible {
    struct Voxel: Sendable {
        var index: [Int]
        /// NaN where nibabel read NaN.
        var values: [Double]
    }
    struct Extension: Sendable {
        var code: Int
        /// Bytes on disk (esize).
        var size: Int
        /// The content, when it is text.
        var text: String?
    }
    struct Position: Sendable {
        var index: [Int]
        var lps: [Double]
    }

    var file: String
    var format: String
    var dimensions: [Int]
    var spacing: [Double]
    var datatype: String
    var components: Int
    var min: Double
    var max: Double
    var mean: Double
    var voxels: [Voxel]
    var positions: [Position]
    var extensions: [Extension]

    var description: String { file }
    var path: String { Fixtures.path(file) }

    /// Every file nibabel described; empty when the fixtures are missing (a separate test fails then).
    static let all: [NIfTIExpectation] = (try? load()) ?? []

    static func load() throws -> [NIfTIExpectation] {
        guard let root = try Fixtures.expected("nifti") as? [String: Any],
              let images = root["images"] as? [[String: Any]] else { return [] }
        return images.map { image in
            let stats = image["statistics"] as! [String: Double]
            return NIfTIExpectation(
                file: image["file"] as! String,
                format: image["format"] as! String,
                dimensions: image["dimensions"] as! [Int],
                spacing: image["spacing"] as! [Double],
                datatype: image["datatype"] as! String,
                components: image["components"] as! Int,
                min: stats["min"]!, max: stats["max"]!, mean: stats["mean"]!,
                voxels: (image["voxels"] as! [[String: Any]]).map {
                    Voxel(index: $0["index"] as! [Int], values: ($0["values"] as! [Any]).map { ($0 as? Double) ?? .nan })
                },
                positions: (image["positions"] as! [[String: Any]]).map {
                    Position(index: $0["index"] as! [Int], lps: $0["lps"] as! [Double])
                },
                extensions: (image["extensions"] as! [[String: Any]]).map {
                    Extension(code: $0["code"] as! Int, size: $0["size"] as! Int, text: $0["text"] as? String)
                })
        }
    }
}

/// Equal within a relative tolerance (and an absolute one near zero).
func nearlyEqual(_ a: Double, _ b: Double, relative: Double = 1e-9, absolute: Double = 1e-9) -> Bool {
    if a == b || (a.isNaN && b.isNaN) { return true }
    return abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))
}
