/// What a stroke paints and where it may paint.
///
/// A voxel is painted when the mode allows its current value, the image's real value there
/// (HU for CT, after rescale) lies in `range` when one is set, and it does not already hold
/// `label`. Label 0 erases; with `.overLabel(n)` it erases only label n.
public struct LabelBrush: Sendable, Equatable {
    public enum Shape: String, Sendable, CaseIterable {
        /// A disc in the plane being viewed (one voxel thick along its normal).
        case disc
        case sphere
    }

    public enum Mode: Sendable, Equatable {
        case overAll
        /// Only voxels that are 0.
        case overUnlabelled
        /// Only voxels holding this label (replacing it).
        case overLabel(UInt16)

        @inline(__always)
        func allows(_ current: UInt16) -> Bool {
            switch self {
            case .overAll: return true
            case .overUnlabelled: return current == 0
            case .overLabel(let n): return current == n
            }
        }
    }

    public var label: UInt16
    /// Millimetres. A voxel is inside when the physical distance of its centre from the centre
    /// voxel's is at most the radius, so the brush always paints at least the voxel under the
    /// cursor.
    public var radius: Double
    public var shape: Shape
    public var mode: Mode
    public var range: ClosedRange<Double>?

    public init(label: UInt16, radius: Double = 3, shape: Shape = .disc, mode: Mode = .overAll,
                range: ClosedRange<Double>? = nil) {
        self.label = label
        self.radius = radius
        self.shape = shape
        self.mode = mode
        self.range = range
    }

    /// The brush's reach in voxels along each axis on a grid of `spacing` (0 along
    /// `normalAxis` for a disc).
    public func extent(spacing: SIMD3<Double>, normalAxis: Int) -> SIMD3<Int> {
        var e = SIMD3<Int>(0, 0, 0)
        let r = radius.isFinite ? max(0, radius) : 0
        for a in 0..<3 where !(shape == .disc && a == normalAxis) {
            e[a] = spacing[a] > 0 ? Int(min(r / spacing[a], 1e6).rounded(.down)) : 0
        }
        return e
    }
}
