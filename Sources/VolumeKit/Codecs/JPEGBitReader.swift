/// Reads the entropy-coded data of one JPEG scan bit by bit, removing stuffed zero bytes and
/// stopping at markers. Past the end (or at a marker) it supplies zero bits, as libjpeg does,
/// but remembers it so a truncated stream is reported instead of silently decoded.
struct JPEGBitReader {
    private let data: UnsafeRawBufferPointer
    private var position: Int
    private let end: Int
    private var buffer: UInt64 = 0
    private var bitCount = 0
    /// Zero bits appended after the real data ran out; they sit at the low end of `buffer`.
    private var paddingBits = 0
    private var atMarker = false

    init(_ data: UnsafeRawBufferPointer, range: Range<Int>) {
        self.data = data
        position = range.lowerBound
        end = range.upperBound
    }

    /// True once more bits were consumed than the scan holds.
    var overran: Bool { bitCount < paddingBits }

    @inline(__always)
    private mutating func fill() {
        while bitCount <= 56 {
            var byte: UInt8 = 0
            if !atMarker, position < end {
                byte = data[position]
                if byte == 0xFF {
                    if position + 1 < end, data[position + 1] == 0x00 {
                        position += 2
                    } else {
                        atMarker = true
                        byte = 0
                        paddingBits += 8
                    }
                } else {
                    position += 1
                }
            } else {
                paddingBits += 8
            }
            buffer = buffer << 8 | UInt64(byte)
            bitCount += 8
        }
    }

    @inline(__always)
    mutating func bits(_ count: Int) -> Int {
        if count == 0 { return 0 }
        if bitCount < count { fill() }
        bitCount -= count
        return Int((buffer >> UInt64(bitCount)) & ((1 << UInt64(count)) - 1))
    }

    /// The next Huffman-coded symbol, or nil for a code the table does not have.
    @inline(__always)
    mutating func symbol(_ table: HuffmanTable) -> Int? {
        if bitCount < 16 { fill() }
        let peek = Int((buffer >> UInt64(bitCount - 16)) & 0xFFFF)
        let entry = table.lookup[peek >> (16 - HuffmanTable.lookupBits)]
        if entry != 0 {
            bitCount -= Int(entry >> 8)
            return Int(entry & 0xFF)
        }
        for length in (HuffmanTable.lookupBits + 1)...16 {
            let code = Int32(peek >> (16 - length))
            if code <= table.maxCode[length] {
                bitCount -= length
                let index = Int(code + table.valueOffset[length])
                return index < table.symbols.count ? Int(table.symbols[index]) : nil
            }
        }
        return nil
    }

    /// Skips the restart marker that must follow a restart interval; false when it is missing.
    mutating func restart() -> Bool {
        buffer = 0
        bitCount = 0
        paddingBits = 0
        atMarker = false
        // Any fill bytes before the marker belong to the previous interval.
        while position < end, data[position] != 0xFF { position += 1 }
        while position + 1 < end, data[position] == 0xFF, data[position + 1] == 0xFF { position += 1 }
        guard position + 1 < end, (0xD0...0xD7).contains(data[position + 1]) else { return false }
        position += 2
        return true
    }
}

/// T.81 F.2.2.1 EXTEND: a `count`-bit magnitude category value to a signed difference.
@inline(__always)
func jpegExtend(_ value: Int, _ count: Int) -> Int {
    value < (1 << (count - 1)) ? value - (1 << count) + 1 : value
}
