import Foundation
import Testing
import TestSupport

/// `render --normalize` draws what `--window`/`--level` draw with numpy's figures for the same
/// volume, and `export --normalize` is refused outside COCO.
@Suite("render and export --normalize")
struct CheckNormalizeRenderTests {
    static func render(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(Fixtures.executable, ["render", Fixtures.path("nibabel/anatomical.nii"), "--cols", "40", "--color", "256"] + arguments)
    }

    @Test(arguments: ["minmax", "p1-99", "zscore"])
    func normalizeDrawsTheWindowOfNumpysFigures(mode: String) throws {
        let numpy = try PythonCheck.run("scripts/reference/normalize_check.py", "figures", ["path": Fixtures.path("nibabel/anatomical.nii")])
        let n = { (key: String) in (numpy[key] as! NSNumber).doubleValue }
        let (lower, upper) = switch mode {
        case "minmax": (n("min"), n("max"))
        case "p1-99": (n("p1"), n("p99"))
        default: (n("mean") - 3 * n("sd"), n("mean") + 3 * n("sd"))
        }
        let normalized = try Self.render(["--normalize", mode])
        #expect(normalized.status == 0, "\(normalized.stderr)")
        let windowed = try Self.render(["--window", String(upper - lower), "--level", String((upper + lower) / 2)])
        #expect(windowed.status == 0)
        #expect(normalized.stdout == windowed.stdout)
        #expect(normalized.stdout != (try Self.render([])).stdout || mode == "minmax")
    }

    @Test func badModesAndMixturesAreRefused() throws {
        #expect(try Self.render(["--normalize", "sideways"]).status != 0)
        #expect(try Self.render(["--normalize", "zscore", "--window", "400", "--level", "40"]).status != 0)
        let export = try runProcess(Fixtures.executable, ["export", "--format", "csv", "--out", NSTemporaryDirectory() + "x-\(UUID().uuidString)",
                                                           "--normalize", "minmax", Fixtures.path("nibabel/anatomical.nii")])
        #expect(export.status == 2)
        #expect(export.stderr.contains("--normalize is for --format coco"))
    }
}
