/// Reads the frames of one file's pixel data into the volume buffer: native data straight from
/// the file at the frame's offset, encapsulated data through the frame decoder registry.
struct DICOMPixelReader: @unchecked Sendable {
    let header: DICOMHeader
    let layout: DICOMPixelLayout
    private let file: ReadableFile?
    private let memory: [UInt8]
    private let nativeStart: Int
    private let fragments: [[Range<Int>]]
    private let decoder: (any FrameDecoder)?

    /// `decoders` finds the decoder of a transfer syntax (the registry; tests pass their own).
    init(header: DICOMHeader, layout: DICOMPixelLayout,
         decoders: (String) -> (any FrameDecoder)? = FrameDecoders.decoder(for:)) throws(VolumeKitError) {
        self.header = header
        self.layout = layout
        let path = header.path
        guard let pixel = header.pixelData else { throw .notAnImage(path: path) }
        let syntax = header.transferSyntax

        if pixel.length == nil {
            guard syntax.isEncapsulated else {
                throw .malformed(path: path, detail: "pixel data \(pixel.tag) holds compressed fragments but the transfer syntax, \(syntax.label), says it is uncompressed")
            }
            var bytes: [UInt8]
            var start: Int
            if header.holdsWholeDataset {
                bytes = header.dataset.storage.bytes
                start = pixel.offset
                file = nil
            } else {
                let access = try ReadableFile(path: path)
                bytes = try access.bytes(offset: pixel.offset, count: access.size - pixel.offset)
                start = 0
                file = nil
            }
            var extended: [UInt64] = []
            if let e = header.dataset.element(.extendedOffsetTable) {
                header.dataset.forEachValue(header.dataset.valueBytes(e), 8) { extended.append($0) }
            }
            do {
                fragments = try DICOMEncapsulatedFrames.split(bytes, start: start, frames: layout.frames, extendedOffsets: extended)
            } catch {
                throw error.error(path: path)
            }
            guard fragments.count >= layout.frames else {
                throw .malformed(path: path, detail: "the compressed pixel data holds \(fragments.count) frame(s), Number of Frames says \(layout.frames)")
            }
            guard let found = decoders(syntax.uid) else {
                throw .unsupported(path: path, detail: "pixel data compressed as \(syntax.label) cannot be decoded by this build")
            }
            decoder = found
            memory = bytes
            nativeStart = 0
            return
        }

        fragments = []
        decoder = nil
        try Self.checkClaimedSize(header, layout)
        let length = pixel.length!
        if layout.isBitPacked || header.transferSyntax.isBigEndian && pixel.vr == .OW && layout.bytesPerSample == 1 {
            // Bit-packed frames do not start on byte boundaries, and 8-bit samples in OW words
            // of a big endian file have each 16-bit word swapped across the whole value:
            // either way the value is read whole (and swapped) before frames are taken.
            var value: [UInt8]
            let count = (length + 1) & ~1
            if header.holdsWholeDataset {
                let all = header.dataset.storage.bytes
                value = Array(all[pixel.offset..<min(pixel.offset + count, all.count)])
            } else {
                value = try ReadableFile(path: path).bytes(offset: pixel.offset, count: count)
            }
            if header.transferSyntax.isBigEndian && pixel.vr == .OW {
                if value.count & 1 == 1 { value.append(0) }
                value.withUnsafeMutableBytes { DICOMFrameConversion.byteSwap($0.baseAddress!, byteCount: $0.count, width: 2) }
            }
            memory = value
            nativeStart = 0
            file = nil
        } else if header.holdsWholeDataset {
            memory = header.dataset.storage.bytes
            nativeStart = pixel.offset
            file = nil
        } else {
            memory = []
            nativeStart = pixel.offset
            file = try ReadableFile(path: path)
        }
    }

    /// Checks, before the volume is allocated, that the pixel data can hold what the header
    /// claims: native data must be all there; compressed data must not claim an implausible
    /// expansion (a damaged Rows/Columns/Number of Frames).
    static func checkClaimedSize(_ header: DICOMHeader, _ layout: DICOMPixelLayout) throws(VolumeKitError) {
        guard let pixel = header.pixelData else { throw .notAnImage(path: header.path) }
        let path = header.path
        let available = header.holdsWholeDataset ? header.dataset.storage.bytes.count - pixel.offset : header.fileSize - pixel.offset
        guard let length = pixel.length else {
            let claimed = layout.frames * layout.frameBytes
            guard claimed <= 64 << 20 || claimed / max(available, 1) <= maximumCompressionRatio else {
                throw .malformed(path: path, detail: "the header claims \(claimed) bytes of pixels (\(layout.columns) × \(layout.rows) × \(layout.frames) frame(s)) from \(available) compressed bytes")
            }
            return
        }
        let needed = layout.isBitPacked ? (layout.frames * layout.pixelsPerFrame + 7) / 8 : layout.frames * layout.nativeFrameBytes
        guard length >= needed, available >= needed else {
            let have = min(length, available)
            throw .truncated(path: path, detail: "pixel data \(pixel.tag) holds \(have) bytes at byte \(pixel.offset); \(layout.columns) × \(layout.rows) × \(layout.samplesPerPixel) samples × \(layout.frames) frame(s) at \(layout.bitsAllocated) bits need \(needed)")
        }
    }

