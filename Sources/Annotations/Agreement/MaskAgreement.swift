import Dispatch

/// How two masks of one structure agree, with the conventions `agree` states beside them:
///
/// - Dice = 2|A∩B| / (|A|+|B|), Jaccard = |A∩B| / |A∪B|; both 1 when both masks are empty.
/// - The surface of a mask is its foreground voxels with a 6-connected background neighbour
///   (voxels outside the grid are background). Distances are Euclidean in mm with the voxel
///   spacing, from each surface voxel of one mask to the nearest surface voxel of the other
///   (an exact distance transform of that surface, not all pairs).
/// - `hd95MM` is the larger of the two directed 95th percentiles, each with linear
///   interpolation between ranks (numpy's default); `assdMM` is the mean of all distances of
///   both directions together. Both nil when exactly one mask is empty, 0 when both are.
public struct MaskAgreement: Sendable, Equatable {
    public var voxelsA: Int
    public var voxelsB: Int
    public var intersection: Int
    public var surfaceA: Int
    public var surfaceB: Int
    public var dice: Double
    public var jaccard: Double
    public var hd95MM: Double?
    public var assdMM: Double?
    /// The largest distance of either direction (the Hausdorff distance), for the docs' reader.
    public var hausdorffMM: Double?

    public init(_ a: BinaryMask, _ b: BinaryMask) {
        precondition(a.width == b.width && a.height == b.height && a.depth == b.depth, "masks on different grids")
        var na = 0, nb = 0, both = 0
        a.voxels.withUnsafeBufferPointer { x in
            b.voxels.withUnsafeBufferPointer { y in
                for o in 0..<x.count {
                    let p = Int(x[o]), q = Int(y[o])
                    na += p; nb += q; both += p & q
                }
            }
        }
        let (sa, sb) = Parallel.both { a.surface() } and: { b.surface() }
        self.init(voxelsA: na, voxelsB: nb, intersection: both, surfaceA: sa, surfaceB: sb,
                  width: a.width, height: a.height, depth: a.depth, spacing: a.spacing)
    }

    /// The figures from voxel counts and the two surfaces (linear indices on the grid).
    init(voxelsA: Int, voxelsB: Int, intersection: Int, surfaceA sa: [Int], surfaceB sb: [Int],
         width: Int, height: Int, depth: Int, spacing: SIMD3<Double>) {
        self.voxelsA = voxelsA
        self.voxelsB = voxelsB
        self.intersection = intersection
        surfaceA = sa.count
        surfaceB = sb.count
        let (dice, jaccard) = Self.overlap(voxelsA, voxelsB, intersection)
        self.dice = dice
        self.jaccard = jaccard
        if voxelsA == 0 && voxelsB == 0 {
            (hd95MM, assdMM, hausdorffMM) = (0, 0, 0)
            return
        }
        // The two directions are independent transforms: one on each core when there are two.
        let (ab, ba) = Parallel.both {
            DistanceTransform.distances(from: sa, toNearest: sb, width: width, height: height, depth: depth, spacing: spacing)
        } and: {
            DistanceTransform.distances(from: sb, toNearest: sa, width: width, height: height, depth: depth, spacing: spacing)
        }
        guard voxelsA > 0, voxelsB > 0, let ab, let ba else {
            (hd95MM, assdMM, hausdorffMM) = (nil, nil, nil)
            return
        }
        let (p1, p2) = (Self.percentile95(ab), Self.percentile95(ba))
        hd95MM = max(p1, p2)
        assdMM = (ab.reduce(0, +) + ba.reduce(0, +)) / Double(ab.count + ba.count)
        hausdorffMM = max(ab.max() ?? 0, ba.max() ?? 0)
    }

    /// Dice alone (no surfaces): a proposal's overlap with a person's map.
    public static func diceOnly(_ a: BinaryMask, _ b: BinaryMask) -> Double {
        var na = 0, nb = 0, both = 0
        for o in 0..<a.voxels.count {
            let p = Int(a.voxels[o]), q = Int(b.voxels[o])
            na += p; nb += q; both += p & q
        }
        return overlap(na, nb, both).dice
    }

    /// Dice and Jaccard from voxel counts; both 1 when both masks are empty.
    public static func overlap(_ a: Int, _ b: Int, _ both: Int) -> (dice: Double, jaccard: Double) {
        guard a + b > 0 else { return (1, 1) }
        return (2 * Double(both) / Double(a + b), Double(both) / Double(a + b - both))
    }

    /// The 95th percentile with linear interpolation between the closest ranks (numpy's
    /// `percentile(d, 95)`): rank h = 0.95 (n − 1), value d⌊h⌋ + (h − ⌊h⌋)(d⌊h⌋+1 − d⌊h⌋).
    public static func percentile95(_ values: [Double]) -> Double {
        percentile(values, 95)
    }

    public static func percentile(_ values: [Double], _ p: Double) -> Double {
        precondition(!values.isEmpty)
        let sorted = values.sorted()
        let h = p / 100 * Double(sorted.count - 1)
        let low = Int(h.rounded(.down))
        guard low + 1 < sorted.count else { return sorted[sorted.count - 1] }
        return sorted[low] + (h - Double(low)) * (sorted[low + 1] - sorted[low])
    }
}

/// Two independent computations at once, on two threads when the machine has them.
enum Parallel {
    private final class Slots<T: Sendable>: @unchecked Sendable {
        var first: T?
        var second: T?
    }

    static func both<T: Sendable>(_ x: @Sendable () -> T, and y: @Sendable () -> T) -> (T, T) {
        let slots = Slots<T>()
        withoutActuallyEscaping(x) { x in
            withoutActuallyEscaping(y) { y in
                DispatchQueue.concurrentPerform(iterations: 2) { n in
                    if n == 0 { slots.first = x() } else { slots.second = y() }
                }
            }
        }
        return (slots.first!, slots.second!)
    }
}
