import CLibdeflate

/// Whole-buffer gzip compression through libdeflate (one gzip member, the format `gzip`,
/// nibabel and ITK read). Level 6 is zlib's default and a good balance: a 512×512×300 label map
/// compresses in well under a second on one core.
///
/// The libdeflate calls for compression are all in this file (`LibdeflateInflater` holds the
/// decompression ones).
public struct GzipCompressor: Sendable {
    /// libdeflate's levels: 0 (stored, no compression) to 12 (slowest, smallest).
    public static let levels: ClosedRange<Int> = 0...12

    public let level: Int

    public init(level: Int = 6) throws(GzipCompressionError) {
        guard Self.levels.contains(level) else { throw .invalidLevel(level) }
        self.level = level
    }

    /// The gzip file holding `input`.
    public func compress(_ input: UnsafeRawBufferPointer) throws(GzipCompressionError) -> [UInt8] {
        guard let compressor = libdeflate_alloc_compressor(Int32(level)) else { throw .outOfMemory(level: level) }
        defer { libdeflate_free_compressor(compressor) }
        let bound = libdeflate_gzip_compress_bound(compressor, input.count)
        // libdeflate takes a non-null pointer even for an empty input.
        let empty: UInt8 = 0
        // Uninitialised: zeroing a buffer as large as the input would cost a tenth of the time.
        let output = withUnsafePointer(to: empty) { emptyPointer in
            [UInt8](unsafeUninitializedCapacity: bound) { out, count in
                count = libdeflate_gzip_compress(compressor, input.baseAddress ?? UnsafeRawPointer(emptyPointer), input.count,
                                                 out.baseAddress, out.count)
            }
        }
        // The bound is libdeflate's own worst case, so 0 (did not fit) means it is broken.
        guard !output.isEmpty else { throw .outputDidNotFit(inputBytes: input.count, bound: bound) }
        return output
    }

    public func compress(_ input: [UInt8]) throws(GzipCompressionError) -> [UInt8] {
        // `withUnsafeBytes` cannot carry a typed throw through; hand the result out instead.
        let result: Result<[UInt8], GzipCompressionError> = input.withUnsafeBytes { bytes in
            Result { () throws(GzipCompressionError) in try compress(bytes) }
        }
        return try result.get()
    }
}

/// Why gzip compression failed.
public enum GzipCompressionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A level outside libdeflate's 0…12.
    case invalidLevel(Int)
    /// libdeflate could not allocate its compressor.
    case outOfMemory(level: Int)
    /// The compressed data did not fit in libdeflate's own upper bound for it.
    case outputDidNotFit(inputBytes: Int, bound: Int)

    public var description: String {
        switch self {
        case .invalidLevel(let level):
            return "gzip compression level \(level) is outside 0…12"
        case .outOfMemory(let level):
            return "not enough memory for a gzip compressor (level \(level))"
        case .outputDidNotFit(let n, let bound):
            return "gzip compression of \(n) bytes did not fit in the \(bound) bytes libdeflate allows for it"
        }
    }
}
