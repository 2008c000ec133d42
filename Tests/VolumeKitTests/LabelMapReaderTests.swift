import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// Opening label maps other tools wrote: nibabel files in the integer and float types that
/// ITK-SNAP, Slicer, nnU-Net and TotalSegmentator outputs come in, and the ones that are no
/// label map, refused with the file, what is wrong and where.
@Suite struct LabelMapReaderTests {
    /// An oblique RAS affine with a flipped x, as a scanner's NIfTI has.
    static let affine: [[Double]] = [[-0.9, 0.1, 0, 40], [0.05, 0.8, -0.2, -30], [0, 0.25, 2.5, 12], [0, 0, 0, 1]]
    static let shape = [7, 6, 5]
    static let labels: [[Int]] = [[0, 0, 0, 1], [6, 5, 4, 2], [3, 1, 2, 17], [1, 4, 3, 255], [5, 0, 1, 44]]

    /// The labels, with 255 as 100 where the type cannot hold it (int8).
    static func labels(for dtype: String) -> [[Int]] {
        dtype == "int8" ? labels.map { $0[3] == 255 ? Array($0[0..<3]) + [100] : $0 } : labels
    }

    @Test func opensMapsNibabelWroteInEveryType() throws {
        let folder = try LabelMapCheck.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // (dtype, a label above 255 or not, scale): int16 and int32 are nnU-Net's and
        // TotalSegmentator's, float32 what numpy pipelines write, uint8/uint16 ITK-SNAP's.
        let kinds: [(String, Bool, Double?)] = [("int16", true, nil), ("int32", true, nil), ("float32", true, nil),
                                                ("uint8", false, nil), ("uint16", true, nil), ("int8", false, nil),
                                                ("float64", true, nil), ("int16", true, 0.5)]
        var files: [[String: Any]] = []
        for (n, (dtype, wide, slope)) in kinds.enumerated() {
            var set = Self.labels(for: dtype)
            if wide { set.append([2, 2, 2, 1000]) }
            var file: [String: Any] = ["path": folder + "/\(n)-\(dtype).nii.gz", "dtype": dtype, "shape": Self.shape,
                                       "affine": Self.affine, "set": set]
            if let slope { file["slope"] = slope }
            files.append(file)
        }
        if let entries = try LabelMapCheck.run("make", ["files": files])["files"] as? [[String: Any]] {
            #expect(entries.allSatisfy { $0["first_bad"] is NSNull }, "nibabel wrote only labels")
            #expect(entries[7]["stored_dtype"] as? String == "int16")
            #expect(entries[7]["slope_inter"] as? [Double] == [0.5, 0], "the scaled file is scaled")
        }

        for (n, (dtype, wide, _)) in kinds.enumerated() {
            let path = try #require(files[n]["path"] as? String)
            let map = try LabelMapReader.read(path: path)
            #expect(map.dimensions == Self.shape, "\(dtype)")
            #expect(map.isWide == wide, "\(dtype)")
            var expected: [UInt16: Int] = [:]
            for entry in Self.labels(for: dtype) + (wide ? [[2, 2, 2, 1000]] : []) {
                #expect(map[entry[0], entry[1], entry[2]] == UInt16(entry[3]), "\(dtype) at \(entry)")
                expected[UInt16(entry[3]), default: 0] += 1
            }
            #expect(map.counts() == expected, "\(dtype): nothing else is labelled")
            let affine = map.geometry.rasAffine
            #expect(LabelMapCheck.maxDifference(affine, Self.affine) <= 1e-5, "\(dtype): \(affine)")
        }
    }

