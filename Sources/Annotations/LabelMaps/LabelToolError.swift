/// Why a label-map tool did nothing; the label map is unchanged in every case.
public enum LabelToolError: Error, Equatable, Sendable, CustomStringConvertible {
    case seedOutsideImage(SIMD3<Int>)
    /// The voxel under the cursor is itself outside the range, so nothing connects to it.
    case seedOutsideRange(value: Double, range: ClosedRange<Double>)
    /// The region grew past the voxel limit; nothing was painted.
    case limitReached(limit: Int)
    /// The progress callback asked to stop after this many voxels; nothing was painted.
    case cancelled(voxels: Int)
    /// Fill between slices needs two slices holding the label with unlabelled slices between.
    case nothingToInterpolate(label: UInt16, labelledSlices: Int)
    case notARegion(kind: String)

    public var description: String {
        switch self {
        case .seedOutsideImage(let v):
            return "voxel [\(v.x), \(v.y), \(v.z)] is outside the image; nothing was painted"
        case .seedOutsideRange(let value, let range):
            return "the value under the cursor (\(Self.format(value))) is outside the range \(Self.format(range.lowerBound))…\(Self.format(range.upperBound)); nothing was grown"
        case .limitReached(let limit):
            return "region growing stopped at the limit of \(limit) voxels; nothing was painted (narrow the range or raise the limit)"
        case .cancelled(let voxels):
            return "region growing cancelled after \(voxels) voxels; nothing was painted"
        case .nothingToInterpolate(let label, let n):
            return n < 2
                ? "fill between slices needs label \(label) on at least two slices of this plane (found \(n)); nothing was filled"
                : "label \(label) is on \(n) slices of this plane with no empty slice between them; nothing to fill"
        case .notARegion(let kind):
            return "a \(kind) has no inside to fill; draw a rectangle, ellipse or polygon"
        }
    }

    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}
