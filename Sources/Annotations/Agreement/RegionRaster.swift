import VolumeKit

/// ROIs (rectangles, ellipses, polygons) as voxels of the image grid, by `RegionMask`'s rule,
/// so that two annotators' regions of one label can be compared like label maps.
enum RegionRaster {
    /// The voxel axis across the slices of `plane` on a grid of this geometry.
    static func normalAxis(_ plane: Plane, _ geometry: VolumeGeometry) -> Int {
        let patientAxis: Int
        switch plane {
        case .axial: patientAxis = 2
        case .coronal: patientAxis = 1
        case .sagittal: patientAxis = 0
        }
        return geometry.anatomicalAxes().firstIndex { $0.patientAxis == patientAxis } ?? 2
    }

    /// Whether `kind` covers an area (and so can be rasterised).
    static func isRegion(_ kind: AnnotationKind) -> Bool {
        kind == .rectangle || kind == .ellipse || kind == .polygon
    }

    /// Sets the voxels `annotation` covers in `mask`. The two in-plane voxel axes stand for the
    /// screen's columns and rows: which way each runs on screen changes none of `RegionMask`'s
    /// shapes (an inclusive box, the ellipse inscribed in it, an even–odd polygon with its
    /// edges), so the voxels are those the viewer's statistics count.
    static func add(_ annotation: Annotation, to mask: inout BinaryMask, geometry: VolumeGeometry) {
        guard isRegion(annotation.kind), !annotation.points.isEmpty else { return }
        let normal = normalAxis(annotation.plane, geometry)
        let axes = [0, 1, 2].filter { $0 != normal }
        let (c, r) = (axes[0], axes[1])
        let sizes = [mask.width, mask.height, mask.depth]
        let slice = annotation.points[0].voxel[normal]
        guard slice >= 0, slice < sizes[normal] else { return }
        let screen = annotation.points.map { SIMD2($0.voxel[c], $0.voxel[r]) }
        for pixel in RegionMask.pixels(kind: annotation.kind, points: screen, width: sizes[c], height: sizes[r]) {
            var v = SIMD3<Int>(0, 0, 0)
            v[c] = pixel.x
            v[r] = pixel.y
            v[normal] = slice
            mask[v.x, v.y, v.z] = true
        }
    }
}
