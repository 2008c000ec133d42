/// Reads a segmentation's pixel data into one mask a frame (and, for a label map, its values),
/// through the image reader's pixel reader (bit-packed, native, deflated and encapsulated data alike).
enum DICOMSegmentationPixels {
    static func read(_ header: DICOMHeader, _ summary: DICOMSegmentationSummary) throws(DICOMSegmentationError)
        -> (masks: [DICOMSegmentationMask], labels: [[UInt16]]) {
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
        case .labelMap where layout.bitsAllocated != 8 && layout.bitsAllocated != 16 || layout.pixelRepresentation != 0:
            throw .unsupported(path: path, detail: "a LABELMAP segmentation with Bits Allocated (0028,0100) \(layout.bitsAllocated), Pixel Representation \(layout.pixelRepresentation); the standard says 8 or 16, unsigned")
        default: break
        }
        if let length = pixels.length { try checkNativeLength(header, layout, length) }
        if layout.isBitPacked && header.transferSyntax.uid == "1.2.840.10008.1.2.5" {
            // pydicom, highdicom and DCMTK neither write nor read 1-bit RLE: how its bits are
            // packed has no reference to check a reading against.
            throw .unsupported(path: path, detail: "a BINARY segmentation compressed as RLE Lossless (1 bit a pixel)")
        }

        let reader: DICOMPixelReader
        do {
            reader = try DICOMPixelReader(header: header, layout: layout) { uid in
                FrameDecoders.decoder(for: uid).map { OneBitFrameDecoder(inner: $0) }
            }
        } catch {
            throw .unreadable(error)
        }
        let count = layout.pixelsPerFrame
        if summary.type == .labelMap { return try labelFrames(reader, layout, summary) }
        let threshold: (UInt8) -> Bool
        if let maximum = summary.maximumFractionalValue {
            threshold = { Int($0) * 2 >= maximum }
        } else {
            threshold = { $0 != 0 }
        }
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
        return (masks, [])
    }

    /// A label map's frames: their values, which must be segments the file describes.
    private static func labelFrames(_ reader: DICOMPixelReader, _ layout: DICOMPixelLayout, _ summary: DICOMSegmentationSummary)
        throws(DICOMSegmentationError) -> (masks: [DICOMSegmentationMask], labels: [[UInt16]]) {
        let count = layout.pixelsPerFrame
        var known = [Bool](repeating: false, count: 65536)
        known[0] = true
        for s in summary.segments { known[s.number] = true }
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: count * 2, alignment: 16)
        defer { scratch.deallocate() }
        var masks: [DICOMSegmentationMask] = []
        var labels: [[UInt16]] = []
        for frame in 0..<layout.frames {
            do {
                try reader.readFrame(frame, into: scratch, output: layout.voxelType, rescale: .identity)
            } catch {
                throw .unreadable(error)
            }
            let values: [UInt16] = layout.bitsAllocated == 8
                ? UnsafeBufferPointer(start: scratch.assumingMemoryBound(to: UInt8.self), count: count).map { UInt16($0) }
                : Array(UnsafeBufferPointer(start: scratch.assumingMemoryBound(to: UInt16.self), count: count))
            if let unknown = values.first(where: { !known[Int($0)] }) {
                throw .unknownSegment(path: summary.path, frame: frame, segmentNumber: Int(unknown))
            }
            var mask = DICOMSegmentationMask(pixelCount: count)
            mask.setNonzero(values)
            masks.append(mask)
            labels.append(values)
        }
        return (masks, labels)
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
        let frames = held.rounded(.down) == held ? "\(Int(held))" : String(format: "%.2f", held)
        throw .frameCountMismatch(path: path, detail: "Number of Frames (0028,0008) is \(layout.frames), but the pixel data (\(length) bytes) holds \(frames) frame(s) of \(layout.columns) × \(layout.rows) pixels at \(layout.bitsAllocated) bit(s)")
    }
}

/// A codec for 1-bit segmentation frames: each compressed frame holds one frame alone, coded
/// (JPEG 2000, JPEG-LS) as 1-bit samples. The result is a byte a pixel, 0 or 1, as the pixel
/// reader hands 1-bit native data on.
struct OneBitFrameDecoder: FrameDecoder {
    let inner: any FrameDecoder
    var name: String { inner.name }

    func decode(_ frame: UnsafeRawBufferPointer, _ description: FrameDescription) throws(CodecError) -> DecodedFrame {
        guard description.bitsAllocated == 1 else { return try inner.decode(frame, description) }
        var eight = description
        eight.bitsAllocated = 8
        eight.bitsStored = 1
        var decoded = try inner.decode(frame, eight)
        for n in 0..<min(description.rows * description.columns, decoded.bytes.count) {
            decoded.bytes[n] = decoded.bytes[n] == 0 ? 0 : 1
        }
        return decoded
    }
}
