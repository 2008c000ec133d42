import Annotations
import VolumeKit

/// The label-map editing tools on the benchmark CT's grid (512×512×300): brush dabs (a stroke
/// of 100 disc dabs and one of 100 sphere dabs, each merged into its stroke's undo step), a dab
/// right after a snapshot (a copy taken for saving), region growing, fill between slices,
/// per-label statistics and undo. Times in milliseconds (median of runs where repeated).
enum LabelMapEditing {
    /// A label map holding one ball of label 1, `radius` mm, at the volume's centre.
    static func ball(on volume: Volume, radius: Double) -> LabelMap {
        var map = LabelMap(grid: volume)
        _ = LabelPainting.dab(&map, at: [volume.width / 2, volume.height / 2, volume.depth / 2], normalAxis: 2,
                              brush: LabelBrush(label: 1, radius: radius, shape: .sphere), image: volume, timepoint: 0)
        return map
    }

    static func measure(volume: Volume) -> [String: Any] {
        var result: [String: Any] = [:]
        var map = LabelMap(grid: volume)
        var history = LabelHistory()
        let middle = volume.depth / 2
        let spacing = volume.geometry.spacing

        // A stroke across the middle slice: 100 dabs 2 voxels apart.
        for (key, shape) in [("disc", LabelBrush.Shape.disc), ("sphere", .sphere)] {
            let brush = LabelBrush(label: key == "disc" ? 1 : 2, radius: 5, shape: shape)
            var stroke = LabelEdit()
            var times: [Double] = []
            let total = FrameTiming.now()
            for n in 0..<100 {
                let at = SIMD3(56 + 4 * n, volume.height / 2 + (key == "disc" ? -20 : 20), middle)
                let start = FrameTiming.now()
                let dab = LabelPainting.dab(&map, at: at, normalAxis: 2, brush: brush, image: volume, timepoint: 0)
                stroke.merge(dab)
                times.append(FrameTiming.now() - start)
            }
            let strokeMilliseconds = FrameTiming.now() - total
            history.record(stroke)
            let t = FrameTimes(times)
            result["\(key)Dab"] = ["radiusMM": 5.0, "median": t.median, "p90": t.p90, "strokeOf100": strokeMilliseconds,
                                   "voxelsChanged": stroke.changedVoxels]
        }

        // A copy of the map taken for a background save shares every slice; the next dab copies
        // only the slice it paints.
        var afterSnapshot: [Double] = []
        for n in 0..<20 {
            let snapshot = map
            let start = FrameTiming.now()
            _ = LabelPainting.dab(&map, at: SIMD3(100 + n, 100, middle + 1 + n), normalAxis: 2,
                                  brush: LabelBrush(label: 3, radius: 5), image: volume, timepoint: 0)
            afterSnapshot.append(FrameTiming.now() - start)
            precondition(snapshot.voxelCount == map.voxelCount)
        }
        result["dabAfterSnapshotMilliseconds"] = FrameTimes(afterSnapshot).median

        // Region growing in the liver (62 HU, noise σ 9 HU) within 55…110 HU: the muscle around
        // it (45 HU) rarely reaches 55, so the region stays in the liver.
        let range = 55.0...110.0
        let seed = findSeed(volume: volume, near: SIMD3(173, 244, 60), range: range)
        if let seed {
            let start = FrameTiming.now()
            var reports = 0
            do {
                let grown = try LabelPainting.grow(&map, from: seed, range: range, brush: LabelBrush(label: 4), image: volume,
                                                   timepoint: 0, limit: 20_000_000) { _ in reports += 1; return true }
                let elapsed = FrameTiming.now() - start
                history.record(grown)
                let undoStart = FrameTiming.now()
                _ = history.undo(&map)
                let undoElapsed = FrameTiming.now() - undoStart
                let redoStart = FrameTiming.now()
                _ = history.redo(&map)
                result["grow"] = ["milliseconds": elapsed, "voxels": grown.changedVoxels, "rangeHU": [range.lowerBound, range.upperBound],
                                  "seed": [seed.x, seed.y, seed.z], "progressReports": reports,
                                  "undoMilliseconds": undoElapsed, "redoMilliseconds": FrameTiming.now() - redoStart,
                                  "undoBytes": grown.byteCount]
            } catch {
                result["grow"] = ["error": "\(error)"]
            }
        } else {
            result["grow"] = ["error": "no seed voxel in \(range) near the liver"]
        }

        // Fill between slices: ellipses of label 5 on slices 200 and 240 (sizes and centres
        // differ), 39 slices filled between.
        for k in [200, 240] {
            let ax = k == 200 ? 30.0 : 45.0, ay = k == 200 ? 20.0 : 35.0, cx = k == 200 ? 200.0 : 230.0
            for j in 0..<volume.height {
                for i in 0..<volume.width {
                    let x = (Double(i) - cx) * spacing.x / ax, y = (Double(j) - 300) * spacing.y / ay
                    if x * x + y * y <= 1 { map[i, j, k] = 5 }
                }
            }
        }
        var interpolationTimes: [Double] = []
        var filled = 0
        for _ in 0..<3 {
            let start = FrameTiming.now()
            let preview = try? LabelPainting.interpolate(map, label: 5, normalAxis: 2)
            interpolationTimes.append(FrameTiming.now() - start)
            filled = preview?.changedVoxels ?? -1
        }
        result["interpolate"] = ["milliseconds": FrameTimes(interpolationTimes).median, "voxels": filled,
                                 "slicesFilled": 39]

        var statisticsTimes: [Double] = []
        var labels = 0
        for _ in 0..<3 {
            let start = FrameTiming.now()
            labels = LabelStatistics.measure(map, image: volume, timepoint: 0).count
            statisticsTimes.append(FrameTiming.now() - start)
        }
        result["statistics"] = ["milliseconds": FrameTimes(statisticsTimes).median, "labels": labels]
        result["mapBytes"] = map.voxelCount * (map.isWide ? 2 : 1)
        result["historyBytes"] = history.byteCount
        return result
    }

    /// The first voxel within 10 voxels of `near` whose value lies in `range`.
    static func findSeed(volume: Volume, near: SIMD3<Int>, range: ClosedRange<Double>) -> SIMD3<Int>? {
        for r in 0...10 {
            for dk in -r...r { for dj in -r...r { for di in -r...r {
                let v = near &+ SIMD3(di, dj, dk)
                if volume.contains(v.x, v.y, v.z), range.contains(volume.value(v.x, v.y, v.z)) { return v }
            } } }
        }
        return nil
    }
}
