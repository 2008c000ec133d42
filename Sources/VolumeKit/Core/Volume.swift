/// Voxels plus geometry: what every reader produces and everything else consumes.
///
/// Samples are kept in their stored type in `buffer`, x fastest, then y, z, t; the `components`
/// samples of one voxel (3 for RGB) are adjacent. Real-world values are `rescale.apply(stored)`.
public struct Volume: Sendable {
    /// Columns, rows, slices, timepoints (t is 1 for a 3D volume).
    public var width: Int
    public var height: Int
    public var depth: Int
    public var timepoints: Int
    public var components: Int
    public var voxelType: VoxelType
    public var rescale: Rescale
    public var geometry: VolumeGeometry
    public var buffer: VoxelBuffer
    public var metadata: VolumeMetadata

    public init(width: Int, height: Int, depth: Int, timepoints: Int = 1, components: Int = 1,
                voxelType: VoxelType, rescale: Rescale = .identity, geometry: VolumeGeometry,
                buffer: VoxelBuffer, metadata: VolumeMetadata) {
        precondition(buffer.byteCount >= width * height * depth * timepoints * components * voxelType.byteCount,
                     "voxel buffer smaller than the volume")
        self.width = width
        self.height = height
        self.depth = depth
        self.timepoints = timepoints
        self.components = components
        self.voxelType = voxelType
        self.rescale = rescale
        self.geometry = geometry
        self.buffer = buffer
        self.metadata = metadata
    }

    /// [x, y, z] or, with more than one timepoint, [x, y, z, t].
    public var dimensions: [Int] {
        timepoints > 1 ? [width, height, depth, timepoints] : [width, height, depth]
    }

    public var voxelsPerTimepoint: Int { width * height * depth }
    public var sampleCount: Int { voxelsPerTimepoint * timepoints * components }

    public func contains(_ i: Int, _ j: Int, _ k: Int) -> Bool {
        i >= 0 && j >= 0 && k >= 0 && i < width && j < height && k < depth
    }

    /// Index of the first sample of a voxel in the buffer, in samples.
    @inlinable
    public func sampleIndex(_ i: Int, _ j: Int, _ k: Int, t: Int = 0) -> Int {
        (((t * depth + k) * height + j) * width + i) * components
    }

    /// The stored sample at a sample index, as a Double, before rescale.
    @inlinable
    public func storedSample(at index: Int) -> Double {
        let p = buffer.bytes
        switch voxelType {
        case .uint8: return Double(p.load(fromByteOffset: index, as: UInt8.self))
        case .int8: return Double(p.load(fromByteOffset: index, as: Int8.self))
        case .uint16: return Double(p.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self))
        case .int16: return Double(p.loadUnaligned(fromByteOffset: index * 2, as: Int16.self))
        case .uint32: return Double(p.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self))
        case .int32: return Double(p.loadUnaligned(fromByteOffset: index * 4, as: Int32.self))
        case .int64: return Double(p.loadUnaligned(fromByteOffset: index * 8, as: Int64.self))
        case .float32: return Double(p.loadUnaligned(fromByteOffset: index * 4, as: Float.self))
        case .float64: return p.loadUnaligned(fromByteOffset: index * 8, as: Double.self)
        }
    }

    /// Real-world value (HU for CT) of one sample of a voxel.
    public func value(_ i: Int, _ j: Int, _ k: Int, t: Int = 0, component: Int = 0) -> Double {
        rescale.apply(storedSample(at: sampleIndex(i, j, k, t: t) + component))
    }

    /// Patient LPS position (mm) of a voxel centre.
    public func patientPosition(_ i: Int, _ j: Int, _ k: Int) -> SIMD3<Double> {
        geometry.patientPosition(ofIndex: SIMD3(Double(i), Double(j), Double(k)))
    }
}
