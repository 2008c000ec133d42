import VolumeKit

/// Real values (after rescale) of the first component of one timepoint of an image, read by
/// linear voxel index on the label map's grid, without the per-call generic dispatch of
/// `Volume.value`.
struct ImageSampler {
    let buffer: VoxelBuffer
    let bytes: UnsafeRawPointer
    let type: VoxelType
    let slope: Double
    let intercept: Double
    /// First sample of the timepoint, in samples.
    let base: Int
    let components: Int

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

/// Code run with the image's samples typed, so a loop over many voxels reads them without a
/// type switch per voxel.
protocol TypedSamplerBody {
    associatedtype Result
    func run<T: StoredSample>(_ samples: TypedSamples<T>) -> Result
}

/// The samples of one timepoint's first component as `T`, read by linear voxel index.
struct TypedSamples<T: StoredSample> {
    let bytes: UnsafeRawPointer
    let base: Int
    let components: Int
    let slope: Double
    let intercept: Double

    @inline(__always)
    func value(_ linear: Int) -> Double {
        bytes.loadUnaligned(fromByteOffset: (base + linear * components) * MemoryLayout<T>.stride, as: T.self).doubleValue
            * slope + intercept
    }
}

extension ImageSampler {
    func dispatch<Body: TypedSamplerBody>(_ body: Body) -> Body.Result {
        func typed<T: StoredSample>(_: T.Type) -> Body.Result {
            withExtendedLifetime(buffer) {
                body.run(TypedSamples<T>(bytes: bytes, base: base, components: components, slope: slope, intercept: intercept))
            }
        }
        switch type {
        case .uint8: return typed(UInt8.self)
        case .int8: return typed(Int8.self)
        case .uint16: return typed(UInt16.self)
        case .int16: return typed(Int16.self)
        case .uint32: return typed(UInt32.self)
        case .int32: return typed(Int32.self)
        case .int64: return typed(Int64.self)
        case .float32: return typed(Float.self)
        case .float64: return typed(Double.self)
        }
    }
}
