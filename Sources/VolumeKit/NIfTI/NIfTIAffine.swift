/// The voxel → RAS+ millimetre transform of a NIfTI/Analyze header, chosen exactly as nibabel's
/// `img.affine` is (its `get_best_affine`, after the fixes nibabel makes on loading):
///
/// - NIfTI: the sform when `sform_code` > 0, else the qform when `qform_code` > 0, else a
///   diagonal of the voxel sizes with x flipped, centred on the volume.
/// - Analyze (read as SPM2 Analyze, as `nibabel.load` does): the same diagonal, centred on the
///   SPM origin field when it holds a sensible voxel, else on the volume.
struct NIfTIAffine: Sendable {
    enum Source: Sendable, Equatable {
        case sform(code: Int)
        case qform(code: Int)
        /// Neither transform is set: voxel sizes only, centred on the volume.
        case voxelSizes
        /// Analyze: voxel sizes around SPM's origin voxel.
        case spmOrigin
    }

    /// The top three rows of the 4×4 matrix: RAS = rows × (i, j, k, 1).
    var rows: [[Double]]
    var source: Source
    var warnings: [String] = []

    static let xformNames = [0: "unknown", 1: "scanner", 2: "aligned", 3: "talairach", 4: "mni", 5: "template"]

    static func best(for header: NIfTIHeader) -> NIfTIAffine {
        if header.kind == .analyze { return spm(header) }
        // nibabel resets codes it does not know to 0.
        let sformCode = xformNames[header.sformCode] == nil ? 0 : header.sformCode
        let qformCode = xformNames[header.qformCode] == nil ? 0 : header.qformCode
        if sformCode > 0 {
            return NIfTIAffine(rows: header.srow, source: .sform(code: sformCode))
        }
        if qformCode > 0 { return qform(header, code: qformCode) }
        return centred(header)
    }

    /// pixdim[1…3] as nibabel fixes them on loading: 0 becomes 1, negatives their magnitude.
    static func voxelSizes(_ header: NIfTIHeader) -> SIMD3<Double> {
        SIMD3((1...3).map { n -> Double in
            let v = header.pixdim[n]
            return v == 0 ? 1 : abs(v)
        })
    }

    /// The qform: rotation from the quaternion (b, c, d; a ≥ 0 implied), voxel sizes, z sign qfac.
    static func qform(_ header: NIfTIHeader, code: Int) -> NIfTIAffine {
        var warnings: [String] = []
        let (b, c, d) = (header.quaternion.x, header.quaternion.y, header.quaternion.z)
        // nibabel's threshold: three float32 epsilons for NIfTI-1, three float64 ones for NIfTI-2.
        let threshold = header.kind == .nifti2 ? 3 * Double.ulpOfOne : 3 * Double(Float.ulpOfOne)
        let w2 = 1 - (b * b + c * c + d * d)
        var a = 0.0
        if abs(w2) >= threshold {
            if w2 < 0 {
                warnings.append("the qform quaternion (b, c, d) is longer than 1; it is normalised")
            } else {
                a = w2.squareRoot()
            }
        }
        let rotation = rotationMatrix(a, b, c, d)
        var zooms = voxelSizes(header)
        let qfac = header.pixdim[0] == -1 ? -1.0 : 1.0
        zooms.z *= qfac
        let rows = (0..<3).map { r in
            (0..<3).map { col in rotation[r][col] * zooms[col] } + [header.qoffset[r]]
        }
        return NIfTIAffine(rows: rows, source: .qform(code: code), warnings: warnings)
    }

    /// Rotation matrix of the quaternion (a, b, c, d), normalising it (identity when it is ~0).
    static func rotationMatrix(_ w: Double, _ x: Double, _ y: Double, _ z: Double) -> [[Double]] {
        let n = w * w + x * x + y * y + z * z
        guard n >= Double.ulpOfOne else { return [[1, 0, 0], [0, 1, 0], [0, 0, 1]] }
        let s = 2 / n
        let (X, Y, Z) = (x * s, y * s, z * s)
        let (wX, wY, wZ) = (w * X, w * Y, w * Z)
        let (xX, xY, xZ) = (x * X, x * Y, x * Z)
        let (yY, yZ, zZ) = (y * Y, y * Z, z * Z)
        return [
            [1 - (yY + zZ), xY - wZ, xZ + wY],
            [xY + wZ, 1 - (xX + zZ), yZ - wX],
            [xZ - wY, yZ + wX, 1 - (xX + yY)],
        ]
    }

