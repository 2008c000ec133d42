extension DistanceTransform {
    /// For each voxel of `queries` (linear indices on a `width × height × depth` grid, x
    /// fastest), the Euclidean distance in mm from its centre to the nearest voxel centre of
    /// `features`; nil when there is no feature.
    ///
    /// The exact transform of `distance(toNearest:)` in three dimensions (a 1D scan along x,
    /// then Felzenszwalb and Huttenlocher's lower envelope of parabolas along y and z), run on
    /// the bounding box of features and queries only: every feature lies in that box, so the
    /// distances it gives its queries are the distances on the whole grid. Along z it runs only
    /// through the columns that hold a query and reads the result at the queries alone. Lines
    /// are taken sixteen neighbours at a time, so each memory access brings in a whole cache
    /// line of them.
    static func distances(from queries: [Int], toNearest features: [Int], width: Int, height: Int, depth: Int,
                          spacing: SIMD3<Double>) -> [Double]? {
        guard !features.isEmpty else { return nil }
        guard !queries.isEmpty else { return [] }
        let slice = width * height
        var lo = SIMD3<Int>(repeating: .max), hi = SIMD3<Int>(repeating: .min)
        for o in features + queries {
            let p = SIMD3(o % width, (o / width) % height, o / slice)
            lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p)
        }
        let bx = hi.x - lo.x + 1, by = hi.y - lo.y + 1, bz = hi.z - lo.z + 1
        let bslice = bx * by
        func boxIndex(_ o: Int) -> Int {
            let i = o % width - lo.x, j = (o / width) % height - lo.y, k = o / slice - lo.z
            return (k * by + j) * bx + i
        }
        // The queries of each column (x, y), by z: a counting sort.
        var columnStart = [Int](repeating: 0, count: bslice + 1)
        let boxQueries = queries.map(boxIndex)
        for q in boxQueries { columnStart[q % bslice + 1] += 1 }
        for c in 0..<bslice { columnStart[c + 1] += columnStart[c] }
        var fill = columnStart
        var byColumn = [Int](repeating: 0, count: boxQueries.count)  // index into queries
        for (n, q) in boxQueries.enumerated() {
            byColumn[fill[q % bslice]] = n
            fill[q % bslice] += 1
        }
        var result = [Double](repeating: 0, count: queries.count)

        let block = 16, longest = max(bx, by, bz)
        let f = UnsafeMutableBufferPointer<Double>.allocate(capacity: bx * by * bz)
        let lines = UnsafeMutablePointer<Double>.allocate(capacity: block * longest)
        let outs = UnsafeMutablePointer<Double>.allocate(capacity: block * longest)
        let v = UnsafeMutablePointer<Int>.allocate(capacity: longest)
        let z = UnsafeMutablePointer<Double>.allocate(capacity: longest + 1)
        defer { f.deallocate(); lines.deallocate(); outs.deallocate(); v.deallocate(); z.deallocate() }
        f.initialize(repeating: .infinity)
        var featureRows = [Bool](repeating: false, count: by * bz)
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
                lines[i] = Double(i - last)
            }
            last = Int.max / 2
            for i in stride(from: bx - 1, through: 0, by: -1) {
                if f[base + i] == 0 { last = i }
                let d = min(lines[i], Double(last - i))
                f[base + i] = d > Double(bx) ? .infinity : d * d * sx2
            }
        }
        // Along y, slice by slice (skipping slices without a feature), sixteen x at a time.
        let sy2 = spacing.y * spacing.y
        for k in 0..<bz where (0..<by).contains(where: { featureRows[k * by + $0] }) {
            let base = k * bslice
            for i0 in stride(from: 0, to: bx, by: block) {
                let n = min(block, bx - i0)
                for j in 0..<by {
                    let row = base + j * bx + i0
                    for b in 0..<n { lines[b * longest + j] = f[row + b] }
                }
                for b in 0..<n { envelope(lines + b * longest, count: by, scale: sy2, into: outs + b * longest, v: v, z: z) }
                for j in 0..<by {
                    let row = base + j * bx + i0
                    for b in 0..<n { f[row + b] = outs[b * longest + j] }
                }
            }
        }
        // Along z, sixteen neighbouring columns at a time, only where a query is; the result
        // is read at the queries.
        let sz2 = spacing.z * spacing.z
        for c0 in stride(from: 0, to: bslice, by: block) {
            let n = min(block, bslice - c0)
            guard columnStart[c0 + n] > columnStart[c0] else { continue }
            for k in 0..<bz {
                let row = k * bslice + c0
                for b in 0..<n { lines[b * longest + k] = f[row + b] }
            }
            for b in 0..<n where columnStart[c0 + b + 1] > columnStart[c0 + b] {
                envelope(lines + b * longest, count: bz, scale: sz2, into: outs + b * longest, v: v, z: z)
                for slot in columnStart[c0 + b]..<columnStart[c0 + b + 1] {
                    let q = byColumn[slot]
                    result[q] = outs[b * longest + boxQueries[q] / bslice].squareRoot()
                }
            }
        }
        return result
    }

    /// d(q) = min over p of scale·(q − p)² + f(p), skipping infinite f: Felzenszwalb and
    /// Huttenlocher's lower envelope of parabolas, on buffers the caller keeps (`v` and `z` hold
    /// n and n + 1 values). The 2D and 3D transforms both run on it.
    static func envelope(_ f: UnsafeMutablePointer<Double>, count n: Int, scale: Double,
                                 into d: UnsafeMutablePointer<Double>, v: UnsafeMutablePointer<Int>, z: UnsafeMutablePointer<Double>) {
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
