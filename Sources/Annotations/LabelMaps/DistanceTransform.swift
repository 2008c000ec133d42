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

    /// d(q) = min over p of scale·(q − p)² + f(p), skipping infinite f (see the pointer form).
    private static func envelope(_ f: [Double], count n: Int, scale: Double, into d: inout [Double],
                                 v: inout [Int], z: inout [Double]) {
        f.withUnsafeBufferPointer { f in
            d.withUnsafeMutableBufferPointer { d in
                v.withUnsafeMutableBufferPointer { v in
                    z.withUnsafeMutableBufferPointer { z in
                        // The envelope only reads f.
                        envelope(UnsafeMutablePointer(mutating: f.baseAddress!), count: n, scale: scale,
                                 into: d.baseAddress!, v: v.baseAddress!, z: z.baseAddress!)
                    }
                }
            }
        }
    }
}
