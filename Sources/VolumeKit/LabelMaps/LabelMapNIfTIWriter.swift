#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a `LabelMap` as a gzip-compressed single-file NIfTI-1 (`.nii.gz`), the file ITK-SNAP,
/// 3D Slicer, nibabel and SimpleITK all open on the image's grid.
///
/// Header: magic `n+1`, vox_offset 352 (4 zero extension bytes), dim [3, w, h, d, 1, 1, 1, 1],
/// uint8 (datatype 2) or, when a value exceeds 255, uint16 (512); scl_slope 1 and scl_inter 0
/// (no scaling), cal_min 0 and cal_max the largest label, mm units, intent NIFTI_INTENT_LABEL
/// (1002) named "labels", descrip "slicemark label map". Geometry: the map's LPS geometry as
/// a RAS affine, exact in the sform (code 1, scanner) and as nibabel's `set_qform` would store
/// it in the qform (code 1; orthonormalised when the axes are sheared).
public enum LabelMapNIfTIWriter {
    public static let headerSize = 348
    public static let voxelOffset = 352
    public static let description = "slicemark label map"
    public static let intentLabel = 1002
    public static let intentName = "labels"

    /// The 352 bytes before the voxels: the header and the four zero bytes saying there are
    /// no extensions.
    public static func header(for map: LabelMap) throws(LabelMapFileError) -> [UInt8] {
        guard map.dimensions.allSatisfy({ $0 <= Int(Int16.max) }) else {
            throw .tooLargeForNIfTI1(dimensions: map.dimensions)
        }
        var h = HeaderWriter(count: voxelOffset)
        let wide = map.isWide
        h.int32(0, Int32(headerSize))
        h.byte(38, UInt8(ascii: "r"))  // `regular`, as nibabel writes it
        for (n, d) in [3, map.width, map.height, map.depth, 1, 1, 1, 1].enumerated() { h.int16(40 + 2 * n, Int16(d)) }
        h.int16(68, Int16(intentLabel))
        h.int16(70, wide ? 512 : 2)
        h.int16(72, wide ? 16 : 8)

        let affine = map.geometry.rasAffine
        let qform = NIfTIQform(affine: affine)
        let pixdim = [qform.qfac, qform.voxelSizes.x, qform.voxelSizes.y, qform.voxelSizes.z, 1, 1, 1, 1]
        for (n, v) in pixdim.enumerated() { h.float32(76 + 4 * n, v) }
        h.float32(108, Double(voxelOffset))
        h.float32(112, 1)  // scl_slope
        h.float32(116, 0)  // scl_inter
        h.byte(123, 2)  // xyzt_units: NIFTI_UNITS_MM, no time unit
        h.float32(124, Double(map.maximum))  // cal_max
        h.float32(128, 0)  // cal_min
        h.text(148, 80, description)
        h.int16(252, 1)  // qform_code: NIFTI_XFORM_SCANNER_ANAT
        h.int16(254, 1)  // sform_code
        for n in 0..<3 {
            h.float32(256 + 4 * n, qform.quaternion[n])
            h.float32(268 + 4 * n, qform.offset[n])
        }
        for r in 0..<3 {
            for c in 0..<4 { h.float32(280 + 16 * r + 4 * c, affine[r][c]) }
        }
        h.text(328, 16, intentName)
        h.text(344, 4, "n+1")
        return h.bytes
    }

    /// The whole `.nii` file, uncompressed.
    public static func niftiBytes(_ map: LabelMap) throws(LabelMapFileError) -> [UInt8] {
        var bytes = try header(for: map)
        map.appendLittleEndianBytes(to: &bytes)
        return bytes
    }

    /// The whole `.nii.gz` file.
    public static func gzippedBytes(_ map: LabelMap, level: Int = 6) throws(LabelMapFileError) -> [UInt8] {
        let nifti = try niftiBytes(map)
        do {
            return try GzipCompressor(level: level).compress(nifti)
        } catch {
            throw .compressionFailed(error)
        }
    }

    /// Writes the `.nii.gz` to `path` atomically: a temporary file in the same folder, flushed
    /// to disk, renamed over `path`, and the folder flushed, so `path` always holds either the
    /// previous file or the whole new one.
    public static func write(_ map: LabelMap, to path: String, level: Int = 6) throws(LabelMapFileError) {
        let bytes = try gzippedBytes(map, level: level)
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = (folder == "/" ? "" : folder) + "/." + name + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd: Int32
        switch POSIXFile.openFile(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644) {
        case .success(let f): fd = f
        case .failure(let e): throw .writeFailed(path: path, reason: POSIXFile.errorText(e.code))
        }
        let failure = POSIXFile.writeAll(fd, bytes) ?? POSIXFile.sync(fd)
        POSIXFile.closeFile(fd)
        if let failure {
            POSIXFile.removeFile(temporary)
            throw .writeFailed(path: path, reason: POSIXFile.errorText(failure))
        }
        if let code = POSIXFile.renameFile(temporary, to: path) {
            POSIXFile.removeFile(temporary)
            throw .writeFailed(path: path, reason: POSIXFile.errorText(code))
        }
        if let code = POSIXFile.syncFolder(folder) {
            throw .writeFailed(path: path, reason: "written, but the folder could not be flushed to disk (\(POSIXFile.errorText(code)))")
        }
    }
}

/// Little-endian fields at fixed offsets of a zeroed header (shared with `NIfTIWriter`).
struct HeaderWriter {
    var bytes: [UInt8]

    init(count: Int) { bytes = [UInt8](repeating: 0, count: count) }

    mutating func byte(_ offset: Int, _ value: UInt8) { bytes[offset] = value }

    mutating func int16(_ offset: Int, _ value: Int16) { put(offset, UInt64(UInt16(bitPattern: value)), 2) }

    mutating func int32(_ offset: Int, _ value: Int32) { put(offset, UInt64(UInt32(bitPattern: value)), 4) }

    mutating func float32(_ offset: Int, _ value: Double) { put(offset, UInt64(Float(value).bitPattern), 4) }

    /// ASCII text, NUL-padded, cut to leave at least one NUL.
    mutating func text(_ offset: Int, _ count: Int, _ value: String) {
        for (n, b) in value.utf8.prefix(count - 1).enumerated() { bytes[offset + n] = b }
    }

    private mutating func put(_ offset: Int, _ value: UInt64, _ count: Int) {
        for n in 0..<count { bytes[offset + n] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(n))) }
    }
}
