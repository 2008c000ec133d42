import VolumeKit

/// One structure as a set of voxels on a grid: what Dice, Jaccard and the surface distances
/// compare. One byte a voxel (1 = inside), x fastest, then y, then z; `spacing` in mm.
public struct BinaryMask: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let depth: Int
    public let spacing: SIMD3<Double>
    public var voxels: [UInt8]

    public init(width: Int, height: Int, depth: Int, spacing: SIMD3<Double>, voxels: [UInt8]) {
        precondition(voxels.count == width * height * depth, "mask values do not fill the grid")
        self.width = width
        self.height = height
        self.depth = depth
        self.spacing = spacing
        self.voxels = voxels
    }

    public init(width: Int, height: Int, depth: Int, spacing: SIMD3<Double>) {
        self.init(width: width, height: height, depth: depth, spacing: spacing,
                  voxels: [UInt8](repeating: 0, count: width * height * depth))
    }

    /// The voxels of `map` holding `value`.
    public init(_ map: LabelMap, value: UInt16) {
        var voxels = [UInt8](repeating: 0, count: map.voxelCount)
        let n = map.voxelsPerSlice
        voxels.withUnsafeMutableBufferPointer { out in
            for k in 0..<map.depth {
                map.withSlice(k) { low, high in
                    let base = k * n
                    if let high {
                        for o in 0..<n where (UInt16(low[o]) | UInt16(high[o]) << 8) == value { out[base + o] = 1 }
                    } else if value <= 255 {
                        let v = UInt8(value)
                        for o in 0..<n where low[o] == v { out[base + o] = 1 }
                    }
                }
            }
        }
        self.init(width: map.width, height: map.height, depth: map.depth, spacing: map.geometry.spacing, voxels: voxels)
    }

    public var voxelCount: Int { width * height * depth }
    public var count: Int { voxels.reduce(0) { $0 + Int($1) } }
    public var isEmpty: Bool { !voxels.contains(1) }

    public subscript(i: Int, j: Int, k: Int) -> Bool {
        get { voxels[(k * height + j) * width + i] != 0 }
        set { voxels[(k * height + j) * width + i] = newValue ? 1 : 0 }
    }

    /// The linear indices of the surface: foreground voxels with at least one of their six face
    /// neighbours in the background, a voxel outside the grid counting as background.
    public func surface() -> [Int] {
        var result: [Int] = []
        let w = width, h = height, d = depth, slice = w * h
        voxels.withUnsafeBufferPointer { m in
            for k in 0..<d {
                for j in 0..<h {
                    let row = (k * h + j) * w
                    for i in 0..<w {
                        let o = row + i
                        guard m[o] != 0 else { continue }
                        if i == 0 || i == w - 1 || j == 0 || j == h - 1 || k == 0 || k == d - 1
                            || m[o - 1] == 0 || m[o + 1] == 0 || m[o - w] == 0 || m[o + w] == 0
                            || m[o - slice] == 0 || m[o + slice] == 0 {
                            result.append(o)
                        }
                    }
                }
            }
        }
        return result
    }
}