    /// No real codec output exceeds this many times its input (smooth JPEG 2000 reaches a few hundred).
    static let maximumCompressionRatio = 2000

    /// Writes frame `frame` to `dest` as `output` samples (the stored type, or float32 rescaled).
    func readFrame(_ frame: Int, into dest: UnsafeMutableRawPointer, output: VoxelType, rescale: Rescale) throws(VolumeKitError) {
        let stored = layout.voxelType
        let floatOut = output != stored
        let frameBytes = layout.frameBytes
        let samples = layout.pixelsPerFrame * layout.samplesPerPixel
        var scratch: UnsafeMutableRawPointer?
        defer { scratch?.deallocate() }
        // Where the frame is assembled in the stored type: the destination itself when possible.
        let work: UnsafeMutableRawPointer
        if floatOut {
            scratch = .allocate(byteCount: max(frameBytes, 1), alignment: 16)
            work = scratch!
        } else {
            work = dest
        }
        var photometric = layout.photometric

        if let decoder {
            let parts = fragments[frame]
            let description = layout.frameDescription(transferSyntaxUID: header.transferSyntax.uid)
            let result: Result<DecodedFrame, CodecError>
            if parts.count == 1 {
                result = memory.withUnsafeBytes { all in
                    Result { () throws(CodecError) in try decoder.decode(UnsafeRawBufferPointer(rebasing: all[parts[0]]), description) }
                }
            } else {
                var joined: [UInt8] = []
                joined.reserveCapacity(parts.reduce(0) { $0 + $1.count })
                for part in parts { joined.append(contentsOf: memory[part]) }
                result = joined.withUnsafeBytes { all in
                    Result { () throws(CodecError) in try decoder.decode(all, description) }
                }
            }
            let decoded: DecodedFrame
            switch result {
            case .success(let frame): decoded = frame
            case .failure(let error):
                throw .malformed(path: header.path, detail: "frame \(frame + 1): \(error.description)")
            }
            guard decoded.bytes.count >= frameBytes else {
                throw .malformed(path: header.path, detail: "frame \(frame + 1) decodes to \(decoded.bytes.count) bytes, \(frameBytes) expected (\(decoder.name))")
            }
            decoded.bytes.withUnsafeBytes { work.copyMemory(from: $0.baseAddress!, byteCount: frameBytes) }
            photometric = decoded.photometric.uppercased()
        } else if layout.isBitPacked {
            let pixels = layout.pixelsPerFrame
            let firstBit = frame * pixels
            let out = work.assumingMemoryBound(to: UInt8.self)
            memory.withUnsafeBytes { all in
                let bytes = all.bindMemory(to: UInt8.self)
                for n in 0..<pixels {
                    let bit = firstBit + n
                    out[n] = (bytes[bit >> 3] >> UInt8(bit & 7)) & 1
                }
            }
        } else {
            let nativeBytes = layout.nativeFrameBytes
            let offset = nativeStart + frame * nativeBytes
            let reshapes = layout.samplesPerPixel == 3 && (layout.planarConfiguration == 1 || layout.isSubsampled422)
            var source = work
            var reshapeBuffer: UnsafeMutableRawPointer?
            defer { reshapeBuffer?.deallocate() }
            if reshapes {
                reshapeBuffer = .allocate(byteCount: nativeBytes, alignment: 16)
                source = reshapeBuffer!
            }
            if let file {
                try file.read(into: source, offset: offset, count: nativeBytes)
            } else {
                memory.withUnsafeBytes { source.copyMemory(from: $0.baseAddress! + offset, byteCount: nativeBytes) }
            }
            if header.transferSyntax.isBigEndian && layout.bytesPerSample > 1 {
                DICOMFrameConversion.byteSwap(source, byteCount: nativeBytes, width: layout.bytesPerSample)
            }
            if reshapes {
                if layout.isSubsampled422 {
                    guard layout.bitsAllocated == 8 else {
                        throw .unsupported(path: header.path, detail: "uncompressed YBR_FULL_422 with \(layout.bitsAllocated) bits a sample")
                    }
                    DICOMFrameConversion.expand422(source, into: work, pixels: layout.pixelsPerFrame)
                } else {
                    DICOMFrameConversion.interleave(planar: source, into: work, pixels: layout.pixelsPerFrame,
                                                    bytesPerSample: layout.bytesPerSample)
                }
            }
        }

        if layout.samplesPerPixel == 3 && photometric.hasPrefix("YBR_FULL") && layout.bitsAllocated == 8 {
            DICOMFrameConversion.ybrToRGB(work, pixels: layout.pixelsPerFrame)
        }
        if !layout.isFloat {
            DICOMFrameConversion.maskUnusedBits(work, samples: samples, bitsAllocated: layout.bitsAllocated,
                                                bitsStored: layout.bitsStored, signed: stored == .int8 || stored == .int16 || stored == .int32)
        }
        if floatOut {
            DICOMFrameConversion.rescaleToFloat(work, type: stored, samples: samples, rescale: rescale,
                                                into: dest.assumingMemoryBound(to: Float.self))
        }
    }
}
