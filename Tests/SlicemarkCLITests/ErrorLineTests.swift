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
