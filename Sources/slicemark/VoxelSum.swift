import Foundation
import VolumeKit

/// The sum of every sample of a volume after rescale, computed the way pydicom, SimpleITK and
/// nibabel scripts can reproduce it exactly: integer samples are summed as integers, then
/// `slope × sum + intercept × count`.
struct VoxelSum: CustomStringConvertible {
    /// Exact for integer voxels whose rescale slope and intercept are integers.
    let integer: Int64?
    let real: Double

    init(_ volume: Volume) {
        let count = volume.sampleCount
        let p = volume.buffer.bytes
        let stored: (integer: Int64?, real: Double)
        switch volume.voxelType {
        case .uint8: stored = Self.sumIntegers(p, count, UInt8.self)
        case .int8: stored = Self.sumIntegers(p, count, Int8.self)
        case .uint16: stored = Self.sumIntegers(p, count, UInt16.self)
        case .int16: stored = Self.sumIntegers(p, count, Int16.self)
        case .uint32: stored = Self.sumIntegers(p, count, UInt32.self)
        case .int32: stored = Self.sumIntegers(p, count, Int32.self)
        case .int64: stored = Self.sumIntegers(p, count, Int64.self)
        case .float32: stored = (nil, Self.sumFloats(p, count, Float.self))
        case .float64: stored = (nil, Self.sumFloats(p, count, Double.self))
        }
        let rescale = volume.rescale
        real = rescale.slope * stored.real + rescale.intercept * Double(count)
        if let s = stored.integer, let slope = Int64(exactly: rescale.slope),
           let intercept = Int64(exactly: rescale.intercept) {
            integer = slope * s + intercept * Int64(count)
        } else {
            integer = nil
        }
    }

    var description: String {
        if let integer { return String(integer) }
        return String(format: "%.17g", real)
    }

    private static func sumIntegers<T: BinaryInteger>(_ p: UnsafeRawPointer, _ count: Int, _: T.Type)
        -> (integer: Int64?, real: Double) {
        let typed = p.assumingMemoryBound(to: T.self)
        var total: Int64 = 0
        var overflow = false
        for n in 0..<count {
            let (next, o) = total.addingReportingOverflow(Int64(truncatingIfNeeded: typed[n]))
            total = next
            overflow = overflow || o
        }
        if overflow {
            var real = 0.0
            for n in 0..<count { real += Double(typed[n]) }
            return (nil, real)
        }
        return (total, Double(total))
    }

    private static func sumFloats<T: BinaryFloatingPoint>(_ p: UnsafeRawPointer, _ count: Int, _: T.Type) -> Double {
        let typed = p.assumingMemoryBound(to: T.self)
        // Pairs of partial sums in blocks keep the rounding close to numpy's pairwise sum.
        var total = 0.0
        var start = 0
        while start < count {
            let end = min(start + 4096, count)
            var block = 0.0
            for n in start..<end { block += Double(typed[n]) }
            total += block
            start = end
        }
        return total
    }
}
