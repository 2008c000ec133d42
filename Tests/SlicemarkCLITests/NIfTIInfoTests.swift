import Foundation
import Testing
import TestSupport

/// `slicemark info --json` on NIfTI and Analyze files prints the keys DESIGN.md promises, with
/// nibabel's values.
@Suite struct NIfTIInfoTests {
    static let files = [
        "nibabel/example4d.nii.gz",
        "nibabel-made/analyze_spm_origin.hdr",
        "nibabel-made/dtype_rgb24.nii",
        "nibabel-made/scaled_uint8.nii",
    ]

    @Test(arguments: files)
    func jsonHasTheContractKeysWithNibabelsValues(_ file: String) throws {
        let expectedRoot = try #require(try Fixtures.expected("nifti") as? [String: Any])
        let images = try #require(expectedRoot["images"] as? [[String: Any]])
        let expected = try #require(images.first { $0["file"] as? String == file })

        let result = try runProcess(Fixtures.executable, ["info", "--json", Fixtures.path(file)])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])

        for key in ["format", "dimensions", "spacing", "datatype", "statistics", "origin", "direction"] {
            #expect(json[key] != nil, "missing key \(key)")
        }
        #expect(json["format"] as? String == expected["format"] as? String)
        #expect(json["dimensions"] as? [Int] == expected["dimensions"] as? [Int])
        #expect(json["datatype"] as? String == expected["datatype"] as? String)
        let spacing = try #require(json["spacing"] as? [Double])
        let expectedSpacing = try #require(expected["spacing"] as? [Double])
        #expect(zip(spacing, expectedSpacing).allSatisfy { abs($0 - $1) < 1e-6 * max(1, abs($1)) })
        let stats = try #require(json["statistics"] as? [String: Double])
        let expectedStats = try #require(expected["statistics"] as? [String: Double])
        for key in ["min", "max", "mean"] {
            let a = try #require(stats[key]), b = try #require(expectedStats[key])
            #expect(abs(a - b) <= 1e-9 * max(1, abs(b)), "\(key): \(a) vs nibabel \(b)")
        }
        // The origin is the LPS position of voxel (0, 0, 0).
        let origin = try #require(json["origin"] as? [Double])
        let positions = try #require(expected["positions"] as? [[String: Any]])
        let first = try #require(positions.first { $0["index"] as? [Int] == [0, 0, 0] })
        let lps = try #require(first["lps"] as? [Double])
        #expect(zip(origin, lps).allSatisfy { abs($0 - $1) < 1e-6 * max(1, abs($1)) }, "\(origin) vs \(lps)")
        let direction = try #require(json["direction"] as? [[Double]])
        #expect(direction.count == 3 && direction.allSatisfy { $0.count == 3 })
    }
}
