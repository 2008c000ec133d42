import Foundation

/// Intensity normalisation views, for comparing images of different scanners by eye: each
/// maps the volume's own figures to the display range, black … white.
///
/// - `minmax`: the minimum and maximum over every sample of the volume;
/// - `p1-99`: the 1st and 99th percentiles, values outside clipped (the choice found best for
///   CT and MR texture work);
/// - `zscore`: mean ± 3 standard deviations (population SD, as numpy's `std`).
///
/// Percentiles interpolate linearly between ranks (numpy's default, `(n − 1) · p / 100`). They
/// are exact over volumes up to `exactSampleLimit` samples; above it, over every k-th sample
/// (k the smallest that brings the count under the limit). NaN samples are left out.
public enum IntensityNormalization: String, Sendable, Codable, CaseIterable {
    case none
    case minmax
    case p1to99 = "p1-99"
    case zscore

    public static let exactSampleLimit = 1 << 25

    public static var names: String { allCases.map(\.rawValue).joined(separator: "|") }

    /// The figures of this view over `volume`; nil for `none` (the window is left as it was).
    public func figures(for volume: Volume) -> NormalizationFigures? {
        switch self {
        case .none:
            return nil
        case .minmax:
            let s = volume.statistics()
            return NormalizationFigures(mode: self, lower: s.min, upper: s.max)
        case .p1to99:
            let (p1, p99) = Self.percentiles(volume, 1, 99)
            return NormalizationFigures(mode: self, lower: p1, upper: p99)
        case .zscore:
            let (mean, sd) = Self.meanAndDeviation(volume)
            return NormalizationFigures(mode: self, lower: mean - 3 * sd, upper: mean + 3 * sd, mean: mean, standardDeviation: sd)
        }
    }

    /// Every k-th finite sample after rescale, k as the type's comment says.
    static func samples(_ volume: Volume) -> [Double] {
        let count = volume.sampleCount
        let stride = Swift.max(1, (count + exactSampleLimit - 1) / exactSampleLimit)
        var out: [Double] = []
        out.reserveCapacity(count / stride)
        var k = 0
        while k < count {
            let v = volume.rescale.apply(volume.storedSample(at: k))
            if !v.isNaN { out.append(v) }
            k += stride
        }
        return out
    }

    static func percentiles(_ volume: Volume, _ a: Double, _ b: Double) -> (Double, Double) {
        var values = samples(volume)
        guard !values.isEmpty else { return (0, 0) }
        values.sort()
        return (percentile(values, a), percentile(values, b))
    }

    /// numpy's `percentile(…, method="linear")` of sorted values.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        let rank = p / 100 * Double(sorted.count - 1)
        let lo = Int(rank.rounded(.down)), hi = Swift.min(lo + 1, sorted.count - 1)
        let fraction = rank - Double(lo)
        return sorted[lo] + (sorted[hi] - sorted[lo]) * fraction
    }

    /// Mean and population standard deviation over every sample (Welford, one pass).
    static func meanAndDeviation(_ volume: Volume) -> (Double, Double) {
        var n = 0.0, mean = 0.0, m2 = 0.0
        for k in 0..<volume.sampleCount {
            let v = volume.rescale.apply(volume.storedSample(at: k))
            guard !v.isNaN else { continue }
            n += 1
            let delta = v - mean
            mean += delta / n
            m2 += delta * (v - mean)
        }
        return n > 0 ? (mean, (m2 / n).squareRoot()) : (0, 0)
    }
}

/// The numbers a normalisation view used, shown in the status line and in `render`'s output.
public struct NormalizationFigures: Sendable, Equatable {
    public var mode: IntensityNormalization
    /// The values shown black and white.
    public var lower: Double
    public var upper: Double
    public var mean: Double?
    public var standardDeviation: Double?

    public init(mode: IntensityNormalization, lower: Double, upper: Double, mean: Double? = nil, standardDeviation: Double? = nil) {
        self.mode = mode
        self.lower = lower
        self.upper = upper
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// The display window these figures give.
    public var window: WindowLevel {
        WindowLevel(minimum: lower, maximum: upper > lower ? upper : lower + 1, name: mode.rawValue)
    }

    /// A value on the view's scale: 0…1 between `lower` and `upper` (min-max, p1–99, clipped
    /// for p1–99), standard deviations from the mean for z-score.
    public func normalized(_ value: Double) -> Double {
        switch mode {
        case .zscore:
            guard let mean, let sd = standardDeviation, sd > 0 else { return 0 }
            return (value - mean) / sd
        case .p1to99:
            guard upper > lower else { return 0 }
            return (Swift.min(Swift.max(value, lower), upper) - lower) / (upper - lower)
        case .minmax, .none:
            guard upper > lower else { return 0 }
            return (value - lower) / (upper - lower)
        }
    }

    /// "p1-99 [−998, 1412]", "zscore mean 41.2 ± 3 × SD 310.5 → [−890.3, 972.7]".
    public var summary: String {
        let f = { (v: Double) in String(format: "%.6g", v) }
        switch mode {
        case .zscore:
            return "zscore mean \(f(mean ?? 0)) ± 3 × SD \(f(standardDeviation ?? 0)) → [\(f(lower)), \(f(upper))]"
        default:
            return "\(mode.rawValue) [\(f(lower)), \(f(upper))]"
        }
    }
}
