extension DistanceTransform {
    /// For each voxel of `queries` (linear indices on a `width × height × depth` grid, x
    /// fastest), the Euclidean distance in mm from its centre to the nearest voxel centre of
    /// `features`; nil when there is no feature.
    ///
    /// The exact transform of `distance(toNearest:)` in three dimensions (a 1D scan along x,
    /// then Felzenszwalb and Huttenlocher's lower envelope of parabolas along y and z), run on
    /// the bounding box of features and queries only: every feature lies in that box, so the
    /// distances it gives its queries are the distances on the whole grid. Along z it runs only
    /// through the columns that hold a query.
    static func distances(from queries: [Int], toNearest features: [Int], width: Int, height: Int, depth: Int,
                          spacing: SIMD3<Double>) -> [Double]? {
        guard !features.isEmpty else { return nil }
        guard !queries.isEmpty else { return [] }
        let slice = width * height
        var lo = SIMD3<Int>(repeating: .max), hi = SIMD3<Int>(repeating: .min)
        for o in features {
            let p = SIMD3(o % width, (o / width) % height, o / slice)
            lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p)
        }
        for o in queries {
            let p = SIMD3(o % width, (o / width) % height, o / slice)
            lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p)
        }
        let bx = hi.x - lo.x + 1, by = hi.y - lo.y + 1, bz = hi.z - lo.z + 1
        let bslice = bx * by
        func boxIndex(_ o: Int) -> Int {
            let i = o % width - lo.x, j = (o / width) % height - lo.y, k = o / slice - lo.z
            return (k * by + j) * bx + i
        }
        var f = [Double](repeating: .infinity, count: bx * by * bz)
        var featureRows = [Bool](repeating: false, count: by * bz)
        var columnsWanted = [Bool](repeating: false, count: bslice)
        let boxQueries = queries.map(boxIndex)
        for q in boxQueries { columnsWanted[q % bslice] = true }
        let longest = max(bx, by, bz)
        var line = [Double](repeating: 0, count: longest)
        var out = [Double](repeating: 0, count: longest)
        var v = [Int](repeating: 0, count: longest)
        var z = [Double](repeating: 0, count: longest + 1)
        f.withUnsafeMutableBufferPointer { f in
            for o in features {
                let b = boxIndex(o)
                f[b] = 0
                featureRows[b / bx] = true
            }
            // Along x: the distance to the nearest feature of the row, by two scans.
            let sx2 = spacing.x * spacing.x
            for row in 0..<(by * bz) where featureRows[row] {
                let base = row * bx
                var last = Int.min / 2
                for i in 0..<bx {
                    if f[base + i] == 0 { last = i }
                    line[i] = Double(i - last)
                }
                last = Int.max / 2
                for i in stride(from: bx - 1, through: 0, by: -1) {
                    if f[base + i] == 0 { last = i }
                    let d = min(line[i], Double(last - i))
                    f[base + i] = d > Double(bx) ? .infinity : d * d * sx2
                }
            }
            // Along y, slice by slice, skipping slices without a feature.
            let sy2 = spacing.y * spacing.y
            for k in 0..<bz {
                guard (0..<by).contains(where: { featureRows[k * by + $0] }) else { continue }
                let base = k * bslice
                for i in 0..<bx {
                    for j in 0..<by { line[j] = f[base + j * bx + i] }
                    envelope(line, count: by, scale: sy2, into: &out, v: &v, z: &z)
                    for j in 0..<by { f[base + j * bx + i] = out[j] }
                }
            }
            // Along z, only through the columns that hold a query.
            let sz2 = spacing.z * spacing.z
            for column in 0..<bslice where columnsWanted[column] {
                for k in 0..<bz { line[k] = f[k * bslice + column] }
                envelope(line, count: bz, scale: sz2, into: &out, v: &v, z: &z)
                for k in 0..<bz { f[k * bslice + column] = out[k] }
            }
        }
        return boxQueries.map { f[$0].squareRoot() }
    }

    /// d(q) = min over p of scale·(q − p)² + f(p), skipping infinite f (as `envelope` of the
    /// 2D transform, on buffers the caller keeps between lines).
    private static func envelope(_ f: [Double], count n: Int, scale: Double, into d: inout [Double],
                                 v: inout [Int], z: inout [Double]) {
        f.withUnsafeBufferPointer { f in
            d.withUnsafeMutableBufferPointer { d in
                v.withUnsafeMutableBufferPointer { v in
                    z.withUnsafeMutableBufferPointer { z in
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
            }
        }
    }
}
