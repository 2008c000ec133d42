import VolumeKit

extension LabelPainting {
    /// 3D region growing: every voxel 6-connected (sharing a face) to `seed` through voxels whose
    /// real value lies in `range` (inclusive), like ITK's ConnectedThreshold with face
    /// connectivity. The region is then painted with `brush` (its mode and range still apply).
    ///
    /// Nothing is changed when the region would exceed `limit` voxels (`.limitReached`) or when
    /// `progress`, called with the region's size every 65 536 voxels, returns false
    /// (`.cancelled`).
    public static func grow(_ map: inout LabelMap, from seed: SIMD3<Int>, range: ClosedRange<Double>, brush: LabelBrush,
                            image: Volume, timepoint: Int, limit: Int,
                            progress: (Int) -> Bool) throws(LabelToolError) -> LabelEdit {
        let region = try connectedRegion(map: map, from: seed, range: range, image: image, timepoint: timepoint,
                                         limit: limit, progress: progress)
        return paint(&map, sortedIndices: region, brush: brush,
                     sampler: ImageSampler(image: image, timepoint: timepoint, map: map))
    }

    /// The grown region's linear indices, ascending.
    public static func connectedRegion(map: LabelMap, from seed: SIMD3<Int>, range: ClosedRange<Double>, image: Volume,
                                       timepoint: Int, limit: Int,
                                       progress: (Int) -> Bool) throws(LabelToolError) -> [UInt32] {
        guard map.contains(seed.x, seed.y, seed.z) else { throw .seedOutsideImage(seed) }
        let sampler = ImageSampler(image: image, timepoint: timepoint, map: map)
        let w = map.width, h = map.height, d = map.depth, perSlice = map.voxelsPerSlice
        let start = (seed.z * h + seed.y) * w + seed.x
        let seedValue = sampler.value(start)
        guard range.contains(seedValue) else { throw .seedOutsideRange(value: seedValue, range: range) }
        let lo = range.lowerBound, hi = range.upperBound
        // Voxels already looked at (in the region or refused), one bit each; and the region.
        var seen = [UInt64](repeating: 0, count: (map.voxelCount + 63) / 64)
        var inside = [UInt64](repeating: 0, count: seen.count)
        var queue: [UInt32] = [UInt32(start)]
        queue.reserveCapacity(min(max(limit, 1), 1 << 20) + 1)
        var lowest = start, highest = start
        var failure: LabelToolError?
        seen.withUnsafeMutableBufferPointer { seen in
            inside.withUnsafeMutableBufferPointer { inside in
                seen[start >> 6] |= 1 << UInt64(start & 63)
                inside[start >> 6] |= 1 << UInt64(start & 63)
                var head = 0, nextReport = 65536
                @inline(__always) func visit(_ n: Int) -> Bool {
                    let word = n >> 6, bit = UInt64(1) << UInt64(n & 63)
                    if seen[word] & bit != 0 { return true }
                    seen[word] |= bit
                    let v = sampler.value(n)
                    guard v >= lo && v <= hi else { return true }
                    inside[word] |= bit
                    queue.append(UInt32(n))
                    if n < lowest { lowest = n }
                    if n > highest { highest = n }
                    return queue.count <= limit
                }
                while head < queue.count {
                    let n = Int(queue[head])
                    head += 1
                    let k = n / perSlice, rest = n - k * perSlice, j = rest / w, i = rest - j * w
                    if (i > 0 && !visit(n - 1)) || (i < w - 1 && !visit(n + 1))
                        || (j > 0 && !visit(n - w)) || (j < h - 1 && !visit(n + w))
                        || (k > 0 && !visit(n - perSlice)) || (k < d - 1 && !visit(n + perSlice)) {
                        failure = .limitReached(limit: limit)
                        return
                    }
                    if queue.count >= nextReport {
                        nextReport = queue.count + 65536
                        if !progress(queue.count) {
                            failure = .cancelled(voxels: queue.count)
                            return
                        }
                    }
                }
            }
        }
        if let failure { throw failure }
        if queue.count > limit { throw .limitReached(limit: limit) }
        // Read the region back from its bitmap in index order: no sort needed.
        var sorted: [UInt32] = []
        sorted.reserveCapacity(queue.count)
        inside.withUnsafeBufferPointer { inside in
            for word in (lowest >> 6)...(highest >> 6) {
                var bits = inside[word]
                while bits != 0 {
                    sorted.append(UInt32(word << 6 + bits.trailingZeroBitCount))
                    bits &= bits - 1
                }
            }
        }
        return sorted
    }
}
