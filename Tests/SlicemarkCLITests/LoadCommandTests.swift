import Foundation
import Testing
import TestSupport

/// The hidden `slicemark load` the benchmark suite times: it must read what pydicom and nibabel
/// read (its voxel sum is how the suite checks every loader against the peers).
@Suite struct LoadCommandTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let file: String
        let expected: String
        var testDescription: String { file }
    }

    static let cases = [
        Case(file: "pydicom/CT_small.dcm", expected: "dicom"),
        Case(file: "pydicom/MR_small.dcm", expected: "dicom"),
        Case(file: "nibabel/example4d.nii.gz", expected: "nifti"),
        Case(file: "nibabel-made/scaled_uint8.nii", expected: "nifti"),
    ]

    /// Mean and sample count as the reference library computed them.
    static func reference(_ c: Case) throws -> (mean: Double, samples: Int) {
        let root = try #require(try Fixtures.expected(c.expected) as? [String: Any])
        if c.expected == "dicom" {
            let files = try #require(root["files"] as? [[String: Any]])
            let name = String(c.file.dropFirst("pydicom/".count))
            let entry = try #require(files.first { $0["path"] as? String == name })
            let dimensions = try #require(entry["dimensions"] as? [Int])
            let components = try #require(entry["components"] as? Int)
            return (try #require(entry["mean"] as? Double), dimensions.reduce(1, *) * components)
        }
        let images = try #require(root["images"] as? [[String: Any]])
        let entry = try #require(images.first { $0["file"] as? String == c.file })
        let dimensions = try #require(entry["dimensions"] as? [Int])
        let statistics = try #require(entry["statistics"] as? [String: Double])
        return (try #require(statistics["mean"]), dimensions.reduce(1, *) * ((entry["components"] as? Int) ?? 1))
    }

    @Test(arguments: cases)
    func sumMatchesTheReferenceLibrary(_ c: Case) throws {
        let (mean, samples) = try Self.reference(c)
        let result = try runProcess(Fixtures.executable, ["load", "--sum", Fixtures.path(c.file)])
        #expect(result.status == 0, "\(result.stderr)")
        let words = result.stdout.split(whereSeparator: \.isWhitespace).map(String.init)
        let sumIndex = try #require(words.firstIndex(of: "sum"))
        let sum = try #require(Double(words[sumIndex + 1]))
        let expected = mean * Double(samples)
        #expect(abs(sum - expected) <= 1e-9 * max(1, abs(expected)), "sum \(sum), reference \(expected)")
    }

    @Test func withoutSumPrintsOnlyWhatWasRead() throws {
        let result = try runProcess(Fixtures.executable, ["load", Fixtures.path("pydicom/CT_small.dcm")])
        #expect(result.status == 0)
        #expect(result.stdout == "dimensions 128 128 1 type int16 frame 128x128\n")
    }

    @Test func badPathIsOneErrorLine() throws {
        let missing = Fixtures.path("pydicom/no-such-file.dcm")
        let result = try runProcess(Fixtures.executable, ["load", missing])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains(missing))
    }
}
