/// A JPEG Huffman table (T.81 Annex C) ready for decoding: codes of up to `lookupBits` bits
/// are resolved with one table look-up, longer ones with the canonical max-code walk.
struct HuffmanTable: Sendable {
    static let lookupBits = 9

    /// For each `lookupBits`-bit prefix: code length in the high byte, symbol in the low byte;
    /// 0 when the code is longer.
    private(set) var lookup: [UInt16]
    /// Largest code of each length 1…16 (-1 when there is none), and where its symbols start.
    private(set) var maxCode: [Int32]
    private(set) var valueOffset: [Int32]
    private(set) var symbols: [UInt8]

    init(counts: [Int], symbols: [UInt8], corrupt: (String) -> CodecError) throws(CodecError) {
        self.symbols = symbols
        lookup = [UInt16](repeating: 0, count: 1 << Self.lookupBits)
        maxCode = [Int32](repeating: -1, count: 18)
        valueOffset = [Int32](repeating: 0, count: 18)
        var code = 0
        var k = 0
        for length in 1...16 {
            let n = counts[length - 1]
            guard code + n <= 1 << length else {
                throw corrupt("a Huffman table has more codes of length \(length) than fit in \(length) bits")
            }
            if n > 0 {
                valueOffset[length] = Int32(k - code)
                for _ in 0..<n {
                    if length <= Self.lookupBits {
                        let shift = Self.lookupBits - length
                        let base = code << shift
                        for fill in 0..<(1 << shift) { lookup[base + fill] = UInt16(length << 8) | UInt16(symbols[k]) }
                    }
                    code += 1
                    k += 1
                }
                maxCode[length] = Int32(code - 1)
            }
            code <<= 1
        }
        maxCode[17] = Int32.max
    }
}
