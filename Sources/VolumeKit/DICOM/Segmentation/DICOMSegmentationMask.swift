/// The pixels of one segmentation frame that belong to its segment, one bit a pixel, row by
/// row (offset = row × columns + column). Fractional frames are thresholded before they get here.
public struct DICOMSegmentationMask: Sendable, Equatable {
    public let pixelCount: Int
    private var words: [UInt64]
    /// Pixels set.
    public private(set) var count: Int = 0

    init(pixelCount: Int) {
        self.pixelCount = pixelCount
        words = [UInt64](repeating: 0, count: (pixelCount + 63) / 64)
    }

    /// Sets the pixels whose byte in `values` (one a pixel) passes `isMember`.
    init(values: UnsafeBufferPointer<UInt8>, isMember: (UInt8) -> Bool) {
        self.init(pixelCount: values.count)
        var set = 0
        for n in 0..<values.count where isMember(values[n]) {
            words[n >> 6] |= 1 << UInt64(n & 63)
            set += 1
        }
        count = set
    }

    mutating func setNonzero(_ values: [UInt16]) {
        var set = 0
        for n in 0..<min(values.count, pixelCount) where values[n] != 0 {
            words[n >> 6] |= 1 << UInt64(n & 63)
            set += 1
        }
        count = set
    }

    public subscript(offset: Int) -> Bool { words[offset >> 6] >> UInt64(offset & 63) & 1 == 1 }

    /// Calls `body` with the offset of every set pixel, in increasing order.
    public func forEachSet(_ body: (Int) throws -> Void) rethrows {
        for (w, word) in words.enumerated() where word != 0 {
            var bits = word
            while bits != 0 {
                let bit = bits.trailingZeroBitCount
                try body(w << 6 | bit)
                bits &= bits - 1
            }
        }
    }
}
