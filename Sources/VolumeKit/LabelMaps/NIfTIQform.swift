/// A NIfTI qform: the quaternion (b, c, d), the offset, the voxel sizes and qfac, derived from
/// a RAS affine exactly as nibabel's `Nifti1Header.set_qform` derives them:
///
/// - voxel sizes are the lengths of the affine's columns, and the rotation the unit columns;
/// - qfac is −1 when those columns are left-handed, and the third column is then negated;
/// - a rotation that is not orthonormal (a sheared affine) is replaced by the nearest
///   orthonormal one (the polar decomposition, nibabel's `P @ Qs` of the SVD);
/// - the quaternion is `nibabel.quaternions.mat2quat`'s: the eigenvector of the largest
///   eigenvalue of Bar-Itzhack's symmetric matrix K, with a non-negative real part.
///
/// The sform keeps the exact affine; only the qform loses a shear.
struct NIfTIQform: Equatable {
    var quaternion: SIMD3<Double>
    var offset: SIMD3<Double>
    var voxelSizes: SIMD3<Double>
    var qfac: Double

    /// `affine`: the top three rows of a 4×4 voxel → RAS matrix.
    init(affine: [[Double]]) {
        offset = SIMD3(affine[0][3], affine[1][3], affine[2][3])
        var zooms = SIMD3<Double>.zero
        var r = [[Double]](repeating: [0, 0, 0], count: 3)
        for c in 0..<3 {
            let column = SIMD3(affine[0][c], affine[1][c], affine[2][c])
            zooms[c] = length(column)
            for row in 0..<3 { r[row][c] = zooms[c] > 0 ? column[row] / zooms[c] : 0 }
        }
        voxelSizes = zooms
        if Self.determinant(r) > 0 {
            qfac = 1
        } else {
            qfac = -1
            for row in 0..<3 { r[row][2] = -r[row][2] }
        }
        quaternion = Self.quaternion(of: Self.nearestRotation(r))
    }

    /// The orthonormal factor of the polar decomposition of `m` (R (RᵀR)^-½), which is the
    /// `P @ Qs` of its SVD. A singular `m` gives the identity, as no qform can hold it.
    static func nearestRotation(_ m: [[Double]]) -> [[Double]] {
        var mtm = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<3 { for j in 0..<3 { mtm[i][j] = (0..<3).reduce(0) { $0 + m[$1][i] * m[$1][j] } } }
        let (values, vectors) = SymmetricEigen.decompose(mtm)
        guard values.allSatisfy({ $0 > 1e-20 }) else { return [[1, 0, 0], [0, 1, 0], [0, 0, 1]] }
        // (MᵀM)^-½ = V diag(1/√λ) Vᵀ
        var inverseRoot = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<3 {
            for j in 0..<3 {
                inverseRoot[i][j] = (0..<3).reduce(0) { $0 + vectors[$1][i] * vectors[$1][j] / values[$1].squareRoot() }
            }
        }
        return (0..<3).map { i in (0..<3).map { j in (0..<3).reduce(0) { $0 + m[i][$1] * inverseRoot[$1][j] } } }
    }

    /// nibabel's `mat2quat`, returning (b, c, d); the real part a ≥ 0 is implied.
    static func quaternion(of m: [[Double]]) -> SIMD3<Double> {
        let (qxx, qyx, qzx) = (m[0][0], m[0][1], m[0][2])
        let (qxy, qyy, qzy) = (m[1][0], m[1][1], m[1][2])
        let (qxz, qyz, qzz) = (m[2][0], m[2][1], m[2][2])
        let k: [[Double]] = [
            [qxx - qyy - qzz, qyx + qxy, qzx + qxz, qyz - qzy],
            [qyx + qxy, qyy - qxx - qzz, qzy + qyz, qzx - qxz],
            [qzx + qxz, qzy + qyz, qzz - qxx - qyy, qxy - qyx],
            [qyz - qzy, qzx - qxz, qxy - qyx, qxx + qyy + qzz],
        ].map { $0.map { $0 / 3 } }
        let (_, vectors) = SymmetricEigen.decompose(k)
        // K's eigenvector is (x, y, z, w); the largest eigenvalue comes last.
        var q = vectors[3]
        if q[3] < 0 { q = q.map { -$0 } }
        return SIMD3(q[0], q[1], q[2])
    }

    private static func determinant(_ m: [[Double]]) -> Double {
        Matrix3(columns: (0..<3).map { c in SIMD3(m[0][c], m[1][c], m[2][c]) }).determinant
    }
}
