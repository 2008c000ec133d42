/// A label map on a volume's grid: one label value per voxel (0 is background), as ITK-SNAP and
/// 3D Slicer keep a segmentation.
///
/// Stored one byte a voxel, slice by slice (k), x fastest within a slice; a second byte plane is
/// added only once a value above 255 is stored. Keeping each slice in an array of its own means a
/// copy taken for saving in the background shares every slice, and a brush stroke afterwards
/// copies only the slices it touches, not the whole map.
public struct LabelMap: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let depth: Int
    /// The grid's geometry in LPS, the same as the image's.
    public var geometry: VolumeGeometry
    private var low: [[UInt8]]
    /// High bytes per slice; empty until a value above 255 is stored.
    private var high: [[UInt8]] = []

    public init(width: Int, height: Int, depth: Int, geometry: VolumeGeometry) {
        precondition(width > 0 && height > 0 && depth > 0, "a label map needs at least one voxel")
        self.width = width
        self.height = height
        self.depth = depth
        self.geometry = geometry
        low = Array(repeating: [UInt8](repeating: 0, count: width * height), count: depth)
    }

    /// An empty label map on a volume's grid (its first timepoint's).
    public init(grid volume: Volume) {
        self.init(width: volume.width, height: volume.height, depth: volume.depth, geometry: volume.geometry)
    }

    /// A label map holding `values` (x fastest, then y, then z; `width * height * depth` of them).
    public init(width: Int, height: Int, depth: Int, geometry: VolumeGeometry, values: [UInt16]) {
        precondition(values.count == width * height * depth, "label values do not fill the grid")
        self.init(width: width, height: height, depth: depth, geometry: geometry)
        let n = width * height
        for k in 0..<depth {
            for o in 0..<n where values[k * n + o] != 0 { self[k, o] = values[k * n + o] }
        }
    }

    /// A label map of whole slices: `lowBytes[k]` holds the low byte of every voxel of slice k
    /// (x fastest), `highBytes` is empty or holds their high bytes, and is empty when no value
    /// exceeds 255. What a reader fills slice by slice without going through the subscript.
    public init(width: Int, height: Int, depth: Int, geometry: VolumeGeometry, lowBytes: [[UInt8]], highBytes: [[UInt8]]) {
        precondition(width > 0 && height > 0 && depth > 0, "a label map needs at least one voxel")
        precondition(lowBytes.count == depth && lowBytes.allSatisfy { $0.count == width * height },
                     "label slices do not fill the grid")
        precondition(highBytes.isEmpty || (highBytes.count == depth && highBytes.allSatisfy { $0.count == width * height }),
                     "label slices do not fill the grid")
        self.width = width
        self.height = height
        self.depth = depth
        self.geometry = geometry
        low = lowBytes
        high = highBytes
    }

    public var voxelsPerSlice: Int { width * height }
    public var voxelCount: Int { width * height * depth }
    public var dimensions: [Int] { [width, height, depth] }
    /// Whether some value is above 255, so the map must be written as uint16.
    public var isWide: Bool { !high.isEmpty }

    public func contains(_ i: Int, _ j: Int, _ k: Int) -> Bool {
        i >= 0 && j >= 0 && k >= 0 && i < width && j < height && k < depth
    }

    public subscript(i: Int, j: Int, k: Int) -> UInt16 {
        get { self[k, j * width + i] }
        set { self[k, j * width + i] = newValue }
    }

    public subscript(voxel: SIMD3<Int>) -> UInt16 {
        get { self[voxel.x, voxel.y, voxel.z] }
        set { self[voxel.x, voxel.y, voxel.z] = newValue }
    }

    /// The value at offset `offset` (j * width + i) of slice `k`.
    public subscript(k: Int, offset: Int) -> UInt16 {
        get {
            let l = UInt16(low[k][offset])
            return high.isEmpty ? l : l | UInt16(high[k][offset]) << 8
        }
        set {
            if newValue > 255 && high.isEmpty {
                high = Array(repeating: [UInt8](repeating: 0, count: voxelsPerSlice), count: depth)
            }
            low[k][offset] = UInt8(truncatingIfNeeded: newValue)
            if !high.isEmpty { high[k][offset] = UInt8(truncatingIfNeeded: newValue >> 8) }
        }
    }

    /// Adds the high byte plane (all zero) so values above 255 can be stored; nothing when it is
    /// there already.
    public mutating func makeWide() {
        if high.isEmpty {
            high = Array(repeating: [UInt8](repeating: 0, count: voxelsPerSlice), count: depth)
        }
    }

    /// Reads slice `k` directly: its low bytes and, once the map is wide, its high bytes
    /// (`voxelsPerSlice` each, x fastest). For loops over many voxels, which the subscripts
    /// would slow down by a bounds check and a plane test per voxel.
    public func withSlice<R>(_ k: Int, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>?) throws -> R) rethrows -> R {
        try low[k].withUnsafeBufferPointer { l in
            if high.isEmpty { return try body(l, nil) }
            return try high[k].withUnsafeBufferPointer { h in try body(l, h) }
        }
    }

    /// Writes slice `k` directly. With `wide` the high plane is added first if missing; the
    /// high bytes are passed whenever the map is wide, and must be written with the low ones.
    /// Only slice `k` is copied if it was shared with a copy of the map.
    public mutating func withMutableSlice<R>(_ k: Int, wide: Bool = false,
                                             _ body: (UnsafeMutableBufferPointer<UInt8>, UnsafeMutableBufferPointer<UInt8>?) throws -> R) rethrows -> R {
        if wide { makeWide() }
        if high.isEmpty { return try low[k].withUnsafeMutableBufferPointer { l in try body(l, nil) } }
        return try low[k].withUnsafeMutableBufferPointer { l in
            try high[k].withUnsafeMutableBufferPointer { h in try body(l, h) }
        }
    }

    /// The largest value stored.
    public var maximum: UInt16 {
        var best: UInt16 = 0
        for k in 0..<depth {
            if high.isEmpty {
                best = max(best, UInt16(low[k].max() ?? 0))
            } else {
                for o in 0..<voxelsPerSlice { best = max(best, self[k, o]) }
            }
        }
        return best
    }

    /// Voxels of each value other than 0, with their count.
    public func counts() -> [UInt16: Int] {
        var counts: [UInt16: Int] = [:]
        if high.isEmpty {
            var histogram = [Int](repeating: 0, count: 256)
            for slice in low { for v in slice { histogram[Int(v)] += 1 } }
            for (v, n) in histogram.enumerated().dropFirst() where n > 0 { counts[UInt16(v)] = n }
            return counts
        }
        for k in 0..<depth {
            for o in 0..<voxelsPerSlice {
                let v = self[k, o]
                if v != 0 { counts[v, default: 0] += 1 }
            }
        }
        return counts
    }

    /// Every voxel, little-endian, x fastest, then y, then z: one byte each, or two when `isWide`
    /// (the data block of a NIfTI file).
    public func littleEndianBytes() -> [UInt8] {
        if high.isEmpty { return low.flatMap { $0 } }
        var bytes = [UInt8](repeating: 0, count: voxelCount * 2)
        var o = 0
        for k in 0..<depth {
            let l = low[k], h = high[k]
            for n in 0..<voxelsPerSlice {
                bytes[o] = l[n]
                bytes[o + 1] = h[n]
                o += 2
            }
        }
        return bytes
    }

    /// Appends `littleEndianBytes()` to `bytes` without building them apart first (a file's
    /// header is already there).
    public func appendLittleEndianBytes(to bytes: inout [UInt8]) {
        if high.isEmpty {
            bytes.reserveCapacity(bytes.count + voxelCount)
            for slice in low { bytes.append(contentsOf: slice) }
            return
        }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: voxelCount * 2))
        bytes.withUnsafeMutableBufferPointer { out in
            var o = start
            for k in 0..<depth {
                low[k].withUnsafeBufferPointer { l in
                    high[k].withUnsafeBufferPointer { h in
                        for n in 0..<voxelsPerSlice {
                            out[o] = l[n]
                            out[o + 1] = h[n]
                            o += 2
                        }
                    }
                }
            }
        }
    }

    /// Writes the labels of slice `slice` of a plane laid out by `layout` (a layout of a volume
    /// on this grid) into `out`, `layout.width * layout.height` values, row by row. Each screen
    /// row lies in one stored slice k (axial, coronal and sagittal planes alike), so a row is
    /// read from one slice's bytes with a fixed step.
    public func fillSlice(layout: PlaneLayout, slice: Int, into out: UnsafeMutablePointer<UInt16>) {
        guard layout.column.axis != 2 else {
            // A plane whose columns run across slices (no standard orientation gives one).
            var o = 0
            for r in 0..<layout.height {
                for c in 0..<layout.width {
                    out[o] = self[layout.voxel(column: c, row: r, slice: slice)]
                    o += 1
                }
            }
            return
        }
        let strides = [1, width, 0]
        let columnStride = strides[layout.column.axis] * (layout.column.flipped ? -1 : 1)
        for r in 0..<layout.height {
            let first = layout.voxel(column: 0, row: r, slice: slice)
            let start = first.y * width + first.x
            let row = out + r * layout.width
            withSlice(first.z) { low, high in
                var n = start
                if let high {
                    for c in 0..<layout.width {
                        row[c] = UInt16(low[n]) | UInt16(high[n]) << 8
                        n += columnStride
                    }
                } else {
                    for c in 0..<layout.width {
                        row[c] = UInt16(low[n])
                        n += columnStride
                    }
                }
            }
        }
    }
}
