import Foundation
import Testing
import TestSupport

@Suite struct ErrorLineTests {
    @Test func aMissingFileIsOneLineOnStderr() throws {
        let result = try runProcess(Fixtures.executable, ["info", "/nonexistent/scan.nii.gz"])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("/nonexistent/scan.nii.gz") == true)
    }
}

@Suite struct FolderInfoTests {
    @Test func aBadImageInAFolderIsReportedAndTheOthersStillPrinted() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slicemark-info-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(atPath: Fixtures.path("nibabel/anatomical.nii"),
                                         toPath: folder.appendingPathComponent("a.nii").path)
        try FileManager.default.copyItem(atPath: Fixtures.path("nibabel/row_major.dconn.nii"),
                                         toPath: folder.appendingPathComponent("b.nii").path)
        let result = try runProcess(Fixtures.executable, ["info", "--json", folder.path])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("b.nii") == true)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        #expect(json?.count == 1)
        #expect(json?.first?["dimensions"] as? [Int] == [33, 41, 25])
    }
}
