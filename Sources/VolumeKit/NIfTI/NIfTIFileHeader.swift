/// The header of a NIfTI/Analyze image for code outside VolumeKit (dataset checks): its grid
/// and geometry exactly as `NIfTIReader` would give them, without reading a voxel.
public struct NIfTIFileHeader: Sendable {
    public let format: ImageFormat
    /// x, y, z, and t when there is more than one timepoint.
    public let dimensions: [Int]
    public let geometry: VolumeGeometry
    public let datatypeName: String
    /// Free-text fields, where identifying text is sometimes left.
    public let descrip: String
    public let auxFile: String
    public let intentName: String
    /// The header's file, then the voxels' file for a `.hdr`/`.img` pair.
    public let files: [String]

    /// Reads the header of a `.nii`, `.nii.gz` or `.hdr` (with its `.img`).
    public static func read(path: String) throws -> NIfTIFileHeader {
        let gzipped = try NIfTIFileNames.withoutGz(path).gz || GzipFile.hasGzipMagic(ReadableFile.prefix(path, count: 2))
        let count = NIfTIHeader.Kind.nifti2.minimumSingleFileOffset
        let bytes = gzipped ? try GzipFile(path: path).prefix(count) : try ReadableFile.prefix(path, count: count)
        if bytes.isEmpty { throw VolumeKitError.emptyFile(path: path) }
        let header = try NIfTIHeaderParser.parse(bytes, path: path)
        _ = try NIfTIDatatype.forCode(header.datatype, path: path)
        let shape = try NIfTIShape(header: header, path: path)
        var files = [path]
        if !header.isSingleFile {
            guard let image = NIfTIFileNames.partner(of: path, ext: "hdr", partner: "img") else {
                let expected = NIfTIFileNames.partnerCandidates(of: path, ext: "hdr", partner: "img").first ?? path
                throw VolumeKitError.malformed(path: path, detail:
                    "the image file \(expected.split(separator: "/").last.map(String.init) ?? expected) that goes with this header is missing")
            }
            files.append(image)
        }
        let (geometry, _) = NIfTIAffine.best(for: header).geometry(orFallbackFor: header)
        return NIfTIFileHeader(
            format: header.kind == .analyze ? .analyze : .nifti,
            dimensions: [shape.width, shape.height, shape.depth] + (shape.timepoints > 1 ? [shape.timepoints] : []),
            geometry: geometry, datatypeName: NIfTIDatatype.name(ofCode: header.datatype),
            descrip: header.descrip, auxFile: header.auxFile, intentName: header.intentName, files: files)
    }
}
