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
        let w = map.width, h = map.height, d = map.depth
        let start = (seed.z * h + seed.y) * w + seed.x
        let seedValue = sampler.value(start)
        guard range.contains(seedValue) else { throw .seedOutsideRange(value: seedValue, range: range) }
        let outcome = withoutActuallyEscaping(progress) { progress in
            sampler.dispatch(GrowBody(width: w, height: h, depth: d, start: start, range: range, limit: limit,
                                      progress: progress))
        }
        switch outcome {
        case .failure(let failure): throw failure
        case .success(let region): return region
        }
    }
}

/// Breadth-first growing over typed samples, with two bitmaps (looked at; inside) and the
/// queue in plain memory; the region is read back from its bitmap in index order, so it needs
/// no sort.
private struct GrowBody: TypedSamplerBody {
    let width: Int, height: Int, depth: Int, start: Int
    let range: ClosedRange<Double>
    let limit: Int
    let progress: (Int) -> Bool

    func run<T: StoredSample>(_ samples: TypedSamples<T>) -> Result<[UInt32], LabelToolError> {
        let w = width, h = height, d = depth, perSlice = w * h, count = perSlice * d
        let lo = range.lowerBound, hi = range.upperBound
        let words = (count + 63) / 64
        let seen = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
        let inside = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
        seen.initialize(repeating: 0, count: words)
        inside.initialize(repeating: 0, count: words)
        defer {
            seen.deallocate()
            inside.deallocate()
        }
        var capacity = 1 << 16
        var queue = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
        defer { queue.deallocate() }
        var tail = 0, head = 0
        var lowest = start, highest = start
        seen[start >> 6] |= 1 << UInt64(start & 63)
        inside[start >> 6] |= 1 << UInt64(start & 63)
        queue[0] = UInt32(start)
        tail = 1
        var nextReport = 65536
        while head < tail {
            let n = Int(queue[head])
            head += 1
            let k = n / perSlice, rest = n - k * perSlice, j = rest / w, i = rest - j * w
            for q in 0..<6 {
                let next: Int
                switch q {
                case 0: guard i > 0 else { continue }; next = n - 1
                case 1: guard i < w - 1 else { continue }; next = n + 1
                case 2: guard j > 0 else { continue }; next = n - w
                case 3: guard j < h - 1 else { continue }; next = n + w
                case 4: guard k > 0 else { continue }; next = n - perSlice
                default: guard k < d - 1 else { continue }; next = n + perSlice
                }
                let word = next >> 6, bit = UInt64(1) << UInt64(next & 63)
                if seen[word] & bit != 0 { continue }
                seen[word] |= bit
                let v = samples.value(next)
                guard v >= lo && v <= hi else { continue }
                inside[word] |= bit
                if tail == capacity {
                    let bigger = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity * 2)
                    bigger.moveInitialize(from: queue, count: capacity)
                    queue.deallocate()
                    queue = bigger
                    capacity *= 2
                }
                queue[tail] = UInt32(next)
                tail += 1
                if next < lowest { lowest = next }
                if next > highest { highest = next }
                if tail > limit { return .failure(.limitReached(limit: limit)) }
            }
            if tail >= nextReport {
                nextReport = tail + 65536
                if !progress(tail) { return .failure(.cancelled(voxels: tail)) }
            }
        }
        if tail > limit { return .failure(.limitReached(limit: limit)) }
        var sorted: [UInt32] = []
        sorted.reserveCapacity(tail)
        for word in (lowest >> 6)...(highest >> 6) {
            var bits = inside[word]
            while bits != 0 {
                sorted.append(UInt32(word << 6 + bits.trailingZeroBitCount))
                bits &= bits - 1
            }
        }
        return .success(sorted)
    }
}
