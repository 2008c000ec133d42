import Foundation
import VolumeKit

/// The image proposals are imported for, and what identifies it to a file made elsewhere:
/// its file names, DICOM UIDs, the name slicemark's own exports give it, and its grid.
public struct ImportTarget: Sendable {
    public var volume: Volume
    /// The image as the user named it (a file, or a DICOM series' folder), for messages.
    public var displayName: String
    /// The base of the sidecar's name (`ct.nii.gz`, or a DICOM series' UID): what our COCO and
    /// Slicer exports call the image.
    public var exportName: String

    public init(volume: Volume, displayName: String, sidecarPath: String) {
        self.volume = volume
        self.displayName = displayName
        let sidecar = (sidecarPath as NSString).lastPathComponent
        exportName = sidecar.hasSuffix(SidecarLocation.suffix) ? String(sidecar.dropLast(SidecarLocation.suffix.count)) : sidecar
    }

    public var seriesInstanceUID: String? {
        volume.metadata.format == .dicom ? volume.metadata.identity.seriesInstanceUID : nil
    }

    /// The names a file made elsewhere may use for this image: its files' names (with and
    /// without `.nii.gz`/`.nii`/`.dcm`), the series' folder, the export name, the series UID.
    public var knownNames: Set<String> {
        var names: Set<String> = [exportName, (displayName as NSString).lastPathComponent]
        for file in volume.metadata.sourceFiles {
            let name = (file as NSString).lastPathComponent
            names.insert(name)
            for suffix in [".nii.gz", ".nii", ".dcm", ".hdr", ".img", ".gz"] where name.hasSuffix(suffix) {
                names.insert(String(name.dropLast(suffix.count)))
            }
        }
        if volume.metadata.format == .dicom, let folder = volume.metadata.sourceFiles.first {
            names.insert(((folder as NSString).deletingLastPathComponent as NSString).lastPathComponent)
        }
        if let series = seriesInstanceUID { names.insert(series) }
        names.remove("")
        return names
    }

    /// Whether `reference` (a path or name a file gives for its image) names this image.
    func names(_ reference: String) -> Bool {
        let trimmed = reference.hasSuffix("/") ? String(reference.dropLast()) : reference
        let last = (trimmed as NSString).lastPathComponent
        return knownNames.contains(last) || knownNames.contains(trimmed)
    }

    /// The SOP Instance UID of slice k (DICOM), if known.
    func sopInstanceUID(ofSlice k: Int) -> String? {
        let slices = volume.metadata.slices
        guard volume.metadata.format == .dicom, slices.indices.contains(k) else { return nil }
        let files = volume.metadata.sourceFiles, uids = volume.metadata.identity.sopInstanceUIDs
        guard files.count == uids.count, let n = files.firstIndex(of: slices[k].file) else { return nil }
        return uids[n]
    }
}

/// Where a position from a file lands on the image's grid.
///
/// LPS millimetres → voxel: the continuous index `(D·diag(spacing))⁻¹ (p − origin)`, each axis
/// rounded to the nearest whole index, halves away from zero (Swift's `rounded()`); the point
/// keeps the file's LPS position exactly (`lps`), the rounded index is where it is drawn and
/// which slice it is on. A position more than half a voxel outside the grid is not on this image.
/// Voxel index → LPS: the voxel centre (`AnnotationPoint(voxel:geometry:)`).
struct PointPlacement: Sendable {
    let volume: Volume

    /// The point at an LPS position, or nil when it lies off the grid.
    func point(lps: SIMD3<Double>) -> AnnotationPoint? {
        let index = volume.geometry.index(ofPatientPosition: lps)
        guard let voxel = voxel(ofIndex: index) else { return nil }
        return AnnotationPoint(voxel: voxel, lps: lps)
    }

    /// The point at a continuous index (from a 2D slice's pixel position), or nil off the grid.
    func point(index: SIMD3<Double>) -> AnnotationPoint? {
        guard let voxel = voxel(ofIndex: index) else { return nil }
        let p = volume.geometry.patientPosition(ofIndex: index)
        return AnnotationPoint(voxel: voxel, lps: (p * 1e6).rounded(.toNearestOrEven) / 1e6)
    }

    /// A rectangle's two corner points from any two opposite corner voxels: the lowest index
    /// on each axis first, the highest second (the same box whichever diagonal a file gives).
    func corners(_ a: SIMD3<Int>, _ b: SIMD3<Int>) -> [AnnotationPoint]? {
        guard let low = point(voxel: pointwiseMin(a, b)), let high = point(voxel: pointwiseMax(a, b)) else { return nil }
        return [low, high]
    }

    func point(voxel: SIMD3<Int>) -> AnnotationPoint? {
        guard volume.contains(voxel.x, voxel.y, voxel.z) else { return nil }
        return AnnotationPoint(voxel: voxel, geometry: volume.geometry)
    }

    func voxel(ofIndex index: SIMD3<Double>) -> SIMD3<Int>? {
        let dims = [volume.width, volume.height, volume.depth]
        var v = SIMD3<Int>(0, 0, 0)
        for axis in 0..<3 {
            let x = index[axis]
            // Within half a voxel of the grid, with room for the last bits of the arithmetic.
            guard x.isFinite, x >= -0.5 - 1e-6, x <= Double(dims[axis]) - 0.5 + 1e-6 else { return nil }
            v[axis] = min(max(Int(x.rounded()), 0), dims[axis] - 1)
        }
        return v
    }

    /// The plane a set of points lies on (one slice of it): the image's own plane first, then
    /// axial, coronal, sagittal; nil when they are on no single slice of any.
    func plane(of voxels: [SIMD3<Int>]) -> Plane? {
        let order = [volume.nativePlane] + Plane.allCases.filter { $0 != volume.nativePlane }
        return order.first { plane in
            let normal = volume.layout(plane).normal
            return Set(voxels.map { $0[normal] }).count == 1
        }
    }
}
