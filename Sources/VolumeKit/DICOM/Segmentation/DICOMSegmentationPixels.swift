/// Reads a segmentation's pixel data into one mask a frame, through the image reader's pixel
/// reader (bit-packed, native, deflated and encapsulated data alike).
enum DICOMSegmentationPixels {
    static func masks(_ header: DICOMHeader, _ summary: DICOMSegmentationSummary) throws(DICOMSegmentationError)
        -> [DICOMSegmentationMask] {
        let path = header.path
        guard let pixels = header.pixelData, pixels.tag == .pixelData else {
            throw .malformed(path: path, detail: "it holds no Pixel Data (7FE0,0010)")
        }
        let layout: DICOMPixelLayout
        do { layout = try DICOMPixelLayout(header.dataset, pixelTag: pixels.tag, path: path) } catch { throw .unreadable(error) }
        guard layout.samplesPerPixel == 1 else {
            throw .malformed(path: path, detail: "\(layout.samplesPerPixel) samples per pixel; a segmentation has 1")
        }
        switch summary.type {
        case .binary where layout.bitsAllocated != 1:
            throw .unsupported(path: path, detail: "a BINARY segmentation with Bits Allocated (0028,0100) \(layout.bitsAllocated); the standard says 1")
        case .fractional where layout.bitsAllocated != 8:
            throw .unsupported(path: path, detail: "a FRACTIONAL segmentation with Bits Allocated (0028,0100) \(layout.bitsAllocated); the standard says 8")
        default: break
        }
        if let length = pixels.length { try checkNativeLength(header, layout, length) }

        let reader: DICOMPixelReader
        do {
            reader = try DICOMPixelReader(header: header, layout: layout) { uid in
                FrameDecoders.decoder(for: uid).map { BitPackedFrameDecoder(inner: $0, isRLE: uid == "1.2.840.10008.1.2.5") }
            }
        } catch {
            throw .unreadable(error)
        }
        let threshold: (UInt8) -> Bool
        if let maximum = summary.maximumFractionalValue {
            threshold = { Int($0) * 2 >= maximum }
        } else {
            threshold = { $0 != 0 }
        }
        let count = layout.pixelsPerFrame
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 16)
        defer { scratch.deallocate() }
        let values = UnsafeBufferPointer(start: scratch.bindMemory(to: UInt8.self, capacity: count), count: count)
        var masks: [DICOMSegmentationMask] = []
        masks.reserveCapacity(layout.frames)
        for frame in 0..<layout.frames {
            do {
                try reader.readFrame(frame, into: scratch, output: .uint8, rescale: .identity)
            } catch {
                throw .unreadable(error)
            }
            masks.append(DICOMSegmentationMask(values: values, isMember: threshold))
        }
        return masks
    }

    /// Native pixel data must hold exactly the frames Number of Frames declares (the value is
    /// padded to an even length): fewer or more bytes mean the count is wrong, and a value that
    /// runs past the end of the file means the file is cut short.
    private static func checkNativeLength(_ header: DICOMHeader, _ layout: DICOMPixelLayout, _ length: Int)
        throws(DICOMSegmentationError) {
        let path = header.path
        let offset = header.pixelData!.offset
        let available = header.holdsWholeDataset ? header.dataset.storage.bytes.count - offset : header.fileSize - offset
        let bitsPerFrame = layout.pixelsPerFrame * layout.bitsAllocated
        let needed = (layout.frames * bitsPerFrame + 7) / 8
        if available < min(length, needed) {
            throw .unreadable(.truncated(path: path, detail: "the pixel data (7FE0,0010) holds \(max(available, 0)) of its \(length) bytes"))
        }
        let padded = (needed + 1) & ~1
        guard length < needed || length > padded else { return }
        let held = Double(length * 8) / Double(bitsPerFrame)
        throw .frameCountMismatch(path: path, detail: String(
            format: "Number of Frames (0028,0008) is %d, but the pixel data (%d bytes) holds %@ frame(s) of %d × %d pixels at %d bit(s)",
            layout.frames, length, held.rounded(.down) == held ? String(Int(held)) : String(format: "%.2f", held),
            layout.columns, layout.rows, layout.bitsAllocated))
    }
}

/// A codec for 1-bit segmentation frames: each compressed frame holds one frame alone, its
/// bits packed from a byte boundary. RLE compresses those packed bytes; JPEG 2000 and JPEG-LS
/// code the pixels as 1-bit samples. The result is a byte a pixel, 0 or 1, as the pixel reader
/// hands 1-bit native data on.
struct BitPackedFrameDecoder: FrameDecoder {
    let inner: any FrameDecoder
    let isRLE: Bool
    var name: String { inner.name }

    func decode(_ frame: UnsafeRawBufferPointer, _ description: FrameDescription) throws(CodecError) -> DecodedFrame {
        guard description.bitsAllocated == 1 else { return try inner.decode(frame, description) }
        let pixels = description.rows * description.columns
        var eight = description
        eight.bitsAllocated = 8
        if isRLE {
            let packed = (pixels + 7) / 8
            guard let shape = Self.shape(packed) else {
                throw .unsupported(codec: name, detail: "a 1-bit frame of \(pixels) pixels")
            }
            eight.rows = shape.rows
            eight.columns = shape.columns
            eight.bitsStored = 8
            let decoded = try inner.decode(frame, eight)
            var out = [UInt8](repeating: 0, count: pixels)
            for n in 0..<pixels { out[n] = decoded.bytes[n >> 3] >> UInt8(n & 7) & 1 }
            return DecodedFrame(bytes: out, photometric: decoded.photometric)
        }
        eight.bitsStored = 1
        var decoded = try inner.decode(frame, eight)
        for n in 0..<min(pixels, decoded.bytes.count) { decoded.bytes[n] = decoded.bytes[n] == 0 ? 0 : 1 }
        return decoded
    }

    /// Rows × columns, each at most 65535, that hold exactly `bytes` bytes.
    static func shape(_ bytes: Int) -> (rows: Int, columns: Int)? {
        if bytes <= 65535 { return (1, bytes) }
        var rows = (bytes + 65534) / 65535
        while rows <= 65535 {
            if bytes % rows == 0 { return (rows, bytes / rows) }
            rows += 1
        }
        return nil
    }
}
