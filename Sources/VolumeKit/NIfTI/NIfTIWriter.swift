/// Writes a `Volume` (any grey voxel type, 3D or one timepoint of 4D) as a gzip-compressed
/// single-file NIfTI-1, with the same header conventions and geometry as
/// `LabelMapNIfTIWriter`: the LPS geometry as a RAS affine, exact in the sform (code 1) and as
/// nibabel's `set_qform` stores it in the qform (code 1), mm units, vox_offset 352. Voxels are
/// written as stored (an int16 CT stays int16), the rescale in scl_slope / scl_inter, so
/// nibabel and SimpleITK read the same real values as slicemark.
public enum NIfTIWriter {
    public static let description = "slicemark export"

    static func datatype(_ type: VoxelType) -> (code: Int16, bits: Int16) {
        switch type {
        case .uint8: return (2, 8)
        case .int16: return (4, 16)
        case .int32: return (8, 32)
        case .float32: return (16, 32)
        case .float64: return (64, 64)
        case .int8: return (256, 8)
        case .uint16: return (512, 16)
        case .uint32: return (768, 32)
        case .int64: return (1024, 64)
        }
    }

    /// The 352 bytes before the voxels of a 3D volume of `volume`'s grid and voxel type.
    public static func header(for volume: Volume) throws(LabelMapFileError) -> [UInt8] {
        let dims = [volume.width, volume.height, volume.depth]
        guard dims.allSatisfy({ $0 <= Int(Int16.max) }) else { throw .tooLargeForNIfTI1(dimensions: dims) }
        var h = HeaderWriter(count: LabelMapNIfTIWriter.voxelOffset)
        let type = datatype(volume.voxelType)
        h.int32(0, Int32(LabelMapNIfTIWriter.headerSize))
        h.byte(38, UInt8(ascii: "r"))
        for (n, d) in [3, volume.width, volume.height, volume.depth, 1, 1, 1, 1].enumerated() { h.int16(40 + 2 * n, Int16(d)) }
        h.int16(70, type.code)
        h.int16(72, type.bits)
        let affine = volume.geometry.rasAffine
        let qform = NIfTIQform(affine: affine)
        let pixdim = [qform.qfac, qform.voxelSizes.x, qform.voxelSizes.y, qform.voxelSizes.z, 1, 1, 1, 1]
        for (n, v) in pixdim.enumerated() { h.float32(76 + 4 * n, v) }
        h.float32(108, Double(LabelMapNIfTIWriter.voxelOffset))
        h.float32(112, volume.rescale.slope)
        h.float32(116, volume.rescale.intercept)
        h.byte(123, 2)  // xyzt_units: NIFTI_UNITS_MM
        h.text(148, 80, description)
        h.int16(252, 1)
        h.int16(254, 1)
        for n in 0..<3 {
            h.float32(256 + 4 * n, qform.quaternion[n])
            h.float32(268 + 4 * n, qform.offset[n])
        }
        for r in 0..<3 {
            for c in 0..<4 { h.float32(280 + 16 * r + 4 * c, affine[r][c]) }
        }
        h.text(344, 4, "n+1")
        return h.bytes
    }

    /// The whole `.nii` of timepoint `t` (uncompressed). A colour volume cannot be written.
    public static func niftiBytes(_ volume: Volume, timepoint t: Int = 0) throws(LabelMapFileError) -> [UInt8] {
        guard volume.components == 1 else { throw .colour(path: volume.metadata.sourceFiles.first ?? "image") }
        var bytes = try header(for: volume)
        let count = volume.voxelsPerTimepoint * volume.voxelType.byteCount
        let start = t * count
        // The buffer holds samples in the host's byte order, which is little-endian on every
        // platform slicemark builds for: NIfTI's byte order here.
        bytes.append(contentsOf: UnsafeRawBufferPointer(start: volume.buffer.bytes + start, count: count))
        return bytes
    }

    public static func gzippedBytes(_ volume: Volume, timepoint: Int = 0, level: Int = 6) throws(LabelMapFileError) -> [UInt8] {
        let nifti = try niftiBytes(volume, timepoint: timepoint)
        do {
            return try GzipCompressor(level: level).compress(nifti)
        } catch {
            throw .compressionFailed(error)
        }
    }
}