    /// nibabel's `shape_zoom_affine(shape, zooms, x_flip=True)` over the first three axes.
    static func centred(_ header: NIfTIHeader) -> NIfTIAffine {
        let n = max(0, min(header.ndim, 7))
        var shape = SIMD3<Double>(1, 1, 1), zooms = SIMD3<Double>(1, 1, 1)
        let fixed = voxelSizes(header)
        for axis in 0..<min(n, 3) {
            shape[axis] = Double(header.dim[axis + 1])
            zooms[axis] = fixed[axis]
        }
        return diagonal(zooms: zooms, centre: (shape - 1) / 2, source: .voxelSizes)
    }

    /// SPM99/SPM2 Analyze: the origin field (1-based voxel) when it lies within reason of the
    /// volume, else the centre of the volume.
    static func spm(_ header: NIfTIHeader) -> NIfTIAffine {
        let dims = SIMD3<Double>((1...3).map { Double(header.dim[$0]) })
        let origin = SIMD3<Double>((header.analyzeFields?.spmOrigin ?? [0, 0, 0]).prefix(3).map(Double.init))
        let usable = origin != .zero && (0..<3).allSatisfy { origin[$0] > -dims[$0] && origin[$0] < dims[$0] * 2 }
        if usable {
            return diagonal(zooms: voxelSizes(header), centre: origin - 1, source: .spmOrigin)
        }
        return diagonal(zooms: voxelSizes(header), centre: (dims - 1) / 2, source: .voxelSizes)
    }

    private static func diagonal(zooms: SIMD3<Double>, centre: SIMD3<Double>, source: Source) -> NIfTIAffine {
        var z = zooms
        z.x = -z.x  // Analyze convention: stored left to right is radiological, x runs to the left
        let rows = (0..<3).map { r in
            (0..<3).map { c in r == c ? z[r] : 0 } + [-centre[r] * z[r]]
        }
        return NIfTIAffine(rows: rows, source: source)
    }

    /// The LPS geometry and any warnings: this transform's, or, when it is degenerate, the
    /// voxel sizes' (and, should even those be unusable, unit voxels at the origin).
    func geometry(orFallbackFor header: NIfTIHeader) -> (VolumeGeometry, [String]) {
        if let geometry = lpsGeometry { return (geometry, warnings) }
        let fallback = NIfTIAffine.centred(header).lpsGeometry ?? VolumeGeometry()
        return (fallback, warnings + [
            "the \(NIfTIHeaderFields.sourceName(source)) matrix is degenerate; the voxel sizes are used instead",
        ])
    }

    /// The same transform in slicemark's LPS geometry: x and y negated, the 3×3 part split into
    /// spacing (column lengths) and direction (unit columns), so that every voxel lands where
    /// nibabel puts it, shears included. Nil when the matrix cannot be a geometry (a zero or
    /// non-finite column, or columns that do not span space).
    var lpsGeometry: VolumeGeometry? {
        let flip = SIMD3<Double>(-1, -1, 1)
        var spacing = SIMD3<Double>.zero
        var columns: [SIMD3<Double>] = []
        for c in 0..<3 {
            let column = SIMD3((0..<3).map { rows[$0][c] }) * flip
            let norm = length(column)
            guard norm.isFinite, norm > 1e-12 else { return nil }
            spacing[c] = norm
            columns.append(column / norm)
        }
        let origin = SIMD3((0..<3).map { rows[$0][3] }) * flip
        guard origin.x.isFinite, origin.y.isFinite, origin.z.isFinite else { return nil }
        let direction = Matrix3(columns: columns)
        guard abs(direction.determinant) > 1e-6 else { return nil }
        return VolumeGeometry(origin: origin, spacing: spacing, direction: direction)
    }
}
