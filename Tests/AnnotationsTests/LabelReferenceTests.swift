import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import Annotations

/// Runs scripts/reference/labelmap_ops.py (SimpleITK, scipy, numpy) in the fixtures' venv, one
/// process per call, and decodes its JSON.
enum LabelReference {
    static let python = Fixtures.path("venv/bin/python")
    static let script = Fixtures.repositoryRoot.appendingPathComponent("scripts/reference/labelmap_ops.py").path

    static func run(_ arguments: [String]) throws -> [String: Any] {
        let result = try runProcess(python, [script] + arguments)
        guard result.status == 0 else {
            throw ReferenceFailure(detail: "labelmap_ops.py \(arguments.first ?? "") failed: \(result.stderr)")
        }
        guard let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw ReferenceFailure(detail: "labelmap_ops.py printed no JSON object")
        }
        return object
    }

    static func indices(_ object: [String: Any]) -> [UInt32] {
        (object["indices"] as? [Int] ?? []).map(UInt32.init)
    }

    /// Writes a label map's values as little-endian uint16 (x fastest) for the reference.
    static func writeRaw(_ map: LabelMap, to path: String) throws {
        var bytes = [UInt8]()
        bytes.reserveCapacity(map.voxelCount * 2)
        for k in 0..<map.depth {
            for o in 0..<map.voxelsPerSlice {
                let v = map[k, o]
                bytes.append(UInt8(truncatingIfNeeded: v))
                bytes.append(UInt8(truncatingIfNeeded: v >> 8))
            }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    struct ReferenceFailure: Error, CustomStringConvertible { let detail: String; var description: String { detail } }
}

/// A volume of `width × height × depth` float32 zeros on a grid of `spacing` (for brush and
/// interpolation tests, where only the grid matters).
func blankVolume(_ width: Int, _ height: Int, _ depth: Int, spacing: SIMD3<Double>) -> Volume {
    let buffer = VoxelBuffer(zeroedByteCount: width * height * depth * 4)
    return Volume(width: width, height: height, depth: depth, voxelType: .float32,
                  geometry: VolumeGeometry(origin: [0, 0, 0], spacing: spacing), buffer: buffer,
                  metadata: VolumeMetadata(format: .demo, sourceFiles: [], datatypeName: "float32"))
}

@Suite struct LabelReferenceTests {
    /// Region growing on a real MR (nibabel's anatomical.nii, big-endian int16) equals
    /// SimpleITK's ConnectedThreshold with face connectivity, voxel for voxel, for several
    /// seeds and ranges.
    @Test(arguments: [
        ([16, 20, 12], 8000.0, 12000.0),
        ([16, 20, 12], 6000.0, 30393.0),
        ([5, 5, 3], -610.0, 4000.0),
        ([20, 30, 20], 9000.5, 10500.25),
    ])
    func growingMatchesSimpleITK(seed: [Int], lower: Double, upper: Double) throws {
        let path = Fixtures.path("nibabel/anatomical.nii")
        let image = try VolumeLoader.load(path: path)
        var map = LabelMap(grid: image)
        let s = SIMD3(seed[0], seed[1], seed[2])
        let seedValue = image.value(s.x, s.y, s.z)
        let reference = try LabelReference.run(["grow", path, "\(s.x)", "\(s.y)", "\(s.z)", "\(lower)", "\(upper)"])
        #expect(reference["size"] as? [Int] == [image.width, image.height, image.depth])
        let expected = LabelReference.indices(reference)
        if !(lower...upper).contains(seedValue) {
            #expect(throws: LabelToolError.seedOutsideRange(value: seedValue, range: lower...upper)) {
                _ = try LabelPainting.grow(&map, from: s, range: lower...upper, brush: LabelBrush(label: 2), image: image,
                                           timepoint: 0, limit: 1 << 24) { _ in true }
            }
            #expect(expected.isEmpty)
            return
        }
        let edit = try LabelPainting.grow(&map, from: s, range: lower...upper, brush: LabelBrush(label: 2), image: image,
                                          timepoint: 0, limit: 1 << 24) { _ in true }
        #expect(expected.count > 10)
        #expect(edit.indices == expected)
        #expect(map.counts() == [2: expected.count])
    }

    /// The same on a 2D CT slice (pydicom's CT_small.dcm, rescale intercept −1024), in HU.
    @Test func growingOnDICOMInHounsfieldUnits() throws {
        let path = Fixtures.path("pydicom/CT_small.dcm")
        let image = try VolumeLoader.load(path: path)
        var map = LabelMap(grid: image)
        for (seed, range) in [(SIMD3(90, 90, 0), -200.0...200.0), (SIMD3(30, 30, 0), -1100.0 ... -500.0)] {
            let reference = try LabelReference.run(["grow", path, "\(seed.x)", "\(seed.y)", "0",
                                                    "\(range.lowerBound)", "\(range.upperBound)"])
            let expected = LabelReference.indices(reference)
            let edit = try LabelPainting.grow(&map, from: seed, range: range, brush: LabelBrush(label: 1),
                                              image: image, timepoint: 0, limit: 1 << 20) { _ in true }
            #expect(expected.count > 1000)
            #expect(edit.indices == expected)
        }
    }

    /// Per-label count, mean, sigma, min and max equal SimpleITK's LabelStatisticsImageFilter on
    /// a real 4D NIfTI (nibabel's example4d, scl_slope 2000 rescaled), at both timepoints, and
    /// the volume is count × voxel volume; with one byte a voxel and with two (a label above 255).
    @Test(arguments: [(0, false), (1, false), (1, true)])
    func statisticsMatchSimpleITK(timepoint: Int, wide: Bool) throws {
        let path = Fixtures.path("nibabel/example4d.nii.gz")
        let image = try VolumeLoader.load(path: path)
        var map = LabelMap(grid: image)
        let brush = LabelBrush(label: 1, radius: 9, shape: .sphere)
        _ = LabelPainting.dab(&map, at: [64, 48, 12], normalAxis: 2, brush: brush, image: image, timepoint: timepoint)
        _ = LabelPainting.dab(&map, at: [30, 30, 5], normalAxis: 2, brush: LabelBrush(label: 7, radius: 12), image: image, timepoint: 0)
        _ = LabelPainting.dab(&map, at: [100, 70, 20], normalAxis: 2, brush: LabelBrush(label: wide ? 300 : 30, radius: 5, shape: .sphere),
                              image: image, timepoint: 0)
        map[0, 0, 0] = 9   // one voxel: sigma 0
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try LabelReference.writeRaw(map, to: folder.file("labels.u16"))
        let reference = try LabelReference.run(["stats", path, folder.file("labels.u16"), "\(timepoint)"])
        let ours = LabelStatistics.measure(map, image: image, timepoint: timepoint)
        #expect(map.isWide == wide)
        #expect(ours.map(\.value) == [1, 7, 9, wide ? 300 : 30])
        #expect(Set(reference.keys) == Set(ours.map { "\($0.value)" }))
        for s in ours {
            let r = try #require(reference["\(s.value)"] as? [String: Double])
            #expect(Double(s.voxels) == r["count"])
            // Spacing is stored as float32 in the file; the two read it through different paths.
            #expect(abs(s.millilitres - r["ml"]!) <= 1e-6 * r["ml"]!)
            for (ours, theirs) in [(s.mean, r["mean"]!), (s.standardDeviation, r["sigma"]!),
                                   (s.minimum, r["min"]!), (s.maximum, r["max"]!)] {
                #expect(abs(ours - theirs) <= 1e-9 * max(1, abs(theirs)), "label \(s.value): \(ours) vs \(theirs)")
            }
        }
    }

    /// Disc and sphere dabs paint exactly numpy's voxels within the radius (physical distance
    /// of voxel centres) on an anisotropic grid, for every normal axis, clipped at the edges.
    @Test(arguments: [
        ("disc", 2, 4.0, [20, 15, 6]), ("disc", 0, 4.0, [20, 15, 6]), ("disc", 1, 3.3, [1, 1, 1]),
        ("sphere", 2, 4.0, [20, 15, 6]), ("sphere", 2, 6.5, [38, 0, 11]), ("sphere", 1, 0.2, [5, 5, 5]),
    ])
    func brushMatchesNumpy(shape: String, axis: Int, radius: Double, centre: [Int]) throws {
        let spacing = SIMD3<Double>(0.7, 1.1, 2.5)
        let image = blankVolume(40, 30, 12, spacing: spacing)
        var map = LabelMap(grid: image)
        let brush = LabelBrush(label: 4, radius: radius, shape: LabelBrush.Shape(rawValue: shape)!)
        let edit = LabelPainting.dab(&map, at: SIMD3(centre[0], centre[1], centre[2]), normalAxis: axis, brush: brush,
                                     image: image, timepoint: 0)
        let reference = try LabelReference.run(["brush", "40", "30", "12", "0.7", "1.1", "2.5", "\(centre[0])",
                                                "\(centre[1])", "\(centre[2])", "\(radius)", shape, "\(axis)"])
        let expected = LabelReference.indices(reference)
        #expect(!expected.isEmpty)
        #expect(edit.indices == expected)
        #expect(map.counts() == [4: expected.count])
    }

    /// Fill between slices agrees with scipy's distance transforms blended the same way (Dice
    /// ≥ 0.95 on every filled slice) on shapes that grow, move and change between labelled
    /// slices, along each axis and with another label in the way.
    @Test(arguments: [2, 1, 0])
    func interpolationMatchesScipy(axis: Int) throws {
        let spacing = SIMD3<Double>(0.8, 1.0, 2.0)
        let (w, h, d) = (48, 40, 36)
        let image = blankVolume(w, h, d, spacing: spacing)
        var map = LabelMap(grid: image)
        func set(_ s: Int, _ a: Int, _ b: Int, _ value: UInt16) {
            var v = SIMD3(0, 0, 0)
            let (u, vv) = axis == 0 ? (1, 2) : axis == 1 ? (0, 2) : (0, 1)
            v[axis] = s; v[u] = a; v[vv] = b
            map[v] = value
        }
        let sizes = [w, h, d]
        let (u, v) = axis == 0 ? (1, 2) : axis == 1 ? (0, 2) : (0, 1)
        // Slice 3: a small disc; slice 15: a larger ellipse moved; slice 27: a rectangle.
        for a in 0..<sizes[u] {
            for b in 0..<sizes[v] {
                let x = Double(a) - 12, y = Double(b) - 12
                if x * x + y * y <= 16 { set(3, a, b, 5) }
                let x2 = (Double(a) - 20) / 9, y2 = (Double(b) - 16) / 6
                if x2 * x2 + y2 * y2 <= 1 { set(15, a, b, 5) }
                if (14...24).contains(a) && (10...20).contains(b) { set(27, a, b, 5) }
            }
        }
        // Another label across the path, and a label-5-free slice untouched.
        for a in 16...18 { for b in 0..<sizes[v] { set(9, a, b, 2) } }
        let original = map
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try LabelReference.writeRaw(map, to: folder.file("labels.u16"))
        let edit = try LabelPainting.interpolate(map, label: 5, normalAxis: axis)
        #expect(map == original, "interpolate is a preview and changes nothing")
        let reference = try LabelReference.run(["interpolate", folder.file("labels.u16"), "\(w)", "\(h)", "\(d)",
                                                "0.8", "1.0", "2.0", "\(axis)", "5"])
        let expected = Set(LabelReference.indices(reference))
        #expect(edit.before.allSatisfy { $0 == 0 } && edit.after.allSatisfy { $0 == 5 })
        let perSlice = w * h
        func sliceOf(_ index: UInt32) -> Int {
            let n = Int(index), k = n / perSlice, j = (n % perSlice) / w, i = n % w
            return [i, j, k][axis]
        }
        let ours = Set(edit.indices)
        var checked = 0
        for s in 0..<sizes[axis] {
            let a = ours.filter { sliceOf($0) == s }, b = expected.filter { sliceOf($0) == s }
            if [3, 15, 27].contains(s) || s < 3 || s > 27 {
                #expect(a.isEmpty, "labelled or outer slice \(s) touched")
                continue
            }
            #expect(!b.isEmpty)
            let dice = 2 * Double(a.intersection(b).count) / Double(a.count + b.count)
            #expect(dice >= 0.95, "slice \(s): Dice \(dice)")
            checked += 1
        }
        #expect(checked == 22)
        var applied = map
        edit.redo(on: &applied)
        for k in 0..<d {
            for o in 0..<perSlice where original[k, o] != 0 { #expect(applied[k, o] == original[k, o]) }
        }
    }
}
