import Foundation
import Testing
import TestSupport

/// `info` on the files of the last DICOM gaps: the Modality LUT's figures are pydicom's
/// (`scripts/expected/luts.py`), a file cut short is one line and a non-zero exit.
@Suite struct DICOMGapsCommandTests {
    @Test func infoJSONOfTheModalityLUTFileGivesPydicomsFigures() throws {
        let json = try #require(try Fixtures.expected("luts") as? [String: Any])
        let entries = try #require(json["entries"] as? [[String: Any]])
        let mlut = try #require(entries.first { ($0["name"] as? String) == "mlut_18.dcm" })
        let result = try runProcess(Fixtures.executable, ["info", "--json", Fixtures.path(mlut["path"] as! String)])
        #expect(result.status == 0, "\(result.stderr)")
        let info = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let stats = try #require(info["statistics"] as? [String: Any])
        #expect(stats["min"] as? Double == mlut["min"] as? Double)
        #expect(stats["max"] as? Double == mlut["max"] as? Double)
        let mean = try #require(stats["mean"] as? Double), expected = try #require(mlut["mean"] as? Double)
        #expect(abs(mean - expected) <= 1e-6 * expected, "mean \(mean), pydicom \(expected)")
        #expect(info["datatype"] as? String == "uint16")
        #expect(info["dimensions"] as? [Int] == mlut["dimensions"] as? [Int])
    }

    @Test(arguments: [["info"], ["info", "--json"], ["render", "--cols", "40", "--rows", "20"]])
    func aJPEG2000FileCutShortIsOneLineAndAFailure(_ command: [String]) throws {
        let path = Fixtures.path("pydicom-data/emri_small_jpeg_2k_lossless_too_short.dcm")
        var arguments = command
        arguments.insert(path, at: 1)
        let result = try runProcess(Fixtures.executable, arguments)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("emri_small_jpeg_2k_lossless_too_short.dcm"))
        #expect(result.stderr.contains("frame 10 of 10"))
    }
}
