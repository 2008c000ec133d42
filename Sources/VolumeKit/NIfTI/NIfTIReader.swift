/// Reads NIfTI-1, NIfTI-2 and Analyze 7.5 images: single files (`.nii`, `.nii.gz`) and
/// `.hdr`/`.img` pairs (either gzipped), in either byte order.
///
/// In phases, as ITK's readers: recognise the header bytes (`sniff`), parse the header, then
/// get the voxels, memory-mapped when the file allows it. Values and geometry follow nibabel:
/// the same scaling, the same choice of sform/qform, the same fixes to odd headers; the RAS
/// affine becomes slicemark's LPS geometry at this edge.
public enum NIfTIReader {
    /// With `preview`, a gzipped volume's middle slice is inflated on a second thread while
    /// the whole is, and handed over as soon as it is in (see `NIfTISlicePreview`); it is
    /// never handed over once the whole volume is read.
    public static func read(path: String, preview: PreviewHandler? = nil) throws -> Volume {
        let plan = try plan(path: path)
        guard let preview, plan.loader.gzipped, plan.depth > 1 else { return plan.make(try plan.loader.load()) }
        return plan.make(try NIfTISlicePreview.load(plan.loader, slice: plan.depth / 2, sliceBytes: plan.sliceBytes,
                                                    make: plan.make, deliver: preview))
    }

    /// The middle slice alone, as `read` hands it over first (nil for a file that is not gzipped
    /// or one slice deep); for tests that must not depend on which thread wins.
    static func middleSlicePreview(path: String) throws -> VolumePreview? {
        let plan = try plan(path: path)
        guard plan.loader.gzipped, plan.depth > 1 else { return nil }
        return NIfTISlicePreview.preview(plan.loader, slice: plan.depth / 2, sliceBytes: plan.sliceBytes, make: plan.make)
    }

    /// What reading the file takes: where its voxels are and how they become a volume.
    private struct Plan {
        let loader: NIfTIVoxelLoader
        let depth: Int
        let sliceBytes: Int
        let make: @Sendable (VoxelBuffer) -> Volume
    }

    private static func plan(path: String) throws -> Plan {
        let headerPath = try headerFile(for: path)
        let headerBytes = try headerPrefix(headerPath)
        let header = try NIfTIHeaderParser.parse(headerBytes, path: headerPath)
        let datatype = try NIfTIDatatype.forCode(header.datatype, path: headerPath)
        let shape = try NIfTIShape(header: header, path: headerPath)
        if (3000...3099).contains(header.intentCode) {
            throw VolumeKitError.unsupported(path: headerPath, detail:
                "a CIFTI-2 file (intent \(header.intentCode)) holds surface or connectivity data, not a volume")
        }

        let imagePath = try imageFile(for: path, headerPath: headerPath, header: header)
        let (byteCount, overflow) = shape.voxelCount.multipliedReportingOverflow(by: datatype.bytesPerVoxel)
        guard !overflow else {
            throw VolumeKitError.malformed(path: headerPath, detail: "the dimensions \(shape.description) are too large to be real")
        }
        let describe = "\(shape.description) \(datatype.name) voxels"
        let loader = NIfTIVoxelLoader(
            path: imagePath, gzipped: try isGzipped(imagePath), offset: try voxelOffset(header, path: headerPath),
            byteCount: byteCount, sampleSize: datatype.voxelType.byteCount,
            swapBytes: ByteSwap.differsFromHost(fileIsBigEndian: header.bigEndian) && datatype.voxelType.byteCount > 1,
            describe: describe)
        let affine = NIfTIAffine.best(for: header)
        let (geometry, geometryWarnings) = affine.geometry(orFallbackFor: header)
        let (rescale, scalingWarning) = NIfTIScaling.rescale(for: header, datatype: datatype)
        let warnings = geometryWarnings + [scalingWarning].compactMap { $0 } + notes(on: shape, header: header)

        var windows: [WindowLevel] = []
        if header.calMax > header.calMin, header.calMin.isFinite, header.calMax.isFinite {
            windows.append(WindowLevel(minimum: header.calMin, maximum: header.calMax, name: "cal_min–cal_max",
                                       function: .linearExact))
        }
        let metadata = VolumeMetadata(
            format: header.kind == .analyze ? .analyze : .nifti,
            sourceFiles: imagePath == headerPath ? [headerPath] : [headerPath, imagePath],
            datatypeName: datatype.name,
            seriesDescription: header.descrip.isEmpty ? nil : header.descrip,
            fileWindows: windows,
            fields: NIfTIHeaderFields.fields(of: header, affine: affine,
                                             extensions: extensions(of: header, in: headerPath, start: headerBytes)),
            warnings: warnings)
        let make = { @Sendable (buffer: VoxelBuffer) in
            Volume(width: shape.width, height: shape.height, depth: shape.depth, timepoints: shape.timepoints,
                   components: datatype.components, voxelType: datatype.voxelType, rescale: rescale,
                   geometry: geometry, buffer: buffer, metadata: metadata)
        }
        return Plan(loader: loader, depth: shape.depth, sliceBytes: shape.width * shape.height * datatype.bytesPerVoxel,
                    make: make)
    }

