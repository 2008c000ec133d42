import VolumeKit

/// Real values (after rescale) of the first component of one timepoint of an image, read by
/// linear voxel index on the label map's grid, without the per-call generic dispatch of
/// `Volume.value`.
struct ImageSampler {
    private let buffer: VoxelBuffer
    private let bytes: UnsafeRawPointer
    private let type: VoxelType
    private let slope: Double
    private let intercept: Double
    /// First sample of the timepoint, in samples.
    private let base: Int
    private let components: Int

    init(image: Volume, timepoint: Int, map: LabelMap) {
        precondition(image.width == map.width && image.height == map.height && image.depth == map.depth,
                     "the label map is not on the image's grid")
        precondition(map.voxelCount <= Int(UInt32.max), "label edits index voxels with 32 bits")
        buffer = image.buffer
        bytes = image.buffer.bytes
        type = image.voxelType
        slope = image.rescale.slope
        intercept = image.rescale.intercept
        components = image.components
        base = min(max(0, timepoint), image.timepoints - 1) * image.voxelsPerTimepoint * image.components
    }

    @inline(__always)
    func stored(_ linear: Int) -> Double {
        let s = base + linear * components
        switch type {
        case .uint8: return Double(bytes.load(fromByteOffset: s, as: UInt8.self))
        case .int8: return Double(bytes.load(fromByteOffset: s, as: Int8.self))
        case .uint16: return Double(bytes.loadUnaligned(fromByteOffset: s * 2, as: UInt16.self))
        case .int16: return Double(bytes.loadUnaligned(fromByteOffset: s * 2, as: Int16.self))
        case .uint32: return Double(bytes.loadUnaligned(fromByteOffset: s * 4, as: UInt32.self))
        case .int32: return Double(bytes.loadUnaligned(fromByteOffset: s * 4, as: Int32.self))
        case .int64: return Double(bytes.loadUnaligned(fromByteOffset: s * 8, as: Int64.self))
        case .float32: return Double(bytes.loadUnaligned(fromByteOffset: s * 4, as: Float.self))
        case .float64: return bytes.loadUnaligned(fromByteOffset: s * 8, as: Double.self)
        }
    }

    @inline(__always)
    func value(_ linear: Int) -> Double { stored(linear) * slope + intercept }
}
