/// The fields of a NIfTI-1, NIfTI-2 or Analyze 7.5 header, as stored (before any of nibabel's
/// load-time fixes, which `NIfTIAffine` and the reader apply).
struct NIfTIHeader: Sendable {
    enum Kind: Sendable, Equatable {
        case analyze, nifti1, nifti2

        /// Size of the header proper (`sizeof_hdr`).
        var headerSize: Int { self == .nifti2 ? 540 : 348 }

        /// First byte where voxels may start in a single-file image (header + 4 extension bytes).
        var minimumSingleFileOffset: Int { self == .nifti2 ? 544 : 352 }
    }

    var kind: Kind
    var bigEndian: Bool
    /// Magic `n+1`/`n+2`: header and voxels in one file; `ni1`/`ni2` and Analyze: a `.hdr`/`.img` pair.
    var isSingleFile: Bool
    var magic: String

    /// dim[0] is the number of dimensions, dim[1…7] their sizes.
    var dim: [Int]
    /// pixdim[0] is qfac, pixdim[1…7] the voxel sizes.
    var pixdim: [Double]
    var datatype: Int
    var bitpix: Int
    var voxOffset: Double
    var sclSlope: Double
    var sclInter: Double
    var calMin: Double
    var calMax: Double
    var glMin: Int
    var glMax: Int
    var descrip: String
    var auxFile: String

    // NIfTI only (zero/empty for Analyze).
    var intentCode: Int = 0
    var intentParameters: [Double] = [0, 0, 0]
    var intentName: String = ""
    var dimInfo: Int = 0
    var sliceStart: Int = 0
    var sliceEnd: Int = 0
    var sliceCode: Int = 0
    var sliceDuration: Double = 0
    var toffset: Double = 0
    var xyztUnits: Int = 0
    var qformCode: Int = 0
    var sformCode: Int = 0
    var quaternion: SIMD3<Double> = .zero
    var qoffset: SIMD3<Double> = .zero
    /// srow_x, srow_y, srow_z.
    var srow: [[Double]] = [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]

    // Analyze 7.5 only.
    var analyzeFields: AnalyzeFields?

    struct AnalyzeFields: Sendable {
        var dataType: String
        var dbName: String
        var orient: Int
        /// SPM's voxel origin (1-based), kept in the `originator` field.
        var spmOrigin: [Int]
        var generated: String
        var scanNumber: String
        var patientID: String
        var expDate: String
        var expTime: String
    }

    var ndim: Int { dim[0] }
}
