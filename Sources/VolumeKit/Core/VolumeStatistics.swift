import Foundation

/// Minimum, maximum and mean of every sample after rescale (all channels, all timepoints).
public struct VolumeStatistics: Sendable, Equatable, Codable {
    public var min: Double
    public var max: Double
    public var mean: Double

    public init(min: Double, max: Double, mean: Double) {
        self.min = min
        self.max = max
        self.mean = mean
    }
}

extension Volume {
    public func statistics() -> VolumeStatistics {
        let count = sampleCount
        guard count > 0 else { return VolumeStatistics(min: 0, max: 0, mean: 0) }
        let raw = voxelType.dispatch(Scan(buffer: buffer, count: count))
        let a = rescale.apply(raw.min), b = rescale.apply(raw.max)
        return VolumeStatistics(min: Swift.min(a, b), max: Swift.max(a, b),
                                mean: rescale.apply(raw.counted > 0 ? raw.sum / Double(raw.counted) : 0))
    }

    /// Real-world values at the given percentiles (0–100) of all samples, from a
    /// 4096-bin histogram between min and max: exact enough for windowing.
    public func percentiles(_ ps: [Double], statistics known: VolumeStatistics? = nil) -> [Double] {
        let stats = known ?? statistics()
        let bins = 4096
        let span = stats.max - stats.min
        guard span > 0, sampleCount > 0 else { return ps.map { _ in stats.min } }
        let scale = Double(bins - 1) / span
        let stride = Swift.max(1, sampleCount / 4_000_000)
        let (histogram, counted) = voxelType.dispatch(
            HistogramOf(volume: self, bins: bins, stride: stride, minimum: stats.min, scale: scale))
        return ps.map { p in
            let target = Int((p / 100 * Double(counted)).rounded(.down))
            var cumulative = 0
            for (bin, c) in histogram.enumerated() {
                cumulative += c
                if cumulative > target { return stats.min + Double(bin) / scale }
            }
            return stats.max
        }
    }

    /// Counts every `stride`-th sample (after rescale, NaN left out) into `bins` bins from
    /// `minimum`, split over the cores; counts add up the same whatever the split.
    fileprivate func histogramOf<T: StoredSample>(_: T.Type, _ bins: Int, _ stride: Int, _ minimum: Double,
                                                  _ scale: Double) -> ([Int], Int) {
        let buffer = self.buffer, rescale = self.rescale
        return histogramParts(bins, stride) { from, to, histogram in
            let typed = buffer.bytes.assumingMemoryBound(to: T.self)
            for k in from..<to {
                let v = rescale.apply(typed[k * stride].doubleValue)
                histogram[v.isNaN ? bins : Int((v - minimum) * scale)] += 1
            }
        }
    }

    /// Runs `count(from, to, &histogram)` over parts of the sample indices on all cores and adds
    /// the parts' histograms; the extra last bin holds the NaN samples, left out of the total.
    private func histogramParts(_ bins: Int, _ stride: Int,
                                _ count: @escaping @Sendable (Int, Int, inout [Int]) -> Void) -> ([Int], Int) {
        let samples = (sampleCount + stride - 1) / stride
        let parts = Swift.max(1, Swift.min(8, samples / 65536))
        let results = ConcurrentSlots<[Int]>(count: parts)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            var histogram = [Int](repeating: 0, count: bins + 1)
            count(part * samples / parts, (part + 1) * samples / parts, &histogram)
            results.set(part, histogram)
        }
        var total = [Int](repeating: 0, count: bins + 1)
        for histogram in results.values {
            for bin in 0...bins { total[bin] += histogram[bin] }
        }
        let nan = total.removeLast()
        return (total, samples - nan)
    }
}

/// Min, max, sum and count of the samples that are values, before rescale.
private struct Scan: SampleBody {
    typealias Result = (min: Double, max: Double, sum: Double, counted: Int)
    let buffer: VoxelBuffer
    let count: Int

    /// Min, max and sum of integer samples. Sums are exact: 64 Ki-sample blocks are summed as
    /// integers and the block sums (integers far below 2⁵³) as Doubles, so splitting the work
    /// over the cores gives the same result as one pass. Blocks are plain loops the compiler
    /// vectorises; the viewer waits for this before its first frame when it derives a window.
    func integer<T: StoredInteger>(_: T.Type) -> Result {
        // 64-bit samples could overflow a block: they are summed as Doubles, in order.
        if MemoryLayout<T>.size == 8 {
            let typed = buffer.bytes.assumingMemoryBound(to: T.self)
            var lo = typed[0], hi = typed[0]
            var sum: Double = 0
            for n in 0..<count {
                let v = typed[n]
                lo = Swift.min(lo, v)
                hi = Swift.max(hi, v)
                sum += Double(v)
            }
            return (Double(lo), Double(hi), sum, count)
        }
        let blockSize = 1 << 16
        let blocks = (count + blockSize - 1) / blockSize
        let parts = Swift.min(blocks, 8)
        let results = ConcurrentSlots<(lo: T, hi: T, sum: Double)>(count: parts)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let typed = buffer.bytes.assumingMemoryBound(to: T.self)
            var lo = T.max, hi = T.min
            var sum: Double = 0
            for block in (part * blocks / parts)..<((part + 1) * blocks / parts) {
                let start = block * blockSize, end = Swift.min(start + blockSize, count)
                var blockSum: Int64 = 0
                var blockLo = T.max, blockHi = T.min
                for n in start..<end {
                    let v = typed[n]
                    blockLo = Swift.min(blockLo, v)
                    blockHi = Swift.max(blockHi, v)
                    blockSum &+= Int64(truncatingIfNeeded: v)
                }
                lo = Swift.min(lo, blockLo)
                hi = Swift.max(hi, blockHi)
                sum += Double(blockSum)
            }
            results.set(part, (lo, hi, sum))
        }
        var lo = T.max, hi = T.min
        var sum: Double = 0
        for part in results.values {
            lo = Swift.min(lo, part.lo)
            hi = Swift.max(hi, part.hi)
            sum += part.sum
        }
        return (Double(lo), Double(hi), sum, count)
    }

    /// NaN samples (outside a resampled field of view) are left out, as numpy's nan* functions do.
    func floatingPoint<T: StoredFloat>(_: T.Type) -> Result {
        let typed = buffer.bytes.assumingMemoryBound(to: T.self)
        var lo = Double.infinity, hi = -Double.infinity
        var sum: Double = 0
        var counted = 0
        for n in 0..<count {
            let v = Double(typed[n])
            if v.isNaN { continue }
            if v < lo { lo = v }
            if v > hi { hi = v }
            sum += v
            counted += 1
        }
        if lo > hi { return (0, 0, 0, 0) }
        return (lo, hi, sum, counted)
    }
}

private struct HistogramOf: UniformSampleBody {
    typealias Result = ([Int], Int)
    let volume: Volume
    let bins, stride: Int
    let minimum, scale: Double

    func run<T: StoredSample>(_: T.Type) -> ([Int], Int) {
        volume.histogramOf(T.self, bins, stride, minimum, scale)
    }
}
