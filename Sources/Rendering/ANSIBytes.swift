import VolumeKit

/// Small helpers that append escape sequences and text to a byte buffer without allocating.
enum ANSIBytes {
    static let escape: UInt8 = 0x1B
    static let bracket: UInt8 = 0x5B  // [
    static let semicolon: UInt8 = 0x3B

    /// Number of decimal digits of a non-negative number.
    @inline(__always)
    static func digits(_ n: Int) -> Int {
        n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : String(n).utf8.count
    }

    @inline(__always)
    static func append(_ n: Int, to out: inout [UInt8]) {
        if n >= 100 {
            if n >= 1000 {
                for byte in String(n).utf8 { out.append(byte) }
                return
            }
            out.append(UInt8(48 + n / 100))
            out.append(UInt8(48 + n / 10 % 10))
            out.append(UInt8(48 + n % 10))
        } else if n >= 10 {
            out.append(UInt8(48 + n / 10))
            out.append(UInt8(48 + n % 10))
        } else {
            out.append(UInt8(48 + n))
        }
    }

    @inline(__always)
    static func csi(_ out: inout [UInt8]) {
        out.append(escape)
        out.append(bracket)
    }

    @inline(__always)
    static func utf8Count(_ s: Unicode.Scalar) -> Int {
        let v = TerminalSafeText.cellGlyph(s).value
        return v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x10000 ? 3 : 4
    }

    /// Appends a glyph as UTF-8. A control scalar is never sent as itself, whatever cell it
    /// came from: it goes as its visible single-cell stand-in (`TerminalSafeText.cellGlyph`).
    @inline(__always)
    static func append(_ s: Unicode.Scalar, to out: inout [UInt8]) {
        let v = TerminalSafeText.cellGlyph(s).value
        if v < 0x80 {
            out.append(UInt8(v))
        } else if v < 0x800 {
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}
