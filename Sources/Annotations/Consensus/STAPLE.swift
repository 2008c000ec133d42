import VolumeKit

/// STAPLE (Warfield, Zou and Wells 2004) of several annotators' masks of one label, computed
/// as ITK's `STAPLEImageFilter` computes it with its defaults (confidence weight 1, no
/// iteration limit):
///
/// - W starts as the share of annotators marking each voxel; the prior g is the mean of W over
///   the grid.
/// - Each iteration sets every annotator's sensitivity p = Σ W·D / Σ W and specificity
///   q = Σ (1 − W)(1 − D) / Σ (1 − W), then W = g·α / (g·α + (1 − g)·β) with α = Π p or (1 − p)
///   and β = Π (1 − q) or q over the annotators, as each marked the voxel or not.
/// - It stops, from the second iteration on, when no p or q moved by more than 1e-7 (squared
///   change ≤ 1e-14), or after `maximumIterations`.
///
/// W depends only on which annotators marked a voxel, so the sums run over the 2ⁿ patterns of
/// marks, each weighted by its number of voxels: the same figures as voxel by voxel, in time
/// independent of the grid's size after one counting pass.
public struct STAPLE: Sendable {
    public static let convergence = 1e-14
    public static let defaultMaximumIterations = 1000

    /// Probability of each pattern (bit r set: annotator r marked the voxel).
    public var probability: [Double]
    public var sensitivity: [Double]
    public var specificity: [Double]
    public var iterations: Int

    /// `counts[pattern]` voxels have that pattern of marks; `raters` annotators (at most 16).
    public init(counts: [Int], raters: Int, maximumIterations: Int = STAPLE.defaultMaximumIterations) {
        precondition(raters >= 1 && raters <= 16 && counts.count == 1 << raters)
        let patterns = counts.count
        let marked = (0..<patterns).map { pattern in (0..<raters).map { pattern & (1 << $0) != 0 } }
        var w = (0..<patterns).map { Double($0.nonzeroBitCount) / Double(raters) }
        let total = Double(counts.reduce(0, +))
        let g = zip(w, counts).reduce(0.0) { $0 + $1.0 * Double($1.1) } / total
        var p = [Double](repeating: 0, count: raters), q = p
        var lastP = [Double](repeating: -10, count: raters), lastQ = lastP
        var iteration = 0
        while iteration < maximumIterations {
            for r in 0..<raters {
                var pNum = 0.0, pDen = 0.0, qNum = 0.0, qDen = 0.0
                for pattern in 0..<patterns where counts[pattern] > 0 {
                    let n = Double(counts[pattern])
                    if marked[pattern][r] { pNum += n * w[pattern] } else { qNum += n * (1 - w[pattern]) }
                    pDen += n * w[pattern]
                    qDen += n * (1 - w[pattern])
                }
                p[r] = pNum / pDen
                q[r] = qNum / qDen
            }
            for pattern in 0..<patterns {
                var alpha = 1.0, beta = 1.0
                for r in 0..<raters {
                    if marked[pattern][r] { alpha *= p[r]; beta *= 1 - q[r] } else { alpha *= 1 - p[r]; beta *= q[r] }
                }
                w[pattern] = g * alpha / (g * alpha + (1 - g) * beta)
            }
            var converged = iteration != 0
            if converged {
                for r in 0..<raters where (p[r] - lastP[r]) * (p[r] - lastP[r]) > Self.convergence
                    || (q[r] - lastQ[r]) * (q[r] - lastQ[r]) > Self.convergence {
                    converged = false
                    break
                }
            }
            lastP = p
            lastQ = q
            if converged { break }
            iteration += 1
        }
        probability = w
        sensitivity = p
        specificity = q
        iterations = iteration
    }

    public struct Result: Sendable {
        public var map: LabelMap
        /// Per label value: the STAPLE of that label's masks.
        public var labels: [UInt16: STAPLE]
    }

    /// A label map from STAPLE run on each label value alone (the annotators' masks of that
    /// value): a voxel takes the value whose probability is highest and above 0.5 (the lower
    /// value on a tie), else 0.
    public static func labelMap(_ maps: [LabelMap], maximumIterations: Int = defaultMaximumIterations) -> Result {
        precondition(!maps.isEmpty && maps.count <= 16 && maps.allSatisfy { $0.dimensions == maps[0].dimensions })
        let first = maps[0]
        let n = first.voxelsPerSlice
        var values = Set<UInt16>()
        for map in maps { values.formUnion(map.counts().keys) }
        var out = LabelMap(width: first.width, height: first.height, depth: first.depth, geometry: first.geometry)
        if maps.contains(where: \.isWide) { out.makeWide() }
        var results: [UInt16: STAPLE] = [:]
        var best = [Double](repeating: 0.5, count: first.voxelCount)
        for value in values.sorted() {
            var patterns = [Int](repeating: 0, count: 1 << maps.count)
            var voxelPattern = [UInt16](repeating: 0, count: first.voxelCount)
            for (r, map) in maps.enumerated() {
                for k in 0..<first.depth {
                    map.withSlice(k) { low, high in
                        for o in 0..<n where (high.map { UInt16(low[o]) | UInt16($0[o]) << 8 } ?? UInt16(low[o])) == value {
                            voxelPattern[k * n + o] |= UInt16(1 << r)
                        }
                    }
                }
            }
            for pattern in voxelPattern { patterns[Int(pattern)] += 1 }
            let staple = STAPLE(counts: patterns, raters: maps.count, maximumIterations: maximumIterations)
            results[value] = staple
            for k in 0..<first.depth {
                out.withMutableSlice(k) { low, high in
                    for o in 0..<n {
                        let w = staple.probability[Int(voxelPattern[k * n + o])]
                        if w > best[k * n + o] {
                            best[k * n + o] = w
                            low[o] = UInt8(truncatingIfNeeded: value)
                            high?[o] = UInt8(truncatingIfNeeded: value >> 8)
                        }
                    }
                }
            }
        }
        return Result(map: out, labels: results)
    }
}