    /// What the person should know about the header's dimensions and units.
    private static func notes(on shape: NIfTIShape, header: NIfTIHeader) -> [String] {
        var notes: [String] = []
        if !shape.extraDimensions.isEmpty {
            notes.append("dimensions 5–7 (\(shape.extraDimensions.map(String.init).joined(separator: " × "))) are browsed as timepoints")
        }
        if shape.hadEmptyTimeDimension {
            let dims = header.dim.dropFirst().prefix(header.ndim).map(String.init).joined(separator: " × ")
            notes.append("a dimension after z is 0 in the header (\(dims)); it is taken as 1")
        }
        let spaceUnit = header.xyztUnits & 0x07
        if header.kind != .analyze, spaceUnit == 1 || spaceUnit == 3 {
            notes.append("spatial units are \(spaceUnit == 1 ? "metres" : "micrometres"); sizes and positions are shown as stored, not in mm")
        }
        return notes
    }

    /// Recognises a NIfTI/Analyze file from its first bytes (at least 348 of them); an Analyze
    /// header has no magic, so it also needs a `.hdr` name. An `.img` is recognised by its `.hdr`.
    static func sniff(header: [UInt8], path: String) -> ImageFormat? {
        if let (kind, _) = NIfTIHeaderParser.recognise(header) {
            if kind != .analyze { return .nifti }
            if NIfTIFileNames.hasExtension(path, "hdr") { return .analyze }
        } else if NIfTIHeaderParser.isCutShortHeader(header) {
            return .nifti  // `read` says it is cut short
        }
        guard NIfTIFileNames.hasExtension(path, "img") else { return nil }
        guard let partner = NIfTIFileNames.partner(of: path, ext: "img", partner: "hdr") else {
            // `read` then says which header file is missing.
            return .analyze
        }
        guard let bytes = try? headerPrefix(partner), let (kind, _) = NIfTIHeaderParser.recognise(bytes) else { return nil }
        return kind == .analyze ? .analyze : .nifti
    }

    /// Recognises a gzipped NIfTI/Analyze file from its first decompressed bytes.
    static func sniffGzip(path: String) throws -> ImageFormat {
        let head = try GzipFile(path: path).prefix(NIfTIHeader.Kind.nifti2.minimumSingleFileOffset)
        guard let format = sniff(header: head, path: path) else {
            if head.isEmpty || NIfTIHeaderParser.isCutShortHeader(head) {
                throw VolumeKitError.truncated(path: path, detail:
                    "the compressed data ends after \(head.count) bytes, inside the image header")
            }
            throw VolumeKitError.notAnImage(path: path)
        }
        return format
    }

    // MARK: - Which file holds what

