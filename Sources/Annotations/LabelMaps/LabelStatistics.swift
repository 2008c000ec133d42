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
        let slots = map.isWide ? 65536 : 256
        var count = [Int](repeating: 0, count: slots), finite = count
        // Sums of (x − shift), shift being the label's first value, keep the variance exact
        // for values far from 0.
        var shift = [Double](repeating: 0, count: slots), sum = shift, squares = shift
        var low = [Double](repeating: .infinity, count: slots), high = [Double](repeating: -.infinity, count: slots)
        let perSlice = map.voxelsPerSlice
        for k in 0..<map.depth {
            map.withSlice(k) { lowBytes, highBytes in
                let base = k * perSlice
                var o = 0
                while o < perSlice {
                    // Skip eight background voxels at a time.
                    if o + 8 <= perSlice, highBytes == nil,
                       UnsafeRawPointer(lowBytes.baseAddress! + o).loadUnaligned(as: UInt64.self) == 0 {
                        o += 8
                        continue
                    }
                    let label = Int(lowBytes[o]) | Int(highBytes?[o] ?? 0) << 8
                    if label != 0 {
                        count[label] += 1
                        let x = sampler.value(base + o)
                        if x.isFinite {
                            if finite[label] == 0 { shift[label] = x }
                            finite[label] += 1
                            let d = x - shift[label]
                            sum[label] += d
                            squares[label] += d * d
                            if x < low[label] { low[label] = x }
                            if x > high[label] { high[label] = x }
                        }
                    }
                    o += 1
                }
            }
        }
        let s = map.geometry.spacing, voxelMillilitres = s.x * s.y * s.z / 1000
        var out: [LabelStatistics] = []
        for label in 1..<slots where count[label] > 0 {
            let n = Double(finite[label])
            let mean = n > 0 ? shift[label] + sum[label] / n : .nan
            let variance = n > 1 ? max(0, (squares[label] - sum[label] * sum[label] / n) / (n - 1)) : (n == 1 ? 0 : .nan)
            out.append(LabelStatistics(value: UInt16(label), voxels: count[label],
                                       millilitres: Double(count[label]) * voxelMillilitres, mean: mean,
                                       standardDeviation: variance.squareRoot(),
                                       minimum: n > 0 ? low[label] : .nan, maximum: n > 0 ? high[label] : .nan))
        }
        return out
    }
}
