import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// The label-map file we write, read back by nibabel (NIfTI images) and SimpleITK (DICOM
/// series): header fields, sform and qform equal to the image's affine, and a voxel set at
/// [i, j, k] where each of them finds it.
@Suite struct LabelMapWriterTests {
    /// Real NIfTI files: a plain one (qfac −1, a flipped x), an oblique qform-only one (qfac −1),
    /// nibabel's oblique 4D example, and an oblique sform with a shear no qform can hold.
    static let niftiImages = ["nibabel/anatomical.nii", "nibabel-made/qform_only.nii", "nibabel/example4d.nii.gz",
                              "nibabel-made/sform_only.nii"]

    @Test(arguments: niftiImages)
    func nibabelReadsTheImagesAffineInSformAndQform(_ relative: String) throws {
        let image = try VolumeLoader.load(path: Fixtures.path(relative))
        var map = LabelMap(grid: image)
        let voxels = LabelMapCheck.someVoxels(of: map)
        for (n, v) in voxels.enumerated() { map[v[0], v[1], v[2]] = UInt16(n + 1) }
        let folder = try LabelMapCheck.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/image.nii.gz.alice.seg.nii.gz"
        try LabelMapNIfTIWriter.write(map, to: path)

        let result = try LabelMapCheck.run("nifti", ["files": [["mask": path, "image": Fixtures.path(relative), "voxels": voxels,
                                                                "sitk": true]]])
        let file = try #require((result["files"] as? [[String: Any]])?.first)
        let imageAffine = try LabelMapCheck.matrix(file["image_affine"])
        let sform = try LabelMapCheck.matrix(file["sform"])
        let qform = try LabelMapCheck.matrix(file["qform"])
        #expect(LabelMapCheck.maxDifference(sform, imageAffine) <= 1e-5, "sform \(sform) against \(imageAffine)")
        #expect(LabelMapCheck.maxDifference(try LabelMapCheck.matrix(file["affine"]), imageAffine) <= 1e-5)
        // The qform is what nibabel's own set_qform makes of the image's affine; for an image
        // without shear that is the affine itself.
        let nibabelQform = try LabelMapCheck.matrix(file["image_qform_from_affine"])
        #expect(LabelMapCheck.maxDifference(qform, nibabelQform) <= 1e-5, "qform \(qform) against nibabel's \(nibabelQform)")
        // The quaternion too; for a half turn (a = 0) q and −q are the same rotation, and which one
        // an eigensolver returns is its own choice.
        let ours = file["quaternion"] as? [Double] ?? [], theirs = file["image_quaternion"] as? [Double] ?? [9]
        let halfTurn = 1 - theirs.reduce(0) { $0 + $1 * $1 } < 1e-6
        #expect(min(LabelMapCheck.maxDifference(ours, theirs),
                    halfTurn ? LabelMapCheck.maxDifference(ours.map { -$0 }, theirs) : .infinity) <= 1e-6, "\(ours) against \(theirs)")
        #expect(file["image_qfac"] as? Double == (file["pixdim"] as? [Double])?.first)
        let sheared = relative.hasSuffix("sform_only.nii")
        if !sheared {
            #expect(LabelMapCheck.maxDifference(qform, imageAffine) <= 1e-5, "qform \(qform) against \(imageAffine)")
        } else {
            #expect(LabelMapCheck.maxDifference(qform, imageAffine) > 0.1, "the shear cannot be in the qform")
        }
        #expect(file["values"] as? [Int] == (1...voxels.count).map { $0 })
        #expect(file["labels"] as? [Int] == [0] + (1...voxels.count).map { $0 })
        #expect(file["shape"] as? [Int] == map.dimensions)

        // SimpleITK opens the mask on the image's grid. It refuses the sheared image itself
        // (ITK holds orthonormal directions only); the mask it opens through its qform.
        let sitkMask = try #require(file["sitk_mask"] as? [String: Any])
        #expect(sitkMask["error"] == nil, "SimpleITK: \(sitkMask["error"] ?? "")")
        let sitkImage = try #require(file["sitk_image"] as? [String: Any])
        if sheared {
            #expect(sitkImage["error"] != nil)
        } else {
            for key in ["origin", "spacing", "direction"] {
                let a = try #require(sitkMask[key] as? [Double]), b = try #require(sitkImage[key] as? [Double])
                #expect(LabelMapCheck.maxDifference(a, b) <= 1e-4, "SimpleITK \(key): mask \(a), image \(b)")
            }
        }
    }

    @Test func theHeaderSaysWhatTheFileIs() throws {
        let image = try VolumeLoader.load(path: Fixtures.path("nibabel/anatomical.nii"))
        var map = LabelMap(grid: image)
        map[3, 4, 5] = 7
        map[30, 40, 24] = 2
        let folder = try LabelMapCheck.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let narrow = folder + "/narrow.seg.nii.gz", wide = folder + "/wide.seg.nii.gz"
        try LabelMapNIfTIWriter.write(map, to: narrow)
        var wideMap = map
        wideMap[1, 1, 1] = 300
        try LabelMapNIfTIWriter.write(wideMap, to: wide)
        let voxels = [[3, 4, 5], [30, 40, 24], [1, 1, 1], [0, 0, 0]]
        let result = try LabelMapCheck.run("nifti", ["files": [["mask": narrow, "voxels": voxels], ["mask": wide, "voxels": voxels]]])
        let files = try #require(result["files"] as? [[String: Any]])
        try #require(files.count == 2)
        for (n, file) in files.enumerated() {
            #expect(file["datatype"] as? Int == (n == 0 ? 2 : 512))
            #expect(file["bitpix"] as? Int == (n == 0 ? 8 : 16))
            #expect(file["dtype"] as? String == (n == 0 ? "uint8" : "uint16"))
            #expect(file["values"] as? [Int] == (n == 0 ? [7, 2, 0, 0] : [7, 2, 300, 0]))
            #expect(file["magic"] as? String == "n+1")
            #expect(file["vox_offset"] as? Double == 352)
            #expect(file["extension_bytes"] as? [Int] == [0, 0, 0, 0])
            #expect(file["file_bytes"] as? Int == 352 + map.voxelCount * (n == 0 ? 1 : 2))
            #expect(file["dim"] as? [Int] == [3, 33, 41, 25, 1, 1, 1, 1])
            let pixdim = try #require(file["pixdim"] as? [Double])
            #expect(Array(pixdim[0...3]) == [-1, 2, 2, 2])
            #expect(file["xyzt_units"] as? Int == 2)
            #expect(file["scl_slope"] as? Double == 1 && file["scl_inter"] as? Double == 0)
            #expect(file["cal_min"] as? Double == 0 && file["cal_max"] as? Double == (n == 0 ? 7 : 300))
            #expect(file["intent_code"] as? Int == 1002)
            #expect(file["intent_name"] as? String == "labels")
            #expect(file["descrip"] as? String == "slicemark label map")
            #expect(file["sform_code"] as? Int == 1 && file["qform_code"] as? Int == 1)
        }
    }

    /// A DICOM series' LPS geometry, written as RAS, read by SimpleITK as the series itself.
    @Test(arguments: ["pydicom/dicomdirtests/98892001/CT5N", "annotations/oblique-series"])
    func simpleITKReadsTheSeriesGeometryAndVoxels(_ relative: String) throws {
        let series = Fixtures.path(relative)
        let image = try VolumeLoader.load(path: series)
        var map = LabelMap(grid: image)
        let voxels = LabelMapCheck.someVoxels(of: map)
        for (n, v) in voxels.enumerated() { map[v[0], v[1], v[2]] = UInt16(10 + n) }
        let folder = try LabelMapCheck.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/series.seg.nii.gz"
        try LabelMapNIfTIWriter.write(map, to: path)

        let result = try LabelMapCheck.run("dicom", ["series": series, "mask": path, "voxels": voxels])
        let sitkSeries = try #require(result["series"] as? [String: Any])
        let mask = try #require(result["mask"] as? [String: Any])
        for key in ["origin", "spacing", "direction"] {
            let a = try #require(mask[key] as? [Double]), b = try #require(sitkSeries[key] as? [Double])
            #expect(LabelMapCheck.maxDifference(a, b) <= 1e-4, "\(key): mask \(a), series \(b)")
        }
        #expect(mask["size"] as? [Int] == sitkSeries["size"] as? [Int])
        #expect(mask["pixel_type"] as? String == "8-bit unsigned integer")
        #expect(result["values"] as? [Int] == voxels.indices.map { 10 + $0 })
        #expect(result["nonzero"] as? Int == voxels.count)
        // Our own reading of the series agrees with SimpleITK's too (so the test is about the file).
        let origin = try #require(sitkSeries["origin"] as? [Double])
        #expect(LabelMapCheck.maxDifference([image.geometry.origin.x, image.geometry.origin.y, image.geometry.origin.z], origin) <= 1e-4)
        let affine = try LabelMapCheck.matrix(result["nibabel_affine"])
        #expect(LabelMapCheck.maxDifference(affine, image.geometry.rasAffine) <= 1e-4)
    }

    @Test func aMapOfTheWrongSizeForNIfTI1IsRefused() {
        let map = LabelMap(width: 40_000, height: 1, depth: 1, geometry: VolumeGeometry())
        #expect(throws: LabelMapFileError.tooLargeForNIfTI1(dimensions: [40_000, 1, 1])) {
            try LabelMapNIfTIWriter.header(for: map)
        }
    }

    @Test func aFailedWriteNamesTheFileAndLeavesNothing() throws {
        let folder = try LabelMapCheck.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let map = LabelMap(width: 2, height: 2, depth: 2, geometry: VolumeGeometry())
        let path = folder + "/missing-folder/x.seg.nii.gz"
        #expect(throws: LabelMapFileError.writeFailed(path: path, reason: "No such file or directory")) {
            try LabelMapNIfTIWriter.write(map, to: path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }
}

