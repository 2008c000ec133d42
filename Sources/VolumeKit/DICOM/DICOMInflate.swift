import CZlib

/// Raw deflate (RFC 1951, no zlib or gzip wrapper), as Deflated Explicit VR Little Endian uses.
enum DICOMInflate {
    /// Inflates `input`; stops at `limit` output bytes so a hostile stream cannot exhaust memory.
    static func inflateRaw(_ input: ArraySlice<UInt8>, limit: Int = 1 << 31) -> [UInt8]? {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(min(input.count * 4, limit))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var status: Int32 = Z_OK
        let ok: Bool = input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = UInt32(source.count)
            repeat {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = UInt32(target.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return target.count - Int(stream.avail_out)
                }
                guard status == Z_OK || status == Z_STREAM_END || (status == Z_BUF_ERROR && produced > 0) else { return false }
                output.append(contentsOf: chunk[0..<produced])
                if output.count > limit { return false }
                if produced == 0 && stream.avail_in == 0 { break }
            } while status != Z_STREAM_END
            return true
        }
        return ok ? output : nil
    }
}
