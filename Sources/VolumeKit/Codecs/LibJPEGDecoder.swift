import CCodecShims

/// JPEG Baseline (1.2.840.10008.1.2.4.50) and 8-bit JPEG Extended (.51) through libjpeg-turbo.
///
/// Colour follows pydicom with pylibjpeg: when the dataset says YBR_FULL or YBR_FULL_422 the
/// YCbCr samples are handed over as they are (upsampled to full resolution; the result says
/// YBR_FULL), otherwise libjpeg converts what the stream's JFIF/Adobe markers say is YCbCr
/// into RGB, and a stream whose Adobe marker says "no transform", or that has neither marker,
/// stays RGB (libjpeg alone would guess YCbCr there; pydicom's decoders do not).
/// 12-bit JPEG Extended needs a libjpeg built for 12-bit samples, which Debian's libjpeg-turbo
/// 2.1 is not: those frames go to `JPEGExtended12BitDecoder`.
struct LibJPEGDecoder: FrameDecoder {
    var name: String { "JPEG" }

    func decode(_ frame: UnsafeRawBufferPointer, _ description: FrameDescription) throws(CodecError) -> DecodedFrame {
        let layout = try FrameLayout(description, codec: name)
        let stream = try JPEGStream(frame, codec: name)
        if stream.frame.process == 3 { return try JPEGLosslessDecoder().decode(frame, description) }
        // Sequential and progressive DCT, Huffman or arithmetic coded: libjpeg-turbo reads all of
        // them (DICOM itself allows only sequential Huffman here, but archives hold the others).
        guard [0, 1, 2, 9, 10].contains(stream.frame.process) else {
            throw .unsupported(codec: name, detail: "JPEG process SOF\(stream.frame.process) (hierarchical or arithmetic lossless coding)")
        }
        if stream.frame.precision == 12 { return try JPEGExtended12BitDecoder().decode(frame, description) }
        guard stream.frame.precision == 8 else {
            throw .corrupt(codec: name, detail: "the frame header gives \(stream.frame.precision)-bit samples; DCT JPEG has 8 or 12")
        }
        try layout.expect(columns: stream.frame.columns, rows: stream.frame.rows,
                          components: stream.frame.components.count, codec: name)
        guard layout.bytesPerSample == 1 || layout.bytesPerSample == 2 else {
            throw .corrupt(codec: name, detail: "8-bit JPEG samples cannot fill Bits Allocated \(description.bitsAllocated)")
        }

        let keepYCbCr = description.photometric.hasPrefix("YBR_FULL")
        var samples = [UInt8](repeating: 0, count: layout.sampleCount)
        var info = slicemark_jpeg_info()
        var message = [CChar](repeating: 0, count: 256)
        let status = samples.withUnsafeMutableBufferPointer { output in
            frame.withMemoryRebound(to: UInt8.self) { input in
                slicemark_jpeg_decode(input.baseAddress, input.count, keepYCbCr ? 1 : 0,
                                      output.baseAddress, output.count, &info, &message, message.count)
            }
        }
        switch Int(status) {
        case Int(SLICEMARK_JPEG_OK): break
        case Int(SLICEMARK_JPEG_SIZE_MISMATCH):
            throw .corrupt(codec: name, detail: "libjpeg reads a \(info.width) × \(info.height) image of \(info.components) components, which does not fill \(layout.columns) × \(layout.rows) × \(layout.samplesPerPixel)")
        default:
            let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw .corrupt(codec: name, detail: "libjpeg: \(text)")
        }

        let photometric: String
        switch info.output_color_space {
        case 3: photometric = "YBR_FULL"
        case 2: photometric = "RGB"
        default: photometric = description.photometric
        }
        guard layout.bytesPerSample == 2 else { return DecodedFrame(bytes: samples, photometric: photometric) }
        // 8-bit data stored with Bits Allocated 16 (it happens): widen each sample.
        var wide = [UInt8](repeating: 0, count: layout.byteCount)
        for (i, value) in samples.enumerated() { wide[2 * i] = value }
        return DecodedFrame(bytes: wide, photometric: photometric)
    }
}
