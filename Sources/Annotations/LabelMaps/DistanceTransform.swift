/// Exact Euclidean distance transforms of 2D masks in millimetres (Felzenszwalb and
/// Huttenlocher's lower envelope of parabolas, one pass along each axis), as
/// `scipy.ndimage.distance_transform_edt` computes them with `sampling`.
enum DistanceTransform {
    /// A stand-in for "no such pixel in the plane": large, but finite so blends stay finite.
    static let far = 1e30

    /// For each pixel, the distance (mm) from its centre to the nearest pixel centre where
    /// `feature` is true; `far` when there is none. Row-major, `width × height`.
    static func distance(toNearest feature: [Bool], width: Int, height: Int, spacing: SIMD2<Double>) -> [Double] {
        var f = feature.map { $0 ? 0.0 : Double.infinity }
        var line = [Double](repeating: 0, count: max(width, height))
        var out = [Double](repeating: 0, count: max(width, height))
        var v = [Int](repeating: 0, count: max(width, height))
        var z = [Double](repeating: 0, count: max(width, height) + 1)
        // Along columns (y), then along rows (x) on the result.
        for x in 0..<width {
            for y in 0..<height { line[y] = f[y * width + x] }
            envelope(line, count: height, scale: spacing.y * spacing.y, into: &out, v: &v, z: &z)
            for y in 0..<height { f[y * width + x] = out[y] }
        }
        for y in 0..<height {
            for x in 0..<width { line[x] = f[y * width + x] }
            envelope(line, count: width, scale: spacing.x * spacing.x, into: &out, v: &v, z: &z)
            for x in 0..<width { f[y * width + x] = out[x] }
        }
        return f.map { $0.isFinite ? $0.squareRoot() : far }
    }

    /// Signed distance: negative inside (minus the distance to the nearest outside pixel),
    /// positive outside (the distance to the nearest inside pixel), as
    /// `edt(~mask) − edt(mask)`.
    static func signed(_ mask: [Bool], width: Int, height: Int, spacing: SIMD2<Double>) -> [Double] {
        let toInside = distance(toNearest: mask, width: width, height: height, spacing: spacing)
        let toOutside = distance(toNearest: mask.map { !$0 }, width: width, height: height, spacing: spacing)
        return zip(toInside, toOutside).map { $0 - $1 }
    }

    /// d(q) = min over p of scale·(q − p)² + f(p), skipping infinite f.
    private static func envelope(_ f: [Double], count n: Int, scale: Double, into d: inout [Double],
                                 v: inout [Int], z: inout [Double]) {
        var k = -1
        for q in 0..<n where f[q].isFinite {
            let fq = f[q] + scale * Double(q * q)
            var s = 0.0
            while k >= 0 {
                let p = v[k]
                s = (fq - (f[p] + scale * Double(p * p))) / (2 * scale * Double(q - p))
                if s > z[k] { break }
                k -= 1
            }
            k += 1
            v[k] = q
            z[k] = k == 0 ? -Double.infinity : s
            z[k + 1] = .infinity
        }
        guard k >= 0 else {
            for q in 0..<n { d[q] = .infinity }
            return
        }
        var j = 0
        for q in 0..<n {
            while z[j + 1] < Double(q) { j += 1 }
            let p = v[j], dq = Double(q - p)
            d[q] = scale * dq * dq + f[p]
        }
    }
}
