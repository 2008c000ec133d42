/// A 3×3 matrix stored as three columns.
public struct Matrix3: Sendable, Equatable, Codable {
    public var columns: [SIMD3<Double>]

    public init(columns: [SIMD3<Double>]) {
        precondition(columns.count == 3)
        self.columns = columns
    }

    public static let identity = Matrix3(columns: [[1, 0, 0], [0, 1, 0], [0, 0, 1]])

    public static func * (m: Matrix3, v: SIMD3<Double>) -> SIMD3<Double> {
        m.columns[0] * v.x + m.columns[1] * v.y + m.columns[2] * v.z
    }

    /// Element at `row`, `column`.
    public subscript(row: Int, column: Int) -> Double { columns[column][row] }

    public var determinant: Double {
        let a = columns[0], b = columns[1], c = columns[2]
        return a.x * (b.y * c.z - b.z * c.y) - b.x * (a.y * c.z - a.z * c.y) + c.x * (a.y * b.z - a.z * b.y)
    }

    public var inverse: Matrix3? {
        let d = determinant
        guard abs(d) > 1e-12 else { return nil }
        let m = { (r: Int, c: Int) in self[r, c] }
        func cofactor(_ r: Int, _ c: Int) -> Double {
            let rows = (0..<3).filter { $0 != r }, cols = (0..<3).filter { $0 != c }
            let minor = m(rows[0], cols[0]) * m(rows[1], cols[1]) - m(rows[0], cols[1]) * m(rows[1], cols[0])
            return ((r + c) % 2 == 0 ? 1 : -1) * minor
        }
        // inverse[r][c] = cofactor(c, r) / det
        return Matrix3(columns: (0..<3).map { c in
            SIMD3((0..<3).map { r in cofactor(c, r) / d })
        })
    }
}

public func dot(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double { (a * b).sum() }

public func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
    SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
}

public func length(_ a: SIMD3<Double>) -> Double { dot(a, a).squareRoot() }

/// Where voxels are in the patient, ITK style, in LPS millimetres: `origin` is the centre of
/// voxel (0, 0, 0); column `a` of `direction` is the unit vector of voxel axis `a`; `spacing`
/// is the distance between voxel centres along each axis.
///
/// `spacingSource` says where the in-plane spacing came from; when it is `.unknown` the spacing
/// is 1 per pixel and positions and lengths are in pixels, not millimetres.
public struct VolumeGeometry: Sendable, Equatable, Codable {
    public var origin: SIMD3<Double>
    public var spacing: SIMD3<Double>
    public var direction: Matrix3
    public var spacingSource: SpacingSource

    public init(origin: SIMD3<Double> = .zero, spacing: SIMD3<Double> = .one, direction: Matrix3 = .identity,
                spacingSource: SpacingSource = .pixelSpacing) {
        self.origin = origin
        self.spacing = spacing
        self.direction = direction
        self.spacingSource = spacingSource
    }

    /// Whether the file gives a pixel spacing: lengths in mm mean something.
    public var spacingKnown: Bool { spacingSource != .unknown }

    enum CodingKeys: String, CodingKey { case origin, spacing, direction, spacingSource }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        origin = try c.decode(SIMD3<Double>.self, forKey: .origin)
        spacing = try c.decode(SIMD3<Double>.self, forKey: .spacing)
        direction = try c.decode(Matrix3.self, forKey: .direction)
        spacingSource = try c.decodeIfPresent(SpacingSource.self, forKey: .spacingSource) ?? .pixelSpacing
    }

    /// Patient LPS position (mm) of a continuous voxel index.
    public func patientPosition(ofIndex index: SIMD3<Double>) -> SIMD3<Double> {
        origin + direction * (index * spacing)
    }

    /// Continuous voxel index of a patient LPS position (mm).
    public func index(ofPatientPosition point: SIMD3<Double>) -> SIMD3<Double> {
        guard let inverse = direction.inverse else { return .zero }
        return (inverse * (point - origin)) / spacing
    }

    /// The 4×4 index → LPS matrix, row-major, as a list of rows.
    public var indexToPatient: [[Double]] {
        var rows: [[Double]] = []
        for r in 0..<3 {
            rows.append((0..<3).map { c in direction[r, c] * spacing[c] } + [origin[r]])
        }
        rows.append([0, 0, 0, 1])
        return rows
    }
}

/// Where a volume's in-plane pixel spacing comes from (DICOM PS3.3 10.7.1.1):
///
/// - `pixelSpacing`: the spacing in the patient as the file states it: DICOM Pixel Spacing
///   (0028,0030) (for a projection image with neither Imager Pixel Spacing nor a calibration
///   type it cannot be told whether it was corrected for magnification), NIfTI/Analyze pixdim.
/// - `imagerPixelSpacing`: DICOM Imager Pixel Spacing (0018,1164), alone or equal to Pixel
///   Spacing: measured at the front of the detector, so lengths in the patient are smaller by
///   the geometric magnification (not corrected).
/// - `calibrated`: Pixel Spacing corrected for magnification or calibrated against an object of
///   known size: Pixel Spacing Calibration Type (0028,0A02) is present, or Pixel Spacing differs
///   from Imager Pixel Spacing.
/// - `unknown`: no usable spacing (absent, or `0\0`): 1 per pixel, lengths in pixels.
public enum SpacingSource: String, Sendable, Codable, CaseIterable {
    case pixelSpacing, imagerPixelSpacing, calibrated, unknown
}
