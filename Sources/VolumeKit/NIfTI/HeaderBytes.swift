/// Reads fixed-offset fields of a binary header in the header's byte order.
struct HeaderBytes {
    let bytes: [UInt8]
    let bigEndian: Bool

    func int16(_ offset: Int) -> Int { Int(Int16(bitPattern: UInt16(truncatingIfNeeded: raw(offset, 2)))) }
    func int32(_ offset: Int) -> Int { Int(Int32(bitPattern: UInt32(truncatingIfNeeded: raw(offset, 4)))) }
    func int64(_ offset: Int) -> Int { Int(Int64(bitPattern: raw(offset, 8))) }
    func float32(_ offset: Int) -> Double { Double(Float(bitPattern: UInt32(truncatingIfNeeded: raw(offset, 4)))) }
    func float64(_ offset: Int) -> Double { Double(bitPattern: raw(offset, 8)) }
    func uint8(_ offset: Int) -> Int { Int(bytes[offset]) }

    /// A NUL-terminated (or full-length) Latin-1 text field, trailing blanks removed.
    func text(_ offset: Int, _ count: Int) -> String {
        let field = bytes[offset..<(offset + count)]
        let end = field.firstIndex(of: 0) ?? field.endIndex
        let scalars = field[..<end].map { Character(Unicode.Scalar($0)) }
        return String(scalars).trimmingTrailingWhitespace()
    }

    private func raw(_ offset: Int, _ count: Int) -> UInt64 {
        var value: UInt64 = 0
        for n in 0..<count {
            let byte = UInt64(bytes[bigEndian ? offset + n : offset + count - 1 - n])
            value = value << 8 | byte
        }
        return value
    }
}

private extension String {
    func trimmingTrailingWhitespace() -> String {
        var s = Substring(self)
        while let last = s.last, last == " " || last == "\n" || last == "\r" || last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
