import Foundation
import Testing
import TestSupport

/// One exit code for one kind of mistake, `--version`, and `info` over several paths.
@Suite struct CommandContractTests {
    @Test(arguments: [["--color", "nope"], ["--bogus"], ["info"], ["render", "--axis", "sideways", "x.nii"],
                      ["--keymap", "/nonexistent/keymap.json"], ["--labels", "/nonexistent/labels.json"]])
    func mistakesInTheCallExitWithTwo(_ arguments: [String]) throws {
        let result = try runProcess(Fixtures.executable, arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }

    @Test func anImageThatCannotBeReadExitsWithOne() throws {
        let result = try runProcess(Fixtures.executable, ["info", "/nonexistent/ct.nii"])
        #expect(result.status == 1)
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func versionIsPrinted() throws {
        let result = try runProcess(Fixtures.executable, ["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("slicemark 0."))
    }

    @Test func infoTakesSeveralPaths() throws {
        let result = try runProcess(Fixtures.executable, ["info", "--json", Fixtures.path("pydicom/CT_small.dcm"),
                                                          Fixtures.path("nibabel/anatomical.nii")])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(json.map { $0["format"] as? String } == ["dicom", "nifti"])
    }
}
