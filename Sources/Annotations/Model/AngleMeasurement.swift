import Foundation

/// The angles slicemark measures, from LPS positions in millimetres (so a voxel spacing that
/// differs between axes is accounted for):
///
/// - `angle` (points A, V, B): the angle at the vertex V between V→A and V→B, 0–180°.
/// - `cobb` (points A1, A2, B1, B2): the angle between the line A1A2 and the line B1B2, taken
///   without regard to the direction each line was drawn in, so 0–90°: the Cobb angle between
///   two endplates, as read on a scoliosis or lumbar series.
///
/// nil when a line or arm has no length (two points on the same position).
public enum AngleMeasurement {
    public static func degrees(kind: AnnotationKind, points: [SIMD3<Double>]) -> Double? {
        switch kind {
        case .angle where points.count == 3:
            return between(points[0] - points[1], points[2] - points[1])
        case .cobb where points.count == 4:
            guard let a = between(points[1] - points[0], points[3] - points[2]) else { return nil }
            return a > 90 ? 180 - a : a
        default:
            return nil
        }
    }

    /// The angle between two vectors in degrees, 0–180, computed with atan2 of the cross and dot
    /// products (accurate near 0° and 180°, where acos of the cosine is not).
    static func between(_ u: SIMD3<Double>, _ v: SIMD3<Double>) -> Double? {
        let lu = (u * u).sum().squareRoot(), lv = (v * v).sum().squareRoot()
        guard lu > 0, lv > 0 else { return nil }
        let cross = SIMD3(u.y * v.z - u.z * v.y, u.z * v.x - u.x * v.z, u.x * v.y - u.y * v.x)
        let sine = (cross * cross).sum().squareRoot(), cosine = (u * v).sum()
        return atan2(sine, cosine) * 180 / .pi
    }
}
