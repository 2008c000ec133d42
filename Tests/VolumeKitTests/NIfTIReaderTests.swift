import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// How the reader gets the voxels (mapped, swapped, inflated), what it tells the metadata
/// browser, and how it copes with odd headers.
@Suite struct NIfTIReaderTests {
    private func made(_ name: String) -> String { Fixtures.path("nibabel-made/\(name)") }

    private func sameBytes(_ a: Volume, _ b: Volume) -> Bool {
        a.buffer.byteCount == b.buffer.byteCount && memcmp(a.buffer.bytes, b.buffer.bytes, a.buffer.byteCount) == 0
    }

    @Test func anUncompressedFileInThisByteOrderIsMappedNotCopied() throws {
        let little = try VolumeLoader.load(path: made("dtype_int16.nii"))
        #expect(little.buffer.isMemoryMapped)
        let big = try VolumeLoader.load(path: made("bigendian_int16.nii"))
        #expect(!big.buffer.isMemoryMapped)
        #expect(sameBytes(little, big), "the big-endian file swaps to the same voxels")
    }

    @Test func gzippedAndPlainPairsHoldTheSameVoxels() throws {
        let plain = try VolumeLoader.load(path: made("pair_nifti2.hdr"))
        let zipped = try VolumeLoader.load(path: made("pair_nifti1_gz.hdr.gz"))
        #expect(sameBytes(plain, zipped))
        #expect(plain.geometry == zipped.geometry)
    }

    @Test func theFormatIsRecognisedFromEitherFileOfAPair() throws {
        #expect(try VolumeLoader.detectFormat(path: made("analyze_centred.hdr")) == .analyze)
        #expect(try VolumeLoader.detectFormat(path: made("analyze_centred.img")) == .analyze)
        #expect(try VolumeLoader.detectFormat(path: made("analyze_scaled.hdr.gz")) == .analyze)
        #expect(try VolumeLoader.detectFormat(path: made("analyze_scaled.img.gz")) == .analyze)
        #expect(try VolumeLoader.detectFormat(path: made("pair_nifti1.img")) == .nifti)
        #expect(try VolumeLoader.detectFormat(path: made("pair_nifti2.hdr")) == .nifti)
        #expect(try VolumeLoader.detectFormat(path: Fixtures.path("nibabel/example_nifti2.nii.gz")) == .nifti)
    }

    @Test func headerFieldsReachTheMetadataBrowser() throws {
        let volume = try VolumeLoader.load(path: Fixtures.path("nibabel/functional.nii"))
        let fields = Dictionary(volume.metadata.fields.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(fields["dim"] == "[4, 17, 21, 3, 20, 1, 1, 1]")
        #expect(fields["pixdim"] == "[-1, 4, 4, 8, 2, 0, 0, 0]")
        #expect(fields["datatype"] == "4 (int16)")
        #expect(fields["xyzt_units"] == "10 (space mm, time s)")
        #expect(fields["qform_code"] == "2 (aligned)")
        #expect(fields["sform_code"] == "2 (aligned)")
        #expect(fields["descrip"] == "spm - 3D normalized")
        #expect(fields["affine"]?.hasPrefix("sform (aligned)") == true)
        #expect(volume.metadata.seriesDescription == "spm - 3D normalized")
        #expect(volume.metadata.modality == nil)
        #expect(volume.metadata.identity == ImageIdentity())
        #expect(volume.metadata.fields.allSatisfy { !$0.identifiesPatient })
        // cal_min/cal_max become the file's own window.
        let window = try #require(volume.metadata.fileWindows.first)
        #expect(abs(window.lower - 629.8262) < 1e-3 && abs(window.upper - 5571.6216) < 1e-3)
    }

    @Test func analyzePatientFieldsAreMarkedAsIdentifying() throws {
        let volume = try VolumeLoader.load(path: made("analyze_centred.hdr"))
        let identifying = Set(volume.metadata.fields.filter(\.identifiesPatient).map(\.key))
        #expect(identifying.isSuperset(of: ["patient_id", "exp_date", "db_name"]))
        #expect(volume.metadata.sourceFiles == [made("analyze_centred.hdr"), made("analyze_centred.img")])
    }

    @Test func dimensionsPastTimeAreBrowsedAsTimepoints() throws {
        let volume = try VolumeLoader.load(path: made("shape_5d.nii"))
        #expect(volume.dimensions == [17, 21, 3, 12])
        #expect(volume.metadata.warnings.contains { $0.contains("browsed as timepoints") })
    }

    /// Loads nibabel's int16 file with some header bytes changed (in a temporary copy).
    private func loadPatched(_ name: String, _ patch: (inout [UInt8]) -> Void) throws -> Volume {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: made("dtype_int16.nii"))))
        patch(&bytes)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slicemark-nifti-\(getpid())-\(name)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try VolumeLoader.load(path: path)
    }

    @Test func aZeroTimeDimensionAsOldAnalyzeWritersLeaveItIsOne() throws {
        let volume = try loadPatched("zero_t.nii") { bytes in
            bytes[40] = 4  // dim[0] = 4 (little-endian int16)
            bytes[48] = 0; bytes[49] = 0  // dim[4] = 0
        }
        #expect(volume.dimensions == [33, 41, 25])
        #expect(volume.metadata.warnings.contains { $0.contains("taken as 1") })
    }

    @Test func aDegenerateSformFallsBackToTheVoxelSizes() throws {
        // sform rows zeroed, sform_code left at 2.
        let volume = try loadPatched("degenerate.nii") { bytes in
            for n in 280..<328 { bytes[n] = 0 }
        }
        #expect(volume.geometry.spacing == SIMD3(2, 2, 2))
        #expect(volume.metadata.warnings.contains { $0.contains("degenerate") })
        let p = volume.patientPosition(1, 2, 3)
        #expect(p.x.isFinite && p.y.isFinite && p.z.isFinite)
    }

    @Test func quaternionsTurnIntoRotationsAsInNibabel() {
        // nibabel's quat2mat examples: identity, and 180° about x.
        #expect(NIfTIAffine.rotationMatrix(1, 0, 0, 0) == [[1, 0, 0], [0, 1, 0], [0, 0, 1]])
        #expect(NIfTIAffine.rotationMatrix(0, 1, 0, 0) == [[1, 0, 0], [0, -1, 0], [0, 0, -1]])
        // A non-unit quaternion is normalised; a zero one is the identity.
        #expect(NIfTIAffine.rotationMatrix(0, 2, 0, 0) == [[1, 0, 0], [0, -1, 0], [0, 0, -1]])
        #expect(NIfTIAffine.rotationMatrix(0, 0, 0, 0) == [[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    }

    @Test func aQformWithNegativeQfacFlipsTheSliceAxis() throws {
        let header = try NIfTIHeaderParser.parse(ReadableFile.prefix(made("qform_only.nii"), count: 352), path: "qform_only.nii")
        #expect(header.pixdim[0] == -1)
        var flipped = header
        flipped.pixdim[0] = 1
        let a = NIfTIAffine.qform(header, code: 1).rows, b = NIfTIAffine.qform(flipped, code: 1).rows
        for r in 0..<3 {
            #expect(a[r][0] == b[r][0] && a[r][1] == b[r][1] && a[r][2] == -b[r][2])
        }
    }
}
