import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// Whether a label map fits its image: refused in one line saying how it differs, never
/// resampled; accepted through what float32 storage and quaternions lose.
@Suite struct LabelMapGridTests {
    static func image(width: Int = 512, height: Int = 512, depth: Int = 120,
                      geometry: VolumeGeometry = ct) -> Volume {
        Volume(width: width, height: height, depth: depth, voxelType: .uint8, geometry: geometry,
               buffer: VoxelBuffer(zeroedByteCount: width * height * depth),
               metadata: VolumeMetadata(format: .nifti, sourceFiles: [], datatypeName: "uint8"))
    }

    /// An axial CT in LPS: 0.7 mm pixels, 3 mm slices.
    static let ct = VolumeGeometry(origin: [-179.3, -190.1, -412.5], spacing: [0.7, 0.7, 3])

    static func check(_ map: LabelMap, _ volume: Volume) -> String? {
        do {
            try LabelMapGrid.check(map, fits: volume, mapFile: "/data/ct.nii.gz.ann.seg.nii.gz", imageName: "/data/ct.nii.gz")
            return nil
        } catch {
            return error.description
        }
    }

    @Test func dimensionsDiffer() {
        let map = LabelMap(width: 256, height: 256, depth: 60, geometry: Self.ct)
        #expect(Self.check(map, Self.image())
            == "ct.nii.gz.ann.seg.nii.gz does not fit ct.nii.gz: dimensions 256×256×60, the image's 512×512×120")
    }

    @Test func spacingDiffers() {
        var geometry = Self.ct
        geometry.spacing = [1, 1, 3]
        let map = LabelMap(width: 512, height: 512, depth: 120, geometry: geometry)
        #expect(Self.check(map, Self.image())
            == "ct.nii.gz.ann.seg.nii.gz does not fit ct.nii.gz: spacing 1×1×3 mm, the image's 0.7×0.7×3 mm")
    }

    @Test func axesPointOtherWays() {
        var geometry = Self.ct
        // A RAS+ grid (x to the right, y to the front) against the image's LPS+.
        geometry.direction = Matrix3(columns: [[-1, 0, 0], [0, -1, 0], [0, 0, 1]])
        let map = LabelMap(width: 512, height: 512, depth: 120, geometry: geometry)
        #expect(Self.check(map, Self.image())
            == "ct.nii.gz.ann.seg.nii.gz does not fit ct.nii.gz: orientation differs (RAS+ against LPS+)")
    }

    @Test func axesTurnedALittle() {
        var geometry = Self.ct
        let a = 2.0 * Double.pi / 180
        geometry.direction = Matrix3(columns: [[cos(a), sin(a), 0], [-sin(a), cos(a), 0], [0, 0, 1]])
        let map = LabelMap(width: 512, height: 512, depth: 120, geometry: geometry)
        #expect(Self.check(map, Self.image()) == "ct.nii.gz.ann.seg.nii.gz does not fit ct.nii.gz: orientation differs by 2.0°")
    }

    @Test func originMoved() {
        var geometry = Self.ct
        geometry.origin += [0, 0, 3.2]
        let map = LabelMap(width: 512, height: 512, depth: 120, geometry: geometry)
        #expect(Self.check(map, Self.image()) == "ct.nii.gz.ann.seg.nii.gz does not fit ct.nii.gz: origin 3.2 mm away")
        // Half a pixel is a misregistration too.
        geometry.origin = Self.ct.origin + [0.35, 0, 0]
        #expect(LabelMapGrid.difference(LabelMap(width: 512, height: 512, depth: 120, geometry: geometry), Self.image())
            == .origin(distanceMM: length(geometry.origin - Self.ct.origin)))
    }

    @Test func withinTheTolerancesItFits() {
        var geometry = Self.ct
        // What float32 does to these numbers, and a little more.
        geometry.origin = SIMD3((0..<3).map { Double(Float(Self.ct.origin[$0])) }) + [0.003, -0.003, 0]
        geometry.spacing = Self.ct.spacing * (1 + 5e-5)
        let t = 5e-5
        geometry.direction = Matrix3(columns: [[1, t, 0], [-t, 1, 0], [0, 0, 1]])
        let map = LabelMap(width: 512, height: 512, depth: 120, geometry: geometry)
        #expect(Self.check(map, Self.image()) == nil)
        // …and just beyond each, it does not.
        var beyond = geometry
        beyond.origin = Self.ct.origin + [0.0071, 0, 0]
        #expect(LabelMapGrid.difference(LabelMap(width: 512, height: 512, depth: 120, geometry: beyond), Self.image()) != nil)
        beyond = geometry
        beyond.spacing.z = 3 * (1 + 2e-4)
        #expect(LabelMapGrid.difference(LabelMap(width: 512, height: 512, depth: 120, geometry: beyond), Self.image())
            == .spacing(map: beyond.spacing, image: Self.ct.spacing))
    }

    /// The masks we write for real images, read back from their files, fit the images: for a
    /// DICOM series that is float32 positions and a float32 quaternion against the decimal
    /// strings of the series.
    @Test(arguments: ["pydicom/dicomdirtests/98892001/CT5N", "annotations/oblique-series", "nibabel/anatomical.nii",
                      "nibabel-made/qform_only.nii", "nibabel-made/sform_only.nii"])
    func aWrittenMaskFitsItsImage(_ relative: String) throws {
        let image = try VolumeLoader.load(path: Fixtures.path(relative))
        var map = LabelMap(grid: image)
        map[1, 2, 0] = 5
        let folder = try LabelMapCheck.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/m.seg.nii.gz"
        try LabelMapNIfTIWriter.write(map, to: path)
        let back = try LabelMapReader.read(path: path)
        #expect(LabelMapGrid.difference(back, image) == nil)
        #expect(back[1, 2, 0] == 5)
    }

    /// The axis codes of the message are nibabel's `aff2axcodes`.
    @Test func axisCodesAreNibabels() throws {
        var affines: [[[Double]]] = []
        var ours: [String] = []
        for relative in ["nibabel/anatomical.nii", "nibabel-made/qform_only.nii", "nibabel/example4d.nii.gz",
                         "pydicom/dicomdirtests/98892001/CT5N", "annotations/oblique-series"] {
            let geometry = try VolumeLoader.load(path: Fixtures.path(relative)).geometry
            affines.append(geometry.rasAffine)
            ours.append(LabelMapGrid.axisCodes(geometry.direction))
        }
        // Permuted and flipped axes (a sagittal and a coronal grid).
        for columns in [[[0.0, 1, 0], [0, 0, -1], [-1, 0, 0]], [[1.0, 0, 0], [0, 0, -1], [0, -1, 0]]] {
            let geometry = VolumeGeometry(direction: Matrix3(columns: columns.map { SIMD3($0) }))
            affines.append(geometry.rasAffine)
            ours.append(LabelMapGrid.axisCodes(geometry.direction))
        }
        let result = try LabelMapCheck.run("axcodes", ["affines": affines])
        #expect(result["codes"] as? [String] == ours)
        #expect(ours[0] == "LAS" && ours[3] == "LPS")
    }
}
