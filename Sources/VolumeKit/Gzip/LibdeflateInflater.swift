import CLibdeflate

/// Whole-buffer gzip decompression through libdeflate, about twice as fast as zlib: every
/// libdeflate decompression call of the package is in this file (compression: `GzipCompressor`).
///
/// libdeflate needs the whole output in one buffer, so it serves when the size is known in
/// advance (from the NIfTI header and the gzip trailer) and the data is one gzip member.
enum LibdeflateInflater {
    enum Outcome: Equatable {
        /// The first member inflated to `produced` bytes from `consumed` input bytes.
        case inflated(consumed: Int, produced: Int)
        /// The data does not fit the buffer, or is not what libdeflate can take in one go;
        /// the caller falls back to zlib, which says precisely what is wrong.
        case needsStreaming
    }

    static func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Outcome {
        guard let inBase = input.baseAddress, let outBase = output.baseAddress,
              let decompressor = libdeflate_alloc_decompressor() else { return .needsStreaming }
        defer { libdeflate_free_decompressor(decompressor) }
        var consumed = 0, produced = 0
        let result = libdeflate_gzip_decompress_ex(decompressor, inBase, input.count, outBase, output.count,
                                                   &consumed, &produced)
        guard result == LIBDEFLATE_SUCCESS else { return .needsStreaming }
        return .inflated(consumed: consumed, produced: produced)
    }
}
