/// The volume's size from `dim`: x, y, z, and every further dimension browsed as timepoints
/// (NIfTI keeps them after t in memory, so they line up). Missing dimensions are 1.
struct NIfTIShape: Sendable, Equatable {
    var width: Int
    var height: Int
    var depth: Int
    var timepoints: Int
    var voxelCount: Int
    /// Dimensions 5–7 larger than 1 (folded into `timepoints`).
    var extraDimensions: [Int]
    /// A dimension after z was 0 and is taken as 1.
    var hadEmptyTimeDimension: Bool

    init(header: NIfTIHeader, path: String) throws {
        let ndim = header.ndim
        guard (1...7).contains(ndim) else {
            throw VolumeKitError.malformed(path: path, detail:
                "dim[0] (the number of dimensions) is \(ndim), it must be 1 to 7")
        }
        var sizes: [Int] = []
        var zeroTime = false
        for axis in 1...ndim {
            let n = header.dim[axis]
            if n < 0 { throw VolumeKitError.malformed(path: path, detail: "dim[\(axis)] is negative (\(n))") }
            if n == 0 {
                // Old Analyze writers leave dim[4] at 0 in a 3D volume; SPM reads it as 1.
                if axis > 3 { zeroTime = true; sizes.append(1); continue }
                throw VolumeKitError.malformed(path: path, detail: "dim[\(axis)] is 0: the image holds no voxels")
            }
            sizes.append(n)
        }
        var count = 1
        for n in sizes {
            let (product, overflow) = count.multipliedReportingOverflow(by: n)
            guard !overflow, product < 1 << 48 else {
                throw VolumeKitError.malformed(path: path, detail:
                    "the dimensions \(sizes.map(String.init).joined(separator: " × ")) are too large to be real")
            }
            count = product
        }
        width = sizes[0]
        height = sizes.count > 1 ? sizes[1] : 1
        depth = sizes.count > 2 ? sizes[2] : 1
        timepoints = sizes.dropFirst(3).reduce(1, *)
        voxelCount = count
        extraDimensions = Array(sizes.dropFirst(4)).filter { $0 > 1 }
        hadEmptyTimeDimension = zeroTime
    }

    var description: String {
        ([width, height, depth] + (timepoints > 1 ? [timepoints] : [])).map(String.init).joined(separator: " × ")
    }
}