    /// The file with the header: the given one, or for an `.img` its `.hdr`.
    private static func headerFile(for path: String) throws -> String {
        guard NIfTIFileNames.hasExtension(path, "img") else { return path }
        if let bytes = try? headerPrefix(path), let (kind, _) = NIfTIHeaderParser.recognise(bytes), kind != .analyze {
            return path  // a single-file NIfTI that happens to be called .img
        }
        guard let partner = NIfTIFileNames.partner(of: path, ext: "img", partner: "hdr") else {
            let expected = NIfTIFileNames.partnerCandidates(of: path, ext: "img", partner: "hdr")[0]
            throw VolumeKitError.malformed(path: path, detail:
                "no header file next to this image (expected \(lastComponent(expected)))")
        }
        return partner
    }

    /// The file with the voxels: the header's own file for `n+1`/`n+2`, else the `.img`.
    private static func imageFile(for path: String, headerPath: String, header: NIfTIHeader) throws -> String {
        if header.isSingleFile { return headerPath }
        if path != headerPath { return path }
        guard NIfTIFileNames.hasExtension(headerPath, "hdr") else {
            throw VolumeKitError.malformed(path: headerPath, detail:
                "a \(header.kind == .analyze ? "Analyze" : "NIfTI pair") header whose name does not end in .hdr, so its .img cannot be found")
        }
        guard let image = NIfTIFileNames.partner(of: headerPath, ext: "hdr", partner: "img") else {
            let expected = NIfTIFileNames.partnerCandidates(of: headerPath, ext: "hdr", partner: "img")[0]
            throw VolumeKitError.malformed(path: headerPath, detail:
                "the image file \(lastComponent(expected)) that goes with this header is missing")
        }
        return image
    }

    /// Where the voxels start: `vox_offset`, raised to the end of the header in a single file
    /// (nibabel does the same for the many files that leave it 0).
    private static func voxelOffset(_ header: NIfTIHeader, path: String) throws -> Int {
        let raw = header.voxOffset
        guard raw.isFinite, raw >= 0, raw < 1e15 else {
            throw VolumeKitError.malformed(path: path, detail: "vox_offset is \(NIfTIHeaderFields.number(raw)), not a byte position")
        }
        let offset = Int(raw)
        return header.isSingleFile ? max(offset, header.kind.minimumSingleFileOffset) : offset
    }

    /// The header's extensions, read only when the header says there are some, and only up to
    /// the voxels (a single file) or 1 MB (a `.hdr`).
    private static func extensions(of header: NIfTIHeader, in path: String, start: [UInt8]) -> [NIfTIExtension] {
        let size = header.kind.headerSize
        guard header.kind != .analyze, start.count > size, start[size] != 0 else { return [] }
        let limit = 1 << 20
        let end = header.isSingleFile ? min(Int(max(0, min(header.voxOffset, 1e9))), limit) : limit
        let bytes = end > start.count ? (try? headerPrefix(path, count: end)) ?? start : Array(start.prefix(end))
        return NIfTIExtension.parse(bytes, headerSize: size, bigEndian: header.bigEndian)
    }

    /// The first `count` bytes (the header and a little more), decompressed when the file is gzipped.
    private static func headerPrefix(_ path: String, count: Int = NIfTIHeader.Kind.nifti2.minimumSingleFileOffset) throws -> [UInt8] {
        if try isGzipped(path) { return try GzipFile(path: path).prefix(count) }
        let bytes = try ReadableFile.prefix(path, count: count)
        if bytes.isEmpty { throw VolumeKitError.emptyFile(path: path) }
        return bytes
    }

    /// Gzipped by its content; a `.gz` name with other content is `GzipFile`'s clear error.
    private static func isGzipped(_ path: String) throws -> Bool {
        if NIfTIFileNames.withoutGz(path).gz { return true }
        return GzipFile.hasGzipMagic(try ReadableFile.prefix(path, count: 2))
    }

    private static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
