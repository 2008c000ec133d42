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
        let raw: (min: Double, max: Double, sum: Double, counted: Int)
        switch voxelType {
        case .uint8: raw = Self.scan(buffer.bytes, count, UInt8.self)
        case .int8: raw = Self.scan(buffer.bytes, count, Int8.self)
        case .uint16: raw = Self.scan(buffer.bytes, count, UInt16.self)
        case .int16: raw = Self.scan(buffer.bytes, count, Int16.self)
        case .uint32: raw = Self.scan(buffer.bytes, count, UInt32.self)
        case .int32: raw = Self.scan(buffer.bytes, count, Int32.self)
        case .int64: raw = Self.scan(buffer.bytes, count, Int64.self)
        case .float32: raw = Self.scanFloat(buffer.bytes, count, Float.self)
        case .float64: raw = Self.scanFloat(buffer.bytes, count, Double.self)
        }
        let a = rescale.apply(raw.min), b = rescale.apply(raw.max)
        return VolumeStatistics(min: Swift.min(a, b), max: Swift.max(a, b),
                                mean: rescale.apply(raw.counted > 0 ? raw.sum / Double(raw.counted) : 0))
    }

    private static func scan<T: BinaryInteger>(_ p: UnsafeRawPointer, _ count: Int, _: T.Type)
        -> (min: Double, max: Double, sum: Double, counted: Int) {
        let typed = p.assumingMemoryBound(to: T.self)
        var lo = typed[0], hi = typed[0]
        var sum: Double = 0
        // Integer partial sums in blocks keep the loop fast and exact.
        var block: Int64 = 0
        for n in 0..<count {
            let v = typed[n]
            if v < lo { lo = v }
            if v > hi { hi = v }
            // 64-bit samples could overflow a block: they are summed as Doubles.
            if MemoryLayout<T>.size == 8 { sum += Double(v); continue }
            block &+= Int64(truncatingIfNeeded: v)
            if n & 0xFFFF == 0xFFFF { sum += Double(block); block = 0 }
        }
        sum += Double(block)
        return (Double(lo), Double(hi), sum, count)
    }

    /// NaN samples (outside a resampled field of view) are left out, as numpy's nan* functions do.
    private static func scanFloat<T: BinaryFloatingPoint>(_ p: UnsafeRawPointer, _ count: Int, _: T.Type)
        -> (min: Double, max: Double, sum: Double, counted: Int) {
        let typed = p.assumingMemoryBound(to: T.self)
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

    /// Real-world values at the given percentiles (0–100) of all samples, from a
    /// 4096-bin histogram between min and max: exact enough for windowing.
    public func percentiles(_ ps: [Double], statistics known: VolumeStatistics? = nil) -> [Double] {
        let stats = known ?? statistics()
        let bins = 4096
        let span = stats.max - stats.min
        guard span > 0, sampleCount > 0 else { return ps.map { _ in stats.min } }
        var histogram = [Int](repeating: 0, count: bins)
        let scale = Double(bins - 1) / span
        let stride = Swift.max(1, sampleCount / 4_000_000)
        var counted = 0
        var n = 0
        while n < sampleCount {
            let v = rescale.apply(storedSample(at: n))
            if !v.isNaN {
                histogram[Int((v - stats.min) * scale)] += 1
                counted += 1
            }
            n += stride
        }
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
}
