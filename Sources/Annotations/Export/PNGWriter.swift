import VolumeKit

/// 8-bit greyscale PNG files (colour type 0, bit depth 8, no interlace, filter 0 on every row),
/// compressed with libdeflate through `GzipCompressor`: its gzip member's deflate stream is
/// re-wrapped as the zlib stream PNG's IDAT holds (header 78 9C, Adler-32 at the end).
public enum PNGWriter {
    /// `pixels`: `width × height` grey levels, row by row from the top.
    public static func grey(width: Int, height: Int, pixels: [UInt8]) throws(GzipCompressionError) -> [UInt8] {
        precondition(pixels.count == width * height)
        var raw: [UInt8] = []
        raw.reserveCapacity((width + 1) * height)
        for r in 0..<height {
            raw.append(0)
            raw.append(contentsOf: pixels[(r * width)..<((r + 1) * width)])
        }
        let gzip = try GzipCompressor(level: 6).compress(raw)
        // libdeflate writes a 10-byte gzip header (no name, comment or extra field) and an
        // 8-byte trailer (CRC-32, size) around the deflate stream.
        var zlib: [UInt8] = [0x78, 0x9C]
        zlib.append(contentsOf: gzip[10..<(gzip.count - 8)])
        zlib.append(contentsOf: bigEndian(adler32(raw)))

        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header = bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        header += [8, 0, 0, 0, 0]  // bit depth 8, greyscale, deflate, filter 0, no interlace
        chunk("IHDR", header, into: &out)
        chunk("IDAT", zlib, into: &out)
        chunk("IEND", [], into: &out)
        return out
    }

    static func chunk(_ type: String, _ data: [UInt8], into out: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        out += bigEndian(UInt32(data.count))
        out += typeBytes
        out += data
        out += bigEndian(crc32(typeBytes + data))
    }

    static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        var n = 0
        while n < bytes.count {
            // 5552 bytes keep the sums below 2³² before the modulo (zlib's NMAX).
            let end = min(n + 5552, bytes.count)
            for i in n..<end {
                a &+= UInt32(bytes[i])
                b &+= a
            }
            a %= 65521
            b %= 65521
            n = end
        }
        return b << 16 | a
    }

    static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