/// `GzipCompressor` against gzip(1), an implementation of its own.
@Suite struct GzipCompressorTests {
    @Test(arguments: [0, 1, 6, 12])
    func gzipInflatesWhatItCompresses(_ level: Int) throws {
        var generator = SplitMix(seed: 7)
        // Runs and noise, as a label map has: long zero runs, blobs, a few random bytes.
        var input = [UInt8](repeating: 0, count: 300_000)
        for n in 0..<input.count where n % 1000 < 200 { input[n] = UInt8(n % 5) }
        for _ in 0..<2000 { input[Int(generator.next() % UInt64(input.count))] = UInt8(truncatingIfNeeded: generator.next()) }
        let compressed = try GzipCompressor(level: level).compress(input)
        #expect(compressed.prefix(2) == [0x1f, 0x8b])
        if level > 0 { #expect(compressed.count < input.count / 3) }
        let folder = try LabelMapCheck.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/data.gz"
        try Data(compressed).write(to: URL(fileURLWithPath: path))
        try Data(input).write(to: URL(fileURLWithPath: folder + "/data"))
        let result = try runProcess("/bin/sh", ["-c", "gzip -dc \"$0.gz\" | cmp - \"$0\"", folder + "/data"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test func anEmptyInputIsAValidGzipFile() throws {
        let compressed = try GzipCompressor().compress([])
        let folder = try LabelMapCheck.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data(compressed).write(to: URL(fileURLWithPath: folder + "/empty.gz"))
        let result = try runProcess("/bin/sh", ["-c", "gzip -dc \"$0\" | wc -c", folder + "/empty.gz"])
        #expect(result.status == 0)
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }

    @Test func aLevelOutsideLibdeflatesIsRefused() {
        #expect(throws: GzipCompressionError.invalidLevel(13)) { try GzipCompressor(level: 13) }
        #expect(GzipCompressionError.invalidLevel(-1).description == "gzip compression level -1 is outside 0…12")
    }
}

/// Runs scripts/check-labelmap.py with the fixture venv's Python: one process per call.
enum LabelMapCheck {
    static func run(_ mode: String, _ job: [String: Any]) throws -> [String: Any] {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let jobPath = folder + "/job.json"
        try JSONSerialization.data(withJSONObject: job).write(to: URL(fileURLWithPath: jobPath))
        let script = Fixtures.repositoryRoot.appendingPathComponent("scripts/check-labelmap.py").path
        let result = try runProcess(Fixtures.path("venv/bin/python"), [script, mode, jobPath])
        guard result.status == 0 else { throw CheckFailed(message: "check-labelmap.py \(mode) failed: \(result.stderr)") }
        guard let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw CheckFailed(message: "check-labelmap.py \(mode) printed no JSON object: \(result.stdout)")
        }
        return object
    }

    struct CheckFailed: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "labelmap-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func matrix(_ value: Any?) throws -> [[Double]] {
        guard let rows = value as? [[Double]] else { throw CheckFailed(message: "not a matrix: \(String(describing: value))") }
        return rows
    }

    static func maxDifference(_ a: [[Double]], _ b: [[Double]]) -> Double {
        guard a.count == b.count else { return .infinity }
        return zip(a, b).map { maxDifference($0, $1) }.max() ?? 0
    }

    static func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == b.count else { return .infinity }
        return zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }

    /// Corners and inner voxels of a grid, no two alike, none symmetric to another (so an axis
    /// flipped or two swapped would move a label).
    static func someVoxels(of map: LabelMap) -> [[Int]] {
        let (w, h, d) = (map.width, map.height, map.depth)
        let candidates = [[0, 0, 0], [w - 1, 0, 0], [0, h - 1, 0], [0, 0, d - 1], [w - 1, h - 1, d - 1],
                          [w / 3, h / 2, d / 4], [1, h - 2, d / 2], [w - 2, 1, d - 1]]
        var seen = Set<[Int]>()
        return candidates.filter { seen.insert($0).inserted }
    }
}
