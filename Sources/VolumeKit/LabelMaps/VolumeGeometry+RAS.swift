extension VolumeGeometry {
    /// The voxel → RAS+ millimetre matrix of this LPS geometry, as a NIfTI sform holds it:
    /// `indexToPatient` with its x and y rows negated. Four rows, the last `[0, 0, 0, 1]`.
    public var rasAffine: [[Double]] {
        var rows = indexToPatient
        for r in 0..<2 { rows[r] = rows[r].map { -$0 } }
        return rows
    }
}
