import Foundation
import Testing
import TestSupport
import VolumeKit

/// Every NIfTI/Analyze sample of nibabel, and every file nibabel wrote from them, reads to the
/// values, dimensions and positions nibabel gives.
@Suite struct NIfTIFixtureTests {
    @Test func theExpectationsCoverTheSamplesAndEveryKindOfFile() {
        let files = Set(NIfTIExpectation.all.map(\.file))
        for sample in ["nibabel/anatomical.nii", "nibabel/functional.nii", "nibabel/example4d.nii.gz",
                       "nibabel/example_nifti2.nii.gz", "nibabel/standard.nii.gz",
                       "nibabel/reoriented_anat_moved.nii", "nibabel/resampled_anat_moved.nii",
                       "nibabel-made/analyze_centred.hdr", "nibabel-made/pair_nifti1_gz.hdr.gz",
                       "nibabel-made/bigendian_int16.nii", "nibabel-made/dtype_rgb24.nii",
                       "nibabel-made/qform_only.nii", "nibabel-made/sform_only.nii", "nibabel-made/no_transform.nii"] {
            #expect(files.contains(sample), "missing from expected/nifti.json: \(sample) (run scripts/fixtures.sh)")
        }
        let datatypes = Set(NIfTIExpectation.all.map(\.datatype))
        #expect(datatypes.isSuperset(of: ["uint8", "int8", "int16", "uint16", "int32", "uint32", "int64",
                                          "float32", "float64", "rgb24"]))
    }

    @Test(arguments: NIfTIExpectation.all)
    func readsAsNibabelDoes(_ expected: NIfTIExpectation) throws {
        let volume = try VolumeLoader.load(path: expected.path)
        check(volume, against: expected)
    }

    /// A pair opens the same from its image file as from its header.
    @Test(arguments: NIfTIExpectation.all.filter { $0.file.contains(".hdr") })
    func aPairOpensFromItsImageFileToo(_ expected: NIfTIExpectation) throws {
        let imagePath = expected.path.replacingOccurrences(of: ".hdr", with: ".img")
        let volume = try VolumeLoader.load(path: imagePath)
        check(volume, against: expected)
        #expect(volume.metadata.sourceFiles == [expected.path, imagePath])
    }

    private func check(_ volume: Volume, against expected: NIfTIExpectation) {
        #expect(volume.metadata.format.rawValue == expected.format)
        #expect(volume.dimensions == expected.dimensions)
        #expect(volume.metadata.datatypeName == expected.datatype)
        #expect(volume.components == expected.components)
        let spacing = volume.geometry.spacing
        #expect(zip([spacing.x, spacing.y, spacing.z], expected.spacing).allSatisfy { nearlyEqual($0, $1, relative: 1e-6) },
                "spacing \(spacing) vs nibabel \(expected.spacing)")

        let stats = volume.statistics()
        #expect(nearlyEqual(stats.min, expected.min), "min \(stats.min) vs nibabel \(expected.min)")
        #expect(nearlyEqual(stats.max, expected.max), "max \(stats.max) vs nibabel \(expected.max)")
        #expect(nearlyEqual(stats.mean, expected.mean), "mean \(stats.mean) vs nibabel \(expected.mean)")

        for voxel in expected.voxels {
            let (i, j, k, t) = (voxel.index[0], voxel.index[1], voxel.index[2], voxel.index[3])
            let values = (0..<volume.components).map { volume.value(i, j, k, t: t, component: $0) }
            #expect(zip(values, voxel.values).allSatisfy { nearlyEqual($0, $1) } && values.count == voxel.values.count,
                    "voxel \(voxel.index): \(values) vs nibabel \(voxel.values)")
        }
        let extensionFields = volume.metadata.fields.filter { $0.key.hasPrefix("extension.") }
        #expect(extensionFields.count == expected.extensions.count, "\(extensionFields)")
        for (field, ext) in zip(extensionFields, expected.extensions) {
            #expect(field.name.hasSuffix("(code \(ext.code))"))
            let text = ext.text.map { $0.split(whereSeparator: \.isNewline).joined(separator: " ") }
            #expect(field.value == text ?? "\(ext.size - 8) bytes")
        }
        for position in expected.positions {
            let p = volume.patientPosition(position.index[0], position.index[1], position.index[2])
            #expect(zip([p.x, p.y, p.z], position.lps).allSatisfy { nearlyEqual($0, $1, relative: 1e-7, absolute: 1e-6) },
                    "LPS of \(position.index): \(p) vs nibabel \(position.lps)")
        }
    }
}
