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

    /// Literal bytes are written one at a time up to the end of the buffer; a match (at most
    /// 258 bytes) or a stored block (at most 65 535) that does not fit is not written at all.
    static let shortfall = 65_535 + 258

    /// Inflates the start of one gzip member: `output` is filled but for at most `shortfall`
    /// bytes at its end, where libdeflate stops with "insufficient space" (it writes straight
    /// into the buffer, in order, checking the room before each literal, match and stored
    /// block). True when the first `needed` bytes (at most `output.count − shortfall`) are the
    /// data's; false when the data is damaged, or ends, or is not one libdeflate member, before.
    static func inflatePrefix(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
                              needed: Int) -> Bool {
        guard let inBase = input.baseAddress, let outBase = output.baseAddress, needed + shortfall <= output.count,
              let decompressor = libdeflate_alloc_decompressor() else { return false }
        defer { libdeflate_free_decompressor(decompressor) }
        var consumed = 0, produced = 0
        let result = libdeflate_gzip_decompress_ex(decompressor, inBase, input.count, outBase, output.count,
                                                   &consumed, &produced)
        // A whole member that fits: all of it is there.
        if result == LIBDEFLATE_SUCCESS { return produced >= needed }
        return result == LIBDEFLATE_INSUFFICIENT_SPACE
    }
}
