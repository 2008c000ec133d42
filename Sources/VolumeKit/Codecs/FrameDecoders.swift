/// The decoder for each compressed transfer syntax slicemark reads.
public enum FrameDecoders {
    /// nil when slicemark cannot decode this transfer syntax (the caller names it in the error).
    public static func decoder(for transferSyntaxUID: String) -> (any FrameDecoder)? {
        registry[transferSyntaxUID]
    }

    /// Every transfer syntax with a decoder, and the codec's name, for help and the tables in docs/formats.md.
    public static var supportedTransferSyntaxes: [(uid: String, codec: String)] {
        registry.map { ($0.key, $0.value.name) }.sorted { $0.uid < $1.uid }
    }

    static let registry: [String: any FrameDecoder] = [
        "1.2.840.10008.1.2.5": RLEDecoder(),
        "1.2.840.10008.1.2.4.50": LibJPEGDecoder(),
        "1.2.840.10008.1.2.4.51": LibJPEGDecoder(),
        "1.2.840.10008.1.2.4.57": JPEGLosslessDecoder(),
        "1.2.840.10008.1.2.4.70": JPEGLosslessDecoder(),
        "1.2.840.10008.1.2.4.80": JPEGLSDecoder(),
        "1.2.840.10008.1.2.4.81": JPEGLSDecoder(),
        "1.2.840.10008.1.2.4.90": JPEG2000Decoder(),
        "1.2.840.10008.1.2.4.91": JPEG2000Decoder(),
        "1.2.840.10008.1.2.4.201": JPEG2000Decoder(),
        "1.2.840.10008.1.2.4.202": JPEG2000Decoder(),
        "1.2.840.10008.1.2.4.203": JPEG2000Decoder(),
    ]
}
