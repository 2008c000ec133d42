import VolumeKit

/// Per-voxel majority of several label maps on one grid, as ITK's `LabelVotingImageFilter`
/// with `labelForUndecidedPixels` 0: every map casts one vote per voxel, background (0)
/// included; the value with the most votes wins; a tie for the most votes gives 0 and is
/// counted.
public enum LabelVoting {
    public struct Result: Sendable {
        public var map: LabelMap
        public var ties: Int
    }

    public static func majority(_ maps: [LabelMap]) -> Result {
        precondition(!maps.isEmpty && maps.allSatisfy { $0.dimensions == maps[0].dimensions }, "label maps on different grids")
        let first = maps[0]
        var out = LabelMap(width: first.width, height: first.height, depth: first.depth, geometry: first.geometry)
        if maps.contains(where: \.isWide) { out.makeWide() }
        var ties = 0
        let n = first.voxelsPerSlice
        var values = [UInt16](repeating: 0, count: maps.count)
        var slices = [[UInt16]](repeating: [UInt16](repeating: 0, count: n), count: maps.count)
        var result = [UInt16](repeating: 0, count: n)
        for k in 0..<first.depth {
            for (m, map) in maps.enumerated() {
                map.withSlice(k) { low, high in
                    for o in 0..<n { slices[m][o] = high.map { UInt16(low[o]) | UInt16($0[o]) << 8 } ?? UInt16(low[o]) }
                }
            }
            for o in 0..<n {
                for m in 0..<maps.count { values[m] = slices[m][o] }
                let (value, tie) = mode(values)
                result[o] = value
                if tie { ties += 1 }
            }
            out.withMutableSlice(k) { low, high in
                for o in 0..<n {
                    low[o] = UInt8(truncatingIfNeeded: result[o])
                    high?[o] = UInt8(truncatingIfNeeded: result[o] >> 8)
                }
            }
        }
        return Result(map: out, ties: ties)
    }

    /// The most frequent value, or (0, true) when two values share the most votes.
    static func mode(_ values: [UInt16]) -> (UInt16, Bool) {
        var best: UInt16 = 0, bestCount = 0, tie = false
        let n = values.count
        for i in 0..<n {
            let v = values[i]
            // Count each distinct value once, at its first occurrence.
            var seen = false
            for j in 0..<i where values[j] == v { seen = true; break }
            if seen { continue }
            var count = 0
            for j in i..<n where values[j] == v { count += 1 }
            if count > bestCount {
                (best, bestCount, tie) = (v, count, false)
            } else if count == bestCount {
                tie = true
            }
        }
        return tie ? (0, true) : (best, false)
    }
}