    @Test func refusesWhatIsNoLabelMap() throws {
        let folder = try LabelMapCheck.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func file(_ name: String, _ dtype: String, _ set: [[Any]], shape: [Int] = LabelMapReaderTests.shape, slope: Double? = nil) -> [String: Any] {
            var f: [String: Any] = ["path": folder + "/" + name, "dtype": dtype, "shape": shape, "affine": Self.affine, "set": set]
            if let slope { f["slope"] = slope }
            return f
        }
        let files = [
            file("fraction.seg.nii.gz", "float32", [[1, 1, 1, 2], [1, 2, 3, 2.5]]),
            file("negative.seg.nii.gz", "int16", [[4, 5, 4, 2], [4, 5, 3, -3]], shape: [7, 6, 7]),
            file("large.seg.nii.gz", "int32", [[0, 1, 2, 70000]]),
            file("nan.seg.nii.gz", "float32", [[2, 2, 2, "nan"]]),
            // Stored 3 under a float32 slope of 0.3: 0.9000000357.
            file("scaled.seg.nii.gz", "int16", [[3, 3, 3, 0.9]], slope: 0.3),
        ]
        let made = try #require(try LabelMapCheck.run("make", ["files": files])["files"] as? [[String: Any]])
        try #require(made.count == files.count)
        for entry in made {
            let path = try #require(entry["path"] as? String)
            let bad = try #require(entry["first_bad"] as? [String: Any], "nibabel found no bad value in \(path)")
            let voxel = try #require(bad["voxel"] as? [Int])
            let value = bad["value"] as? Double ?? .nan
            do {
                _ = try LabelMapReader.read(path: path)
                Issue.record("\(path) was read as a label map")
            } catch let error {
                guard case .notALabel(let p, let v, let at) = error else {
                    Issue.record("\(path): \(error)")
                    continue
                }
                #expect(p == path)
                #expect(at == voxel, "\(path): the first bad voxel as nibabel finds it")
                #expect(v.isNaN ? value.isNaN : abs(v - value) <= 1e-6, "\(path): \(v) against nibabel's \(value)")
            }
        }
        let negative = folder + "/negative.seg.nii.gz"
        #expect(throws: LabelMapFileError.notALabel(path: negative, value: -3, voxel: [4, 5, 3])) {
            try LabelMapReader.read(path: negative)
        }
        #expect(LabelMapFileError.notALabel(path: "/x/seg.nii.gz", value: -3, voxel: [4, 5, 6]).description
            == "/x/seg.nii.gz: label values must be whole numbers from 0 to 65535; found −3 at voxel [4, 5, 6]")
    }

    @Test func refusesColourFourDAndDICOM() throws {
        let rgb = Fixtures.path("nibabel-made/dtype_rgb24.nii")
        #expect(throws: LabelMapFileError.colour(path: rgb)) { try LabelMapReader.read(path: rgb) }
        let fourD = Fixtures.path("nibabel/example4d.nii.gz")
        #expect(throws: LabelMapFileError.timepoints(path: fourD, count: 2)) { try LabelMapReader.read(path: fourD) }
        #expect(LabelMapFileError.timepoints(path: fourD, count: 2).description.hasSuffix(
            "example4d.nii.gz: 2 volumes (4D), but a label map is a single 3D volume"))
        let dicom = Fixtures.path("pydicom/CT_small.dcm")
        #expect(throws: LabelMapFileError.notNIfTI(path: dicom, format: .dicom)) { try LabelMapReader.read(path: dicom) }
        let missing = "/nonexistent/seg.nii.gz"
        #expect(throws: LabelMapFileError.unreadable(.fileNotFound(path: missing))) { try LabelMapReader.read(path: missing) }
    }

    /// A real image is no label map: anatomical.nii holds negative values; the first one in
    /// file order is where nibabel finds it.
    @Test func aRealImageWithNegativeValuesIsRefusedAtItsFirstOne() throws {
        let path = Fixtures.path("nibabel/anatomical.nii")
        let script = """
            import sys, json, nibabel, numpy as np
            d = np.asanyarray(nibabel.load(sys.argv[1]).get_fdata()).ravel(order="F")
            n = int(np.argmax((d < 0) | (d != np.round(d)) | (d > 65535)))
            s = nibabel.load(sys.argv[1]).shape
            print(json.dumps([n % s[0], (n // s[0]) % s[1], n // (s[0] * s[1]), float(d[n])]))
            """
        let result = try runProcess(Fixtures.path("venv/bin/python"), ["-c", script, path])
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [Double])
        #expect(throws: LabelMapFileError.notALabel(path: path, value: expected[3], voxel: expected[0..<3].map { Int($0) })) {
            try LabelMapReader.read(path: path)
        }
    }

    @Test func readsBackWhatTheWriterWrote() throws {
        let image = try VolumeLoader.load(path: Fixtures.path("nibabel-made/qform_only.nii"))
        var map = LabelMap(grid: image)
        var generator = SplitMix(seed: 3)
        for _ in 0..<500 {
            let i = Int(generator.next() % UInt64(map.width)), j = Int(generator.next() % UInt64(map.height))
            let k = Int(generator.next() % UInt64(map.depth))
            map[i, j, k] = UInt16(generator.next() % 12)
        }
        let folder = try LabelMapCheck.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let narrow = folder + "/a.seg.nii.gz"
        try LabelMapNIfTIWriter.write(map, to: narrow)
        let back = try LabelMapReader.read(path: narrow)
        #expect(back.littleEndianBytes() == map.littleEndianBytes())
        #expect(!back.isWide)
        #expect(LabelMapGrid.difference(back, image) == nil)

        map[2, 3, 4] = 4000
        let wide = folder + "/b.seg.nii.gz"
        try LabelMapNIfTIWriter.write(map, to: wide)
        let wideBack = try LabelMapReader.read(path: wide)
        #expect(wideBack.isWide)
        #expect(wideBack.littleEndianBytes() == map.littleEndianBytes())
        #expect(wideBack[2, 3, 4] == 4000)
    }
}
