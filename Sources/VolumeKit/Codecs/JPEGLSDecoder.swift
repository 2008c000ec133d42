import CCharLS

/// JPEG-LS lossless and near-lossless (1.2.840.10008.1.2.4.80, .81) through CharLS.
///
/// CharLS hands back 8-bit samples for precisions up to 8 and 16-bit ones above, pixel
/// interleaved for line and sample interleave modes and plane by plane for "none". JPEG-LS
/// has no notion of sign, so for a signed dataset the samples are sign-extended from the
/// codestream's precision, as pydicom does.
struct JPEGLSDecoder: FrameDecoder {
    var name: String { "JPEG-LS" }

    func decode(_ frame: UnsafeRawBufferPointer, _ description: FrameDescription) throws(CodecError) -> DecodedFrame {
        let layout = try FrameLayout(description, codec: name)
        guard let frameBase = frame.baseAddress, !frame.isEmpty else { throw .corrupt(codec: name, detail: "the frame is empty") }
        // CharLS 2.4 spends seconds on a stream cut short before it gives up; a whole stream
        // ends with the end-of-image marker, then at most padding. FF D9 cannot occur inside
        // JPEG-LS coded data (a bit is stuffed after every FF), so finding it near the end is proof.
        let tail = frame.suffix(16)
        guard zip(tail, tail.dropFirst()).contains(where: { $0 == 0xFF && $1 == 0xD9 }) else {
            throw .corrupt(codec: name, detail: "the stream does not end with the end-of-image marker (FFD9): it is cut short")
        }
        guard let decoder = charls_jpegls_decoder_create() else {
            throw .unsupported(codec: name, detail: "CharLS could not allocate a decoder")
        }
        defer { charls_jpegls_decoder_destroy(decoder) }

        func check(_ code: charls_jpegls_errc, _ step: String) throws(CodecError) {
            guard code != CHARLS_JPEGLS_ERRC_SUCCESS else { return }
            let message = charls_get_error_message(code).map { String(cString: $0) } ?? "error \(code.rawValue)"
            throw .corrupt(codec: name, detail: "CharLS, \(step): \(message)")
        }
        try check(charls_jpegls_decoder_set_source_buffer(decoder, frameBase, frame.count), "reading the stream")
        try check(charls_jpegls_decoder_read_header(decoder), "reading the header")
        var info = charls_frame_info()
        try check(charls_jpegls_decoder_get_frame_info(decoder, &info), "reading the frame header")
        var interleave = CHARLS_INTERLEAVE_MODE_NONE
        try check(charls_jpegls_decoder_get_interleave_mode(decoder, &interleave), "reading the interleave mode")
        try layout.expect(columns: Int(info.width), rows: Int(info.height), components: Int(info.component_count), codec: name)
        let precision = Int(info.bits_per_sample)
        guard (2...16).contains(precision), precision <= layout.bytesPerSample * 8 else {
            throw .corrupt(codec: name, detail: "\(precision)-bit JPEG-LS samples do not fit Bits Allocated \(description.bitsAllocated)")
        }

        var size = 0
        try check(charls_jpegls_decoder_get_destination_size(decoder, 0, &size), "sizing the image")
        let sourceBytes = precision <= 8 ? 1 : 2
        guard size == layout.sampleCount * sourceBytes else {
            throw .corrupt(codec: name, detail: "CharLS needs \(size) bytes for an image the dataset sizes at \(layout.sampleCount * sourceBytes)")
        }
        var decoded = [UInt8](repeating: 0, count: size)
        let status = decoded.withUnsafeMutableBytes { charls_jpegls_decoder_decode_to_buffer(decoder, $0.baseAddress!, size, 0) }
        try check(status, "decoding")

        var bytes = decoded.withUnsafeBytes {
            SampleConversion.repack($0, sourceBytes: sourceBytes, planar: interleave == CHARLS_INTERLEAVE_MODE_NONE, layout: layout)
        }
        if description.pixelRepresentation == 1 {
            SampleConversion.fitToBits(&bytes, bits: precision, signed: true, layout: layout)
        }
        return DecodedFrame(bytes: bytes, photometric: description.photometric)
    }
}
