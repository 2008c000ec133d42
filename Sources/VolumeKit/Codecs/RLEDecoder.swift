/// DICOM RLE Lossless (PS3.5 Annex G), in Swift.
///
/// A frame is a 64-byte header (the number of segments, then 15 little-endian offsets) and
/// one PackBits-compressed segment per byte plane: for each sample of a pixel, its bytes from
/// the most significant to the least. Segments therefore hold `samplesPerPixel ×
/// bytesPerSample` planes of `rows × columns` bytes, which are woven back into little-endian
/// interleaved samples here. The planar configuration of the dataset does not matter.
struct RLEDecoder: FrameDecoder {
    var name: String { "RLE Lossless" }

    func decode(_ frame: UnsafeRawBufferPointer, _ description: FrameDescription) throws(CodecError) -> DecodedFrame {
        let layout = try FrameLayout(description, codec: name)
        guard frame.count >= 64 else {
            throw .corrupt(codec: name, detail: "the frame is \(frame.count) bytes, shorter than the 64-byte RLE header")
        }
        let segmentCount = frame.littleEndianUInt32(at: 0)
        let expectedSegments = layout.samplesPerPixel * layout.bytesPerSample
        guard segmentCount == expectedSegments else {
            throw .corrupt(codec: name, detail: "the header lists \(segmentCount) segments, but \(layout.samplesPerPixel) samples of \(layout.bytesPerSample * 8) bits need \(expectedSegments)")
        }
        var offsets = (0..<segmentCount).map { frame.littleEndianUInt32(at: 4 + 4 * $0) }
        offsets.append(frame.count)
        for index in 0..<segmentCount {
            let start = offsets[index]
            guard start >= 64, start <= offsets[index + 1], start < frame.count else {
                throw .corrupt(codec: name, detail: "segment \(index + 1) starts at byte \(start), outside the frame of \(frame.count) bytes or before the previous segment ends")
            }
        }

        var bytes = [UInt8](repeating: 0, count: layout.byteCount)
        let pixels = layout.pixelCount
        let stride = layout.samplesPerPixel * layout.bytesPerSample
        try bytes.withUnsafeMutableBufferPointer { (output) throws(CodecError) in
            for segment in 0..<segmentCount {
                let sample = segment / layout.bytesPerSample
                let significance = segment % layout.bytesPerSample  // 0 = most significant byte
                let first = sample * layout.bytesPerSample + (layout.bytesPerSample - 1 - significance)
                let data = UnsafeRawBufferPointer(rebasing: frame[offsets[segment]..<offsets[segment + 1]])
                let produced = unpackBits(data, into: output, first: first, stride: stride, count: pixels)
                guard produced == pixels else {
                    throw .corrupt(codec: name, detail: "segment \(segment + 1) decodes to \(produced) bytes, but the image has \(pixels) pixels")
                }
            }
        }
        return DecodedFrame(bytes: bytes, photometric: description.photometric)
    }

    /// PackBits into every `stride`-th byte of `output` from `first`; returns how many bytes it
    /// wrote, never more than `count` (encoders may pad a segment with a byte or a whole run).
    private func unpackBits(_ data: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt8>,
                            first: Int, stride: Int, count: Int) -> Int {
        var written = 0
        var position = first
        var index = 0
        let end = data.count
        while index < end, written < count {
            let header = Int(Int8(bitPattern: data[index]))
            index += 1
            if header >= 0 {
                let literal = min(header + 1, end - index, count - written)
                for k in 0..<literal {
                    output[position] = data[index + k]
                    position += stride
                }
                written += literal
                index += header + 1
            } else if header != -128 {
                guard index < end else { break }
                let value = data[index]
                index += 1
                let run = min(1 - header, count - written)
                for _ in 0..<run {
                    output[position] = value
                    position += stride
                }
                written += run
            }
        }
        return written
    }
}
