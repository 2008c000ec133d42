import VolumeKit

/// RFC 1950 zlib data (what the kitty protocol's `o=z` takes), made from VolumeKit's gzip
/// compressor: a libdeflate gzip member is a fixed 10-byte header, the raw deflate stream and
/// an 8-byte trailer (CRC-32, size); zlib wraps the same deflate stream in a 2-byte header and
/// the Adler-32 of the data.
enum ZlibStream {
    /// nil only if the compressor fails (out of memory).
    static func compress(_ data: [UInt8], level: Int = 1) -> [UInt8]? {
        guard let compressor = try? GzipCompressor(level: level), let gzip = try? compressor.compress(data),
              gzip.count >= 18 else { return nil }
        var out: [UInt8] = [0x78, 0x01]  // deflate, 32 KiB window; FCHECK makes 0x7801 a multiple of 31
        out.reserveCapacity(gzip.count - 18 + 6)
        out.append(contentsOf: gzip[10..<(gzip.count - 8)])
        let a = adler32(data)
        out.append(contentsOf: [UInt8(a >> 24), UInt8((a >> 16) & 0xFF), UInt8((a >> 8) & 0xFF), UInt8(a & 0xFF)])
        return out
    }

    static func adler32(_ data: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        data.withUnsafeBufferPointer { p in
            var i = 0
            // 5552 is the most bytes whose sums cannot overflow 32 bits before the modulo.
            while i < p.count {
                let end = min(i + 5552, p.count)
                while i < end { a &+= UInt32(p[i]); b &+= a; i += 1 }
                a %= 65521
                b %= 65521
            }
        }
        return b << 16 | a
    }
}
