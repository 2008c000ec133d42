import VolumeKit

/// Volume and intensity statistics of one label of a label map over an image.
///
/// Conventions (those of ITK's LabelStatisticsImageFilter): values are real values (after
/// rescale) of the image's first component at `timepoint`; `standardDeviation` is the sample
/// standard deviation (divisor n − 1; 0 for one voxel); `millilitres` is voxels × the voxel's
/// volume (spacing product) / 1000. Non-finite image values (NaN outside a field of view) count
/// in `voxels` but not in the intensity figures, which are NaN when no value is finite.
public struct LabelStatistics: Sendable, Equatable {
    public var value: UInt16
    public var voxels: Int
    public var millilitres: Double
    public var mean: Double
    public var standardDeviation: Double
    public var minimum: Double
    public var maximum: Double

    public init(value: UInt16, voxels: Int, millilitres: Double, mean: Double, standardDeviation: Double,
                minimum: Double, maximum: Double) {
        self.value = value
        self.voxels = voxels
        self.millilitres = millilitres
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.minimum = minimum
        self.maximum = maximum
    }

    /// Every label present except 0, ascending by value; one pass over the map, reading the
    /// image only where a label is.
    public static func measure(_ map: LabelMap, image: Volume, timepoint: Int) -> [LabelStatistics] {
        let sampler = ImageSampler(image: image, timepoint: timepoint, map: map)
        let sums = sampler.dispatch(StatisticsBody(map: map))
        let s = map.geometry.spacing, voxelMillilitres = s.x * s.y * s.z / 1000
        var out: [LabelStatistics] = []
        for label in 1..<sums.count where sums[label].count > 0 {
            let a = sums[label], n = Double(a.finite)
            let mean = n > 0 ? a.shift + a.sum / n : .nan
            let variance = n > 1 ? max(0, (a.squares - a.sum * a.sum / n) / (n - 1)) : (n == 1 ? 0 : .nan)
            out.append(LabelStatistics(value: UInt16(label), voxels: a.count,
                                       millilitres: Double(a.count) * voxelMillilitres, mean: mean,
                                       standardDeviation: variance.squareRoot(),
                                       minimum: n > 0 ? a.low : .nan, maximum: n > 0 ? a.high : .nan))
        }
        return out
    }
}

/// Per-label sums over one pass of the map, reading typed samples where a label is.
private struct StatisticsBody: TypedSamplerBody {
    let map: LabelMap

    struct Sums {
        var count = 0, finite = 0
        /// Sums of (x − shift), shift being the label's first value, keep the variance exact
        /// for values far from 0.
        var shift = 0.0, sum = 0.0, squares = 0.0
        var low = Double.infinity, high = -Double.infinity
    }

    func run<T: StoredSample>(_ samples: TypedSamples<T>) -> [Sums] {
        var sums = [Sums](repeating: Sums(), count: map.isWide ? 65536 : 256)
        let perSlice = map.voxelsPerSlice
        sums.withUnsafeMutableBufferPointer { acc in
            for k in 0..<map.depth {
                map.withSlice(k) { lowBytes, highBytes in
                    let base = k * perSlice
                    let raw = UnsafeRawPointer(lowBytes.baseAddress!)
                    var o = 0
                    while o < perSlice {
                        // Skip eight background voxels at a time.
                        if highBytes == nil, o + 8 <= perSlice, raw.loadUnaligned(fromByteOffset: o, as: UInt64.self) == 0 {
                            o += 8
                            continue
                        }
                        let label = Int(lowBytes[o]) | Int(highBytes?[o] ?? 0) << 8
                        if label != 0 {
                            acc[label].count += 1
                            let x = samples.value(base + o)
                            if x.isFinite {
                                if acc[label].finite == 0 { acc[label].shift = x }
                                acc[label].finite += 1
                                let d = x - acc[label].shift
                                acc[label].sum += d
                                acc[label].squares += d * d
                                if x < acc[label].low { acc[label].low = x }
                                if x > acc[label].high { acc[label].high = x }
                            }
                        }
                        o += 1
                    }
                }
            }
        }
        return sums
    }
}
