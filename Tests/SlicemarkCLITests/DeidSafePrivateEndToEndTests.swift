import Foundation
import Testing
import TestSupport
import VolumeKit

/// `deid --retain-safe-private`: a Siemens diffusion mosaic (nibabel's test data) keeps the CSA
/// header a site has listed as safe, so dcm2niix still unpacks the mosaic from the
/// de-identified file, the way dicom-anonymizer #10 could not; without the option it cannot.
@Suite(.serialized) struct DeidSafePrivateEndToEndTests {
    static let list = """
        # The Siemens CSA header: image and series header info (needed to unpack mosaics)
        0029,SIEMENS CSA HEADER,08,CSA Image Header Type
        0029,SIEMENS CSA HEADER,09,CSA Image Header Version
        0029,SIEMENS CSA HEADER,10,CSA Image Header Info
        0029,SIEMENS CSA HEADER,18,CSA Series Header Type
        0029,SIEMENS CSA HEADER,19,CSA Series Header Version
        0029,SIEMENS CSA HEADER,20,CSA Series Header Info
        """

    /// The de-identified mosaic (the only DICOM file written under `out`).
    static func written(_ out: String) throws -> String {
        let files = FileManager.default.enumerator(atPath: out)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".dcm") } ?? []
        try #require(files.count == 1, "\(files)")
        return out + "/" + files[0]
    }

    static func dcm2niixShape(_ dicom: String) throws -> [Int]? {
        let volume = try VolumeLoader.load(path: dicom)
        let path = NSTemporaryDirectory() + "safe-private-values-\(UUID().uuidString).f64"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var values = [Double](repeating: 0, count: volume.sampleCount)
        for n in 0..<volume.sampleCount { values[n] = volume.rescale.apply(volume.storedSample(at: n)) }
        try values.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path)) }
        let result = try PythonCheck.run("scripts/reference/mosaic.py", "dcm2niix",
                                         ["dicom": dicom, "values": path, "dimensions": volume.dimensions,
                                          "affine": volume.geometry.indexToPatient])
        return result["shape"] as? [Int]
    }

    @Test func theListedCSAHeaderStaysAndDcm2niixStillUnpacksTheMosaic() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/dcm2niix"), "scripts/install-deps.sh installs dcm2niix")
        let folder = NSTemporaryDirectory() + "deid-safe-private-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/in", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = Fixtures.path("nibabel-nicom/siemens_dwi_1000.dcm.gz")
        let unzip = try runProcess("/bin/sh", ["-c", "gzip -dc \"$0\" > \"$1\"", source, folder + "/in/dwi.dcm"])
        try #require(unzip.status == 0, "gzip: \(unzip.stderr)")
        try Self.list.write(toFile: folder + "/safe.csv", atomically: true, encoding: .utf8)

        let kept = try runProcess(Fixtures.executable, ["deid", "--out", folder + "/kept", "--map", folder + "/map.csv",
                                                        "--retain-safe-private", "--safe-private-list", folder + "/safe.csv",
                                                        folder + "/in"])
        #expect(kept.status == 0, "\(kept.stderr)")
        #expect(kept.stdout.contains("Retain Safe Private Option"))
        #expect(kept.stdout.contains("private elements kept as safe (listed by --safe-private-list): 6"), "\(kept.stdout)")
        let keptFile = try Self.written(folder + "/kept")
        #expect(try VolumeLoader.load(path: keptFile).dimensions == [128, 128, 48])
        #expect(try Self.dcm2niixShape(keptFile) == [128, 128, 48])

        let plain = try runProcess(Fixtures.executable, ["deid", "--out", folder + "/plain", "--map", folder + "/map.csv",
                                                         folder + "/in"])
        #expect(plain.status == 0, "\(plain.stderr)")
        let plainFile = try Self.written(folder + "/plain")
        #expect(try Self.dcm2niixShape(plainFile) != [128, 128, 48], "the mosaic unpacked without its CSA header")

        // --verify: the listed elements are expected; without the list they are private elements.
        let accepted = try runProcess(Fixtures.executable, ["deid", "--verify", folder + "/kept", "--safe-private-list", folder + "/safe.csv"])
        #expect(!accepted.stdout.contains("private element"), "\(accepted.stdout)")
        let flagged = try runProcess(Fixtures.executable, ["deid", "--verify", folder + "/kept"])
        #expect(flagged.status == 1)
        #expect(flagged.stdout.contains("(0029,1010) ") || flagged.stdout.contains("(0029,"), "\(flagged.stdout)")
    }

    @Test func theOptionWithoutAListIsRefusedWithOneLine() throws {
        let result = try runProcess(Fixtures.executable, ["deid", "--out", "/tmp/x", "--map", "/tmp/m.csv", "--retain-safe-private", "/tmp"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--retain-safe-private and --safe-private-list go together"))
    }
}
