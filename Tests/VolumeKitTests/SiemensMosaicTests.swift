import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// Siemens mosaics from nibabel's test data (`nibabel/nicom/tests/data`, copied to
/// `.fixtures/nibabel-nicom` by scripts/fixtures.sh), against nibabel's MosaicWrapper and
/// Debian's dcm2niix (`scripts/reference/mosaic.py`).
@Suite struct SiemensMosaicTests {
    /// The gzipped sample, inflated into a temporary folder of its own.
    static func unzipped(_ names: [String]) throws -> (folder: String, files: [String]) {
        let folder = NSTemporaryDirectory() + "mosaic-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var files: [String] = []
        for name in names {
            let source = Fixtures.path("nibabel-nicom/\(name).dcm.gz")
            let result = try runProcess("/bin/sh", ["-c", "gzip -dc \"$0\" > \"$1\"", source, "\(folder)/\(name).dcm"])
            try #require(result.status == 0, "gzip: \(result.stderr)")
            files.append("\(folder)/\(name).dcm")
        }
        return (folder, files)
    }

    /// Voxels as little endian float64 and the job for the reference script.
    static func job(_ volume: Volume, dicom: String) throws -> [String: Any] {
        let path = NSTemporaryDirectory() + "mosaic-values-\(UUID().uuidString).f64"
        var values = [Double](repeating: 0, count: volume.sampleCount)
        for n in 0..<volume.sampleCount { values[n] = volume.rescale.apply(volume.storedSample(at: n)) }
        try values.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path)) }
        return ["dicom": dicom, "values": path, "dimensions": volume.dimensions, "affine": volume.geometry.indexToPatient]
    }

    @Test func aDiffusionMosaicReadsAsNibabelReadsIt() throws {
        let (folder, files) = try Self.unzipped(["siemens_dwi_1000"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let volume = try VolumeLoader.load(path: files[0])
        #expect(volume.dimensions == [128, 128, 48])
        #expect(volume.metadata.warnings.isEmpty, "\(volume.metadata.warnings)")
        let job = try Self.job(volume, dicom: files[0])
        defer { try? FileManager.default.removeItem(atPath: job["values"] as! String) }
        let result = try PythonCheck.run("scripts/reference/mosaic.py", "nibabel", job)
        #expect(result["is_mosaic"] as? Bool == true)
        #expect(result["max_value_difference"] as? Double == 0, "\(result)")
        let affine = try #require(result["max_affine_difference"] as? Double)
        // slicemark makes the direction cosines unit vectors (nibabel uses them as stored): over
        // the 384-pixel corner correction that moves the origin by about 0.0002 mm.
        #expect(affine < 1e-3, "affine differs from nibabel's by \(affine) mm: \(result)")
    }

    @Test func aDiffusionMosaicLandsOnTheVoxelsDcm2niixWrites() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/dcm2niix"), "scripts/install-deps.sh installs dcm2niix")
        let (folder, files) = try Self.unzipped(["siemens_dwi_1000"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let volume = try VolumeLoader.load(path: files[0])
        let job = try Self.job(volume, dicom: files[0])
        defer { try? FileManager.default.removeItem(atPath: job["values"] as! String) }
        let result = try PythonCheck.run("scripts/reference/mosaic.py", "dcm2niix", job)
        #expect(result["error"] == nil, "\(result)")
        #expect(result["shape"] as? [Int] == [128, 128, 48], "\(result)")
        #expect(result["voxels_inside"] as? Int == volume.voxelsPerTimepoint, "\(result)")
        let fraction = try #require(result["max_index_fraction"] as? Double)
        #expect(fraction < 1e-3, "our voxel centres fall \(fraction) of a voxel off dcm2niix's: \(result)")
        #expect(result["max_value_difference"] as? Double == 0, "\(result)")
    }

    @Test func twoMosaicsOfASeriesAreTwoTimepoints() throws {
        let (folder, _) = try Self.unzipped(["siemens_dwi_0", "siemens_dwi_1000"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sources = try VolumeLoader.sources(at: folder)
        try #require(sources.count == 1)
        let volume = try VolumeLoader.load(sources[0])
        #expect(volume.dimensions == [128, 128, 48, 2])
        let single = try VolumeLoader.load(path: "\(folder)/siemens_dwi_1000.dcm")
        #expect(volume.geometry == single.geometry)
        // b = 0 is acquired first (Instance Number 1), b = 1000 second.
        let second = (0..<single.sampleCount).allSatisfy { n in
            volume.storedSample(at: single.sampleCount + n) == single.storedSample(at: n)
        }
        #expect(second)
    }

    /// 0.dcm says MOSAIC with 48 images, but its pixels are a 256 × 256 image 7 tiles cannot
    /// divide (nibabel fails to reshape it): shown as the one image it is, with a note.
    @Test func aMosaicThatCannotBeTiledIsShownWhole() throws {
        let volume = try VolumeLoader.load(path: Fixtures.path("nibabel-nicom/0.dcm"))
        #expect(volume.dimensions == [256, 256, 1])
        #expect(volume.metadata.warnings.contains { $0.contains("NumberOfImagesInMosaic 48") })
    }

    @Test(arguments: ["csa2_b0.bin", "csa2_b1000.bin", "csa_str_valid.bin"])
    func theCSAHeaderParsesAsNibabelParsesIt(_ name: String) throws {
        let path = Fixtures.path("nibabel-nicom/\(name)")
        let header = try #require(SiemensCSAHeader(Array(try Data(contentsOf: URL(fileURLWithPath: path)))))
        let reference = try PythonCheck.run("scripts/reference/mosaic.py", "csa", ["file": path])
        #expect(header.layout == (reference["type"] as? Int == 2 ? .csa2 : .csa1))
        let tags = try #require(reference["tags"] as? [String: [Any]])
        #expect(Set(header.tags.keys) == Set(tags.keys))
        var compared = 0
        for (name, items) in tags {
            let ours = header.tags[name] ?? []
            let theirs = items.map { item -> String in
                if let text = item as? String { return text.trimmingCharacters(in: .whitespaces) }
                return "\(item)"
            }.filter { !$0.isEmpty }
            #expect(ours.count == theirs.count, "\(name): \(ours) vs \(theirs)")
            for (a, b) in zip(ours, theirs) {
                if let x = Double(a), let y = Double(b) { #expect(x == y, "\(name)") } else { #expect(a == b, "\(name)") }
                compared += 1
            }
        }
        #expect(compared > 0 || tags.values.allSatisfy(\.isEmpty))
        if name == "csa2_b1000.bin" {
            #expect(header.int("NumberOfImagesInMosaic") == 48)
            #expect(header.numbers("SliceNormalVector").count == 3)
        }
    }
}
