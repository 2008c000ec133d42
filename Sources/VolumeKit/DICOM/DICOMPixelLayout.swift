/// The Image Pixel module of a dataset: how the samples of each frame are stored.
struct DICOMPixelLayout: Sendable, Equatable {
    var rows: Int
    var columns: Int
    var samplesPerPixel: Int
    var bitsAllocated: Int
    var bitsStored: Int
    var pixelRepresentation: Int
    var planarConfiguration: Int
    var photometric: String
    var frames: Int
    /// Float Pixel Data (7FE0,0008) or Double Float Pixel Data (7FE0,0009).
    var isFloat: Bool

    /// Matrix sizes beyond this are not images but damaged headers.
    static let maximumSide = 65_535
    static let maximumFrames = 100_000

    init(_ ds: DICOMDataset, pixelTag: DICOMTag, path: String) throws(VolumeKitError) {
        func required(_ tag: DICOMTag) throws(VolumeKitError) -> Int {
            guard let v = ds.int(tag) else {
                throw .malformed(path: path, detail: "the image has no \(DICOMDictionary.name(for: tag)) \(tag)")
            }
            return v
        }
        rows = try required(.rows)
        columns = try required(.columns)
        samplesPerPixel = ds.int(.samplesPerPixel) ?? 1
        bitsAllocated = try required(.bitsAllocated)
        bitsStored = ds.int(.bitsStored) ?? bitsAllocated
        pixelRepresentation = ds.int(.pixelRepresentation) ?? 0
        planarConfiguration = ds.int(.planarConfiguration) ?? 0
        photometric = ds.string(.photometricInterpretation)?.uppercased() ?? (samplesPerPixel == 3 ? "RGB" : "MONOCHROME2")
        frames = ds.int(.numberOfFrames) ?? 1
        if frames == 0 { frames = 1 }
        isFloat = pixelTag != .pixelData

        guard rows > 0, columns > 0, rows <= Self.maximumSide, columns <= Self.maximumSide else {
            throw .malformed(path: path, detail: "impossible image size \(columns) × \(rows) (Columns (0028,0011) × Rows (0028,0010))")
        }
        guard frames > 0, frames <= Self.maximumFrames else {
            throw .malformed(path: path, detail: "impossible Number of Frames (0028,0008): \(frames)")
        }
        guard samplesPerPixel == 1 || samplesPerPixel == 3 else {
            throw .unsupported(path: path, detail: "\(samplesPerPixel) samples per pixel (0028,0002); slicemark reads 1 (grey) or 3 (colour)")
        }
        let allowed = isFloat ? [32, 64] : samplesPerPixel == 1 ? [1, 8, 16, 32] : [8, 16, 32]
        guard allowed.contains(bitsAllocated) else {
            throw .unsupported(path: path, detail: "Bits Allocated (0028,0100) \(bitsAllocated); slicemark reads 1 (grey only), 8, 16 and 32 bits a sample")
        }
        if bitsStored < 1 || bitsStored > bitsAllocated { bitsStored = bitsAllocated }
        // 65535² pixels × 3 samples × 8 bytes × 100 000 frames would overflow: refuse anything
        // claiming more than a terabyte before any size is multiplied out further.
        let (total, overflow) = (rows * columns * samplesPerPixel * max(1, bitsAllocated / 8)).multipliedReportingOverflow(by: frames)
        guard !overflow, total <= 1 << 40 else {
            throw .malformed(path: path, detail: "impossible image size \(columns) × \(rows) × \(frames) frames")
        }
    }

    /// Uncompressed YBR_FULL_422 stores two luminance samples and one Cb, Cr pair per two pixels.
    var isSubsampled422: Bool { photometric == "YBR_FULL_422" }
    var isPalette: Bool { photometric == "PALETTE COLOR" }

    /// Bytes of one sample in the volume (1-bit data is unpacked to a byte a pixel).
    var bytesPerSample: Int { max(1, bitsAllocated / 8) }
    /// Bit-packed data (segmentations, overlays as images): 1 bit a pixel, frames not byte aligned.
    var isBitPacked: Bool { bitsAllocated == 1 }
    var pixelsPerFrame: Int { rows * columns }
    /// Bytes of one frame as the volume stores it (colour interleaved, full resolution).
    var frameBytes: Int { pixelsPerFrame * samplesPerPixel * bytesPerSample }

    /// Bytes of one frame as native (uncompressed) pixel data stores it.
    var nativeFrameBytes: Int {
        if isSubsampled422 && samplesPerPixel == 3 { return (pixelsPerFrame * 2 * bytesPerSample) }
        return frameBytes
    }

    var voxelType: VoxelType {
        if isFloat { return bitsAllocated == 64 ? .float64 : .float32 }
        let signed = pixelRepresentation == 1 && samplesPerPixel == 1
        switch bitsAllocated {
        case 1: return .uint8
        case 8: return signed ? .int8 : .uint8
        case 16: return signed ? .int16 : .uint16
        default: return signed ? .int32 : .uint32
        }
    }

    var datatypeName: String {
        if samplesPerPixel == 3 { return bitsAllocated == 8 ? "rgb24" : bitsAllocated == 16 ? "rgb48" : "rgb96" }
        return voxelType.rawValue
    }

    func frameDescription(transferSyntaxUID: String) -> FrameDescription {
        FrameDescription(rows: rows, columns: columns, samplesPerPixel: samplesPerPixel,
                         bitsAllocated: bitsAllocated, bitsStored: bitsStored,
                         pixelRepresentation: pixelRepresentation, planarConfiguration: planarConfiguration,
                         photometric: photometric, transferSyntaxUID: transferSyntaxUID)
    }
}
