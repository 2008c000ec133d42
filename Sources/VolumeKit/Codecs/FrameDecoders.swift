/// The decoder for each compressed transfer syntax slicemark reads.
public enum FrameDecoders {
    /// nil when slicemark cannot decode this transfer syntax (the caller names it in the error).
    public static func decoder(for transferSyntaxUID: String) -> (any FrameDecoder)? {
        registry[transferSyntaxUID]
    }

    static let registry: [String: any FrameDecoder] = [:]
}
