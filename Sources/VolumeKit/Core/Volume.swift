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
    /// A video's frames, decoded when asked for: set, only the frames it has loaded hold
    /// voxels (call `frames.load(k)` before reading slice k). Nil for every other image.
    public var frames: FrameSource?

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
        voxelType.dispatch(LoadSample(bytes: buffer.bytes, index: index))
    }

    /// Real-world value (HU for CT) of one sample of a voxel.
    public func value(_ i: Int, _ j: Int, _ k: Int, t: Int = 0, component: Int = 0) -> Double {
        rescale.apply(storedSample(at: sampleIndex(i, j, k, t: t) + component))
    }

    /// The unit of real-world values: Hounsfield units for CT, none said otherwise.
    public var valueUnit: String {
        metadata.modality?.uppercased() == "CT" ? "HU" : ""
    }

    /// Patient LPS position (mm) of a voxel centre.
    public func patientPosition(_ i: Int, _ j: Int, _ k: Int) -> SIMD3<Double> {
        geometry.patientPosition(ofIndex: SIMD3(Double(i), Double(j), Double(k)))
    }
}

/// One stored sample, as a Double.
@usableFromInline
struct LoadSample: UniformSampleBody {
    @usableFromInline typealias Result = Double
    @usableFromInline let bytes: UnsafeRawPointer
    @usableFromInline let index: Int

    @inlinable init(bytes: UnsafeRawPointer, index: Int) {
        self.bytes = bytes
        self.index = index
    }

    @inlinable func run<T: StoredSample>(_: T.Type) -> Double {
        bytes.loadUnaligned(fromByteOffset: index * MemoryLayout<T>.stride, as: T.self).doubleValue
    }
}
