/// A NIfTI/Analyze `datatype` code and how slicemark stores its voxels.
struct NIfTIDatatype: Sendable, Equatable {
    var code: Int
    var voxelType: VoxelType
    /// Samples per voxel: 3 for RGB24.
    var components: Int
    /// numpy's name, as nibabel reports it (`int16`, `float32`, …), or `rgb24`.
    var name: String

    var bytesPerVoxel: Int { voxelType.byteCount * components }

    /// Every code of the NIfTI-1 standard with numpy's name, for messages and the metadata view.
    static let codeNames: [Int: String] = [
        0: "none", 1: "binary (1 bit)", 2: "uint8", 4: "int16", 8: "int32", 16: "float32",
        32: "complex64", 64: "float64", 128: "rgb24", 255: "all", 256: "int8", 512: "uint16",
        768: "uint32", 1024: "int64", 1280: "uint64", 1536: "float128", 1792: "complex128",
        2048: "complex256", 2304: "rgba32",
    ]

    static func name(ofCode code: Int) -> String { codeNames[code] ?? "unknown" }

    /// The supported type for `code`, or an error that names the datatype.
    static func forCode(_ code: Int, path: String) throws -> NIfTIDatatype {
        let type: (VoxelType, Int)
        switch code {
        case 2: type = (.uint8, 1)
        case 256: type = (.int8, 1)
        case 4: type = (.int16, 1)
        case 512: type = (.uint16, 1)
        case 8: type = (.int32, 1)
        case 768: type = (.uint32, 1)
        case 1024: type = (.int64, 1)
        case 16: type = (.float32, 1)
        case 64: type = (.float64, 1)
        case 128: type = (.uint8, 3)
        case 0:
            throw VolumeKitError.malformed(path: path, detail: "the header gives no datatype (datatype 0)")
        default:
            if let known = codeNames[code] {
                throw VolumeKitError.unsupported(path: path, detail: "\(known) voxels (NIfTI datatype \(code))")
            }
            throw VolumeKitError.malformed(path: path, detail: "unknown NIfTI datatype code \(code) in the header")
        }
        return NIfTIDatatype(code: code, voxelType: type.0, components: type.1, name: name(ofCode: code))
    }
}
