/// Opens a label-map file as a `LabelMap`: any single-volume NIfTI-1, NIfTI-2 or Analyze file
/// the image readers open (so ITK-SNAP's, 3D Slicer's, nnU-Net's and TotalSegmentator's outputs,
/// in whatever integer or float type they chose), its geometry as the image readers give it.
///
/// Every value, after the file's scaling, must be a label: a whole number from 0 to 65535.
/// A value within 0.001 of a whole number counts as that number (a float file's rounding, or a
/// scale factor stored in float32); anything else, a negative value, NaN, RGB voxels or more
/// than one volume is refused with the file, what is wrong and the first voxel where it is.
public enum LabelMapReader {
    /// How far from a whole number a value may be and still be taken as that label.
    public static let wholeNumberTolerance = 1e-3

    public static func read(path: String) throws(LabelMapFileError) -> LabelMap {
        let volume: Volume
        do {
            let format = try VolumeLoader.detectFormat(path: path)
            guard format == .nifti || format == .analyze else { throw LabelMapFileError.notNIfTI(path: path, format: format) }
            volume = try NIfTIReader.read(path: path)
        } catch let error as LabelMapFileError {
            throw error
        } catch let error as VolumeKitError {
            throw .unreadable(error)
        } catch {
            throw .unreadable(.unreadable(path: path, reason: "\(error)"))
        }
        return try labelMap(of: volume, path: path)
    }

    /// The label map that `volume` (read from `path`) holds, on its grid.
    public static func labelMap(of volume: Volume, path: String) throws(LabelMapFileError) -> LabelMap {
        guard volume.components == 1 else { throw .colour(path: path) }
        guard volume.timepoints == 1 else { throw .timepoints(path: path, count: volume.timepoints) }
        let conversion = LabelConversion(bytes: volume.buffer.bytes, voxelsPerSlice: volume.width * volume.height,
                                         depth: volume.depth, rescale: volume.rescale)
        switch volume.voxelType.dispatch(conversion) {
        case .success(let (low, high)):
            return LabelMap(width: volume.width, height: volume.height, depth: volume.depth,
                            geometry: volume.geometry, lowBytes: low, highBytes: high)
        case .failure(let bad):
            let perSlice = volume.width * volume.height
            let voxel = [bad.index % volume.width, (bad.index % perSlice) / volume.width, bad.index / perSlice]
            throw .notALabel(path: path, value: bad.value, voxel: voxel)
        }
    }
}

/// The first voxel (memory order) whose value is no label.
struct NotALabel: Error {
    var index: Int
    var value: Double
}

/// Stored samples → label byte planes, one generic loop per sample type.
struct LabelConversion: SampleBody {
    typealias Result = Swift.Result<([[UInt8]], [[UInt8]]), NotALabel>

    let bytes: UnsafeRawPointer
    let voxelsPerSlice: Int
    let depth: Int
    let rescale: Rescale

    func integer<T: StoredInteger>(_: T.Type) -> Result {
        guard rescale.isIdentity else { return scaled(T.self) }
        let samples = UnalignedSamples<T>(bytes: bytes)
        if T.self == UInt8.self {
            let low = (0..<depth).map { k in
                [UInt8](UnsafeRawBufferPointer(start: bytes + k * voxelsPerSlice, count: voxelsPerSlice))
            }
            return .success((low, []))
        }
        var planes = Planes(voxelsPerSlice: voxelsPerSlice, depth: depth)
        for k in 0..<depth {
            let base = k * voxelsPerSlice
            var wide = false
            let largest = 65535, byteMax = 255  // Int, so that the comparisons work for every T
            let ok = planes.low[k].withUnsafeMutableBufferPointer { low -> Int? in
                for n in 0..<voxelsPerSlice {
                    let v = samples[base + n]
                    guard v >= 0, v <= largest else { return n }
                    low[n] = UInt8(truncatingIfNeeded: v)
                    if v > byteMax { wide = true }
                }
                return nil
            }
            if let n = ok { return .failure(NotALabel(index: base + n, value: samples[base + n].doubleValue)) }
            if wide { planes.fillHigh(slice: k) { n in UInt8(truncatingIfNeeded: Int(samples[base + n]) >> 8) } }
        }
        return .success((planes.low, planes.high))
    }

    func floatingPoint<T: StoredFloat>(_: T.Type) -> Result { scaled(T.self) }

    /// Any type, through the file's scaling in Double: whole numbers (to the tolerance) only.
    private func scaled<T: StoredSample>(_: T.Type) -> Result {
        let samples = UnalignedSamples<T>(bytes: bytes)
        let tolerance = LabelMapReader.wholeNumberTolerance
        var planes = Planes(voxelsPerSlice: voxelsPerSlice, depth: depth)
        var labels = [UInt16](repeating: 0, count: voxelsPerSlice)
        for k in 0..<depth {
            let base = k * voxelsPerSlice
            var wide = false
            for n in 0..<voxelsPerSlice {
                let value = rescale.apply(samples[base + n].doubleValue)
                let whole = value.rounded()
                // Written so that NaN fails every test.
                guard abs(value - whole) <= tolerance, whole >= 0, whole <= 65535 else {
                    return .failure(NotALabel(index: base + n, value: value))
                }
                labels[n] = UInt16(whole)
                if labels[n] > 255 { wide = true }
            }
            planes.low[k] = labels.map { UInt8(truncatingIfNeeded: $0) }
            if wide { planes.fillHigh(slice: k) { n in UInt8(truncatingIfNeeded: labels[n] >> 8) } }
        }
        return .success((planes.low, planes.high))
    }
}

/// Samples of type `T` from a buffer that need not be aligned for it (a NIfTI vox_offset can be
/// any byte).
private struct UnalignedSamples<T: StoredSample> {
    let bytes: UnsafeRawPointer

    @inline(__always)
    subscript(n: Int) -> T { bytes.loadUnaligned(fromByteOffset: n * MemoryLayout<T>.stride, as: T.self) }
}

/// Low and (once a value above 255 is seen) high byte planes, one array per slice.
private struct Planes {
    let voxelsPerSlice: Int
    let depth: Int
    var low: [[UInt8]]
    var high: [[UInt8]] = []

    init(voxelsPerSlice: Int, depth: Int) {
        self.voxelsPerSlice = voxelsPerSlice
        self.depth = depth
        low = Array(repeating: [UInt8](repeating: 0, count: voxelsPerSlice), count: depth)
    }

    mutating func fillHigh(slice k: Int, _ byte: (Int) -> UInt8) {
        if high.isEmpty { high = Array(repeating: [UInt8](repeating: 0, count: voxelsPerSlice), count: depth) }
        high[k].withUnsafeMutableBufferPointer { out in
            for n in 0..<voxelsPerSlice { out[n] = byte(n) }
        }
    }
}
