import VolumeKit

/// Which pixels of a slice a region covers. Points are pixel centres in the plane's screen
/// coordinates (column, row); a pixel belongs to a region when its centre does:
///
/// - rectangle: every pixel from one corner to the other, both corners included;
/// - ellipse: the ellipse inscribed in that same inclusive box — centre at the box's middle,
///   semi-axes half the box's width and height in pixels (so a 5×3 box gives 2.5 × 1.5) —
///   a pixel is inside when ((c − cx)/a)² + ((r − cy)/b)² ≤ 1;
/// - polygon: pixel centres inside the closed polygon through the vertices (even–odd rule) or
///   on one of its edges, so vertices and edges drawn on pixels are part of the region.
///
/// Pixels outside the slice are left out.
public enum RegionMask {
    public static func pixels(kind: AnnotationKind, points: [SIMD2<Int>], width: Int, height: Int) -> [SIMD2<Int>] {
        guard !points.isEmpty else { return [] }
        let minC = max(0, points.map(\.x).min()!), maxC = min(width - 1, points.map(\.x).max()!)
        let minR = max(0, points.map(\.y).min()!), maxR = min(height - 1, points.map(\.y).max()!)
        guard minC <= maxC, minR <= maxR else { return [] }
        let inside: (Int, Int) -> Bool
        switch kind {
        case .rectangle:
            inside = { _, _ in true }
        case .ellipse:
            let c0 = points.map(\.x).min()!, c1 = points.map(\.x).max()!
            let r0 = points.map(\.y).min()!, r1 = points.map(\.y).max()!
            let cx = Double(c0 + c1) / 2, cy = Double(r0 + r1) / 2
            let a = Double(c1 - c0 + 1) / 2, b = Double(r1 - r0 + 1) / 2
            inside = { c, r in
                let x = (Double(c) - cx) / a, y = (Double(r) - cy) / b
                return x * x + y * y <= 1
            }
        case .polygon:
            inside = { c, r in polygonContains(points, SIMD2(c, r)) }
        case .landmark, .distance, .angle, .cobb:
            return []
        }
        var result: [SIMD2<Int>] = []
        for r in minR...maxR {
            for c in minC...maxC where inside(c, r) { result.append(SIMD2(c, r)) }
        }
        return result
    }

    /// Even–odd test with edges counted as inside; exact in integers.
    static func polygonContains(_ vertices: [SIMD2<Int>], _ p: SIMD2<Int>) -> Bool {
        var inside = false
        var j = vertices.count - 1
        for i in 0..<vertices.count {
            let a = vertices[j], b = vertices[i]
            j = i
            let crossProduct = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)
            if crossProduct == 0,
               min(a.x, b.x) <= p.x, p.x <= max(a.x, b.x), min(a.y, b.y) <= p.y, p.y <= max(a.y, b.y) {
                return true
            }
            // Half-open rule on y so a vertex shared by two edges is counted once.
            if (a.y > p.y) != (b.y > p.y) {
                // x of the edge at height p.y, compared without division.
                let lhs = (p.x - a.x) * (b.y - a.y), rhs = (b.x - a.x) * (p.y - a.y)
                if (b.y - a.y) > 0 ? lhs < rhs : lhs > rhs { inside.toggle() }
            }
        }
        return inside
    }
}
