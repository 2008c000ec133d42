import CCodecShims
import COpenJPEG
import Foundation

/// JPEG 2000 (1.2.840.10008.1.2.4.90 lossless, .91) and High-Throughput JPEG 2000
/// (.201, .202, .203) through OpenJPEG, from a J2K codestream or a JP2 file.
///
/// OpenJPEG undoes the multiple-component transform, so YBR_RCT and YBR_ICT frames come out
/// as RGB. Precision and signedness come from the codestream; when its signedness disagrees
/// with the dataset's Pixel Representation (pydicom's J2K_pixelrep_mismatch sample), the
/// samples are re-read in the dataset's signedness at the codestream's precision, as pydicom
/// does.
struct JPEG2000Decoder: FrameDecoder {
    var name: String { "JPEG 2000" }

    private static let jp2Signature: [UInt8] = [0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20]

    func decode(_ frame: UnsafeRawBufferPointer, _ description: FrameDescription) throws(CodecError) -> DecodedFrame {
        let layout = try FrameLayout(description, codec: name)
        guard frame.count >= 12, let base = frame.baseAddress else {
            throw .corrupt(codec: name, detail: "the frame is only \(frame.count) bytes")
        }
        let isJP2 = Array(frame.prefix(8)) == Self.jp2Signature
        guard isJP2 || (frame[0] == 0xFF && frame[1] == 0x4F) else {
            throw .corrupt(codec: name, detail: String(format: "the frame starts with %02X %02X, neither a J2K codestream (FF4F) nor a JP2 file", frame[0], frame[1]))
        }
        // OpenJPEG holds an unretained pointer to `messages` until the codec is destroyed: keep
        // it alive until then (declared first, so its defer runs last).
        let messages = OpenJPEGMessages()
        // After an assert inside OpenJPEG (see `openjpeg_guard.c`) its objects are left as they
        // are, never touched again: leaked, once per damaged frame, rather than freed half-built.
        var aborted = false
        defer { if aborted { _ = Unmanaged.passRetained(messages) } else { withExtendedLifetime(messages) {} } }
        guard let codec = opj_create_decompress(isJP2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K) else {
            throw .unsupported(codec: name, detail: "OpenJPEG could not create a decoder")
        }
        defer { if !aborted { opj_destroy_codec(codec) } }
        OpenJPEGStream.listen(codec, messages)
        var parameters = opj_dparameters_t()
        opj_set_default_decoder_parameters(&parameters)
        guard opj_setup_decoder(codec, &parameters) != 0 else {
            throw .unsupported(codec: name, detail: "OpenJPEG refused the decoder settings")
        }
        // By default OpenJPEG decodes what it has of a codestream cut short and fills the rest
        // with zeros; strict mode makes a missing tile part an error.
        guard opj_decoder_set_strict_mode(codec, 1) != 0 else {
            throw .unsupported(codec: name, detail: "OpenJPEG refused strict decoding")
        }

        let source = UnsafeMutablePointer<OpenJPEGMemorySource>.allocate(capacity: 1)
        source.initialize(to: OpenJPEGMemorySource(base: base, count: frame.count, offset: 0))
        defer { if !aborted { source.deallocate() } }
        guard let stream = OpenJPEGStream.make(source) else {
            throw .unsupported(codec: name, detail: "OpenJPEG could not create a stream")
        }
        defer { if !aborted { opj_stream_destroy(stream) } }

        func failure(_ step: String) -> CodecError {
            let why = messages.errors.isEmpty ? "" : ": " + messages.errors.joined(separator: "; ")
            return .corrupt(codec: name, detail: "OpenJPEG failed \(step)\(why)")
        }
        /// One guarded OpenJPEG call: failure and abort become errors.
        func run(_ step: String, _ call: () -> Int32) throws(CodecError) {
            switch call() {
            case Int32(SLICEMARK_OPJ_OK): return
            case Int32(SLICEMARK_OPJ_ABORTED):
                aborted = true
                throw .corrupt(codec: name, detail: "OpenJPEG stopped on an inconsistent codestream \(step) (an internal check failed)")
            default:
                throw failure(step)
            }
        }
        var rawImage: UnsafeMutableRawPointer?
        try run("while reading the header") { slicemark_opj_read_header(UnsafeMutableRawPointer(codec), UnsafeMutableRawPointer(stream), &rawImage) }
        guard let imagePointer = rawImage?.assumingMemoryBound(to: opj_image_t.self) else { throw failure("to read the header") }
        defer { if !aborted { opj_image_destroy(imagePointer) } }

        let header = imagePointer.pointee
        let components = Int(header.numcomps)
        let width = Int(header.x1) - Int(header.x0), height = Int(header.y1) - Int(header.y0)
        try layout.expect(columns: width, rows: height, components: components, codec: name)
        try run("while decoding") { slicemark_opj_decode(UnsafeMutableRawPointer(codec), UnsafeMutableRawPointer(stream), UnsafeMutableRawPointer(imagePointer)) }
        try run("at the end of the codestream") { slicemark_opj_end_decompress(UnsafeMutableRawPointer(codec), UnsafeMutableRawPointer(stream)) }

        let image = imagePointer.pointee
        guard let comps = image.comps else { throw failure("to produce image components") }
        let first = comps[0]
        for index in 0..<components {
            let component = comps[index]
            guard Int(component.w) == width, Int(component.h) == height, component.data != nil else {
                throw .unsupported(codec: name, detail: "component \(index + 1) is \(component.w) × \(component.h) (subsampled JPEG 2000 components)")
            }
            guard component.prec == first.prec, component.sgnd == first.sgnd else {
                throw .unsupported(codec: name, detail: "components of different precision or signedness")
            }
        }
        let precision = Int(first.prec)
        guard precision >= 1, precision <= layout.bytesPerSample * 8 else {
            throw .corrupt(codec: name, detail: "\(precision)-bit samples in the codestream do not fit Bits Allocated \(description.bitsAllocated)")
        }

        var bytes = [UInt8](repeating: 0, count: layout.byteCount)
        bytes.withUnsafeMutableBytes { out in
            for c in 0..<components {
                let data = comps[c].data!
                for p in 0..<layout.pixelCount {
                    SampleConversion.store(UInt32(bitPattern: data[p]), at: p * components + c, in: out, bytes: layout.bytesPerSample)
                }
            }
        }
        let codestreamSigned = first.sgnd != 0
        if codestreamSigned != (description.pixelRepresentation == 1) {
            SampleConversion.fitToBits(&bytes, bits: precision, signed: description.pixelRepresentation == 1, layout: layout)
        }
        let photometric = ["YBR_RCT", "YBR_ICT"].contains(description.photometric) ? "RGB" : description.photometric
        return DecodedFrame(bytes: bytes, photometric: photometric)
    }
}
