import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// The normalisation views' figures against numpy on the same volumes.
@Suite("intensity normalisation views match numpy")
struct IntensityNormalizationTests {
    static let files = ["nibabel/anatomical.nii", "nibabel/example4d.nii.gz", "pydicom/CT_small.dcm", "pydicom/MR_small.dcm"]

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(a), abs(b))
    }

    @Test(arguments: files)
    func figuresMatchNumpy(file: String) throws {
        let path = Fixtures.path(file)
        let volume = try VolumeLoader.load(path: path)
        let voxels = [[0, 0, 0], [volume.width / 2, volume.height / 2, volume.depth / 2], [volume.width - 1, volume.height - 1, volume.depth - 1]]
        let numpy = try PythonCheck.run("scripts/reference/normalize_check.py", "figures", ["path": path, "voxels": voxels])
        let n = { (key: String) in (numpy[key] as! NSNumber).doubleValue }

        #expect(IntensityNormalization.none.figures(for: volume) == nil)
        let minmax = try #require(IntensityNormalization.minmax.figures(for: volume))
        #expect(Self.close(minmax.lower, n("min")) && Self.close(minmax.upper, n("max")), "\(minmax) numpy \(numpy)")
        let percentiles = try #require(IntensityNormalization.p1to99.figures(for: volume))
        #expect(Self.close(percentiles.lower, n("p1")) && Self.close(percentiles.upper, n("p99")), "\(percentiles) numpy \(numpy)")
        let z = try #require(IntensityNormalization.zscore.figures(for: volume))
        #expect(Self.close(z.mean!, n("mean"), 1e-9) && Self.close(z.standardDeviation!, n("sd"), 1e-9), "\(z) numpy \(numpy)")
        #expect(Self.close(z.lower, n("mean") - 3 * n("sd"), 1e-9) && Self.close(z.upper, n("mean") + 3 * n("sd"), 1e-9))

        for (voxel, expected) in zip(voxels, numpy["voxels"] as! [[String: Any]]) {
            let e = { (key: String) in (expected[key] as! NSNumber).doubleValue }
            let value = volume.value(voxel[0], voxel[1], voxel[2])
            #expect(Self.close(value, e("value")))
            #expect(Self.close(minmax.normalized(value), e("minmax"), 1e-9))
            #expect(Self.close(percentiles.normalized(value), e("p1-99"), 1e-9))
            #expect(Self.close(z.normalized(value), e("zscore"), 1e-9))
        }
    }

    @Test func windowAndSummaryShowTheFigures() {
        let f = NormalizationFigures(mode: .zscore, lower: -2, upper: 10, mean: 4, standardDeviation: 2)
        #expect(f.window.lower == -2 && f.window.upper == 10)
        #expect(f.summary == "zscore mean 4 ± 3 × SD 2 → [-2, 10]")
        #expect(NormalizationFigures(mode: .p1to99, lower: 1, upper: 99).summary == "p1-99 [1, 99]")
        #expect(IntensityNormalization(rawValue: "p1-99") == .p1to99)
        #expect(IntensityNormalization.names == "none|minmax|p1-99|zscore")
    }

    @Test func percentileInterpolatesAsNumpy() {
        // numpy.percentile([1, 2, 3, 4], [1, 99]) == [1.03, 3.97]
        #expect(Self.close(IntensityNormalization.percentile([1, 2, 3, 4], 1), 1.03))
        #expect(Self.close(IntensityNormalization.percentile([1, 2, 3, 4], 99), 3.97))
        #expect(IntensityNormalization.percentile([7], 50) == 7)
    }
}
