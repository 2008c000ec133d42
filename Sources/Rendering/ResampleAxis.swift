/// For each screen pixel along one axis, which slice pixels it is made of and with what weight.
///
/// Minifying (fewer than one screen pixel per slice pixel) weights every slice pixel by how much
/// of it the screen pixel's footprint covers, so no row or column is skipped; magnifying takes
/// the nearest slice pixel or the two that bilinear interpolation blends. Screen pixels whose
/// centre falls outside the slice get `start == -1` and show the background.
///
/// The tables are rebuilt in place each frame; their storage is reused.
struct ResampleAxis {
    private(set) var start: [Int32] = []
    private(set) var count: [Int32] = []
    private(set) var offset: [Int32] = []
    private(set) var weights: [Float] = []

    /// - Parameters:
    ///   - first: slice coordinate of the centre of screen pixel 0
    ///   - scale: screen pixels per slice pixel
    mutating func build(outputs: Int, sourceCount n: Int, first: Double, scale: Double, interpolation: Interpolation) {
        start.removeAll(keepingCapacity: true)
        count.removeAll(keepingCapacity: true)
        offset.removeAll(keepingCapacity: true)
        weights.removeAll(keepingCapacity: true)
        let half = 0.5 / scale
        let lowEdge = -0.5, highEdge = Double(n) - 0.5
        for x in 0..<outputs {
            let u = first + Double(x) / scale
            offset.append(Int32(weights.count))
            guard u >= lowEdge, u < highEdge else {
                start.append(-1); count.append(0)
                continue
            }
            if scale < 1 - 1e-9 {
                let a = max(u - half, lowEdge), b = min(u + half, highEdge)
                let i0 = max(Int((a - 0.5).rounded(.down)) + 1, 0)
                let i1 = min(Int((b + 0.5).rounded(.up)) - 1, n - 1)
                var total = 0.0
                let firstWeight = weights.count
                for i in i0...max(i0, i1) {
                    let overlap = min(b, Double(i) + 0.5) - max(a, Double(i) - 0.5)
                    let w = max(overlap, 0)
                    weights.append(Float(w))
                    total += w
                }
                if total > 0 {
                    for k in firstWeight..<weights.count { weights[k] = Float(Double(weights[k]) / total) }
                } else {
                    weights[firstWeight] = 1
                }
                start.append(Int32(i0)); count.append(Int32(weights.count - firstWeight))
            } else if interpolation == .nearest {
                let i = min(max(Int((u + 0.5).rounded(.down)), 0), n - 1)
                start.append(Int32(i)); count.append(1); weights.append(1)
            } else {
                let i = Int(u.rounded(.down))
                let f = u - Double(i)
                if i < 0 {
                    start.append(0); count.append(1); weights.append(1)
                } else if i >= n - 1 || f == 0 {
                    start.append(Int32(min(i, n - 1))); count.append(1); weights.append(1)
                } else {
                    start.append(Int32(i)); count.append(2)
                    weights.append(Float(1 - f)); weights.append(Float(f))
                }
            }
        }
    }
}
