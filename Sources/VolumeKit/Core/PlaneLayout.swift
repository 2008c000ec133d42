/// The three anatomical planes a radiologist looks at.
public enum Plane: String, CaseIterable, Sendable, Codable {
    case axial, coronal, sagittal
}

/// One voxel axis seen along a screen direction: `flipped` means the screen coordinate grows
/// as the voxel index shrinks.
public struct AxisStep: Sendable, Equatable {
    public var axis: Int
    public var flipped: Bool
}

/// How a plane of a volume is laid out on screen, in radiological convention: axial and coronal
/// show the patient's right on the screen's left, anterior is up on axial, superior up on
/// coronal and sagittal, and anterior is on the left of a sagittal view.
///
/// Each screen axis is the voxel axis nearest to that anatomical direction, so any acquisition
/// orientation (sagittal MR, oblique, flipped NIfTI) shows the right way up.
public struct PlaneLayout: Sendable, Equatable {
    public let plane: Plane
    public let column: AxisStep
    public let row: AxisStep
    /// Voxel axis across slices; slice `n` is voxel index `n` along it.
    public let normal: Int
    public let width: Int
    public let height: Int
    public let sliceCount: Int
    /// Millimetres between pixel centres along screen x and screen y.
    public let pixelSpacing: SIMD2<Double>
    public let sliceSpacing: Double

    let sizes: [Int]

    /// Voxel index [i, j, k] shown at a screen pixel of a slice.
    public func voxel(column c: Int, row r: Int, slice s: Int) -> SIMD3<Int> {
        var v = SIMD3<Int>(0, 0, 0)
        v[column.axis] = column.flipped ? sizes[column.axis] - 1 - c : c
        v[row.axis] = row.flipped ? sizes[row.axis] - 1 - r : r
        v[normal] = s
        return v
    }

    /// Screen pixel and slice where a voxel appears.
    public func position(of voxel: SIMD3<Int>) -> (column: Int, row: Int, slice: Int) {
        let c = voxel[column.axis], r = voxel[row.axis]
        return (column.flipped ? sizes[column.axis] - 1 - c : c,
                row.flipped ? sizes[row.axis] - 1 - r : r,
                voxel[normal])
    }
}

extension VolumeGeometry {
    /// For each voxel axis, the LPS axis (0 = L, 1 = P, 2 = S) it runs closest to and whether
    /// it runs along (+1) or against (−1) it; always a permutation.
    public func anatomicalAxes() -> [(patientAxis: Int, sign: Int)] {
        let permutations = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
        let best = permutations.max { a, b in score(a) < score(b) }!
        return (0..<3).map { axis in
            let component = direction.columns[axis][best[axis]]
            return (best[axis], component < 0 ? -1 : 1)
        }
    }

    private func score(_ permutation: [Int]) -> Double {
        (0..<3).reduce(0) { $0 + abs(direction.columns[$1][permutation[$1]]) }
    }
}

extension Volume {
    public func layout(_ plane: Plane) -> PlaneLayout {
        let anatomy = geometry.anatomicalAxes()
        func step(patientAxis: Int, sign: Int) -> AxisStep {
            let axis = anatomy.firstIndex { $0.patientAxis == patientAxis }!
            return AxisStep(axis: axis, flipped: anatomy[axis].sign != sign)
        }
        let column: AxisStep, row: AxisStep
        switch plane {
        case .axial:
            column = step(patientAxis: 0, sign: 1); row = step(patientAxis: 1, sign: 1)
        case .coronal:
            column = step(patientAxis: 0, sign: 1); row = step(patientAxis: 2, sign: -1)
        case .sagittal:
            column = step(patientAxis: 1, sign: 1); row = step(patientAxis: 2, sign: -1)
        }
        let normal = 3 - column.axis - row.axis
        let sizes = [width, height, depth]
        let spacing = geometry.spacing
        return PlaneLayout(plane: plane, column: column, row: row, normal: normal,
                           width: sizes[column.axis], height: sizes[row.axis], sliceCount: sizes[normal],
                           pixelSpacing: SIMD2(spacing[column.axis], spacing[row.axis]),
                           sliceSpacing: spacing[normal], sizes: sizes)
    }

    /// The plane that shows the stored image itself (its normal is voxel axis k): what a single
    /// 2D image opens on.
    public var nativePlane: Plane {
        Plane.allCases.first { layout($0).normal == 2 } ?? .axial
    }
}
