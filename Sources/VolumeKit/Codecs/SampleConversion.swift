/// Small transformations of decoded samples that several codecs share.
enum SampleConversion {
    /// Samples of `sourceBytes` (1 or 2) bytes, native order, copied into a little-endian
    /// container of `layout.bytesPerSample` bytes; planes (RR…GG…BB…) become interleaved when
    /// `planar` is set.
    static func repack(_ source: UnsafeRawBufferPointer, sourceBytes: Int, planar: Bool, layout: FrameLayout) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: layout.byteCount)
        let spp = layout.samplesPerPixel, pixels = layout.pixelCount
        bytes.withUnsafeMutableBytes { out in
            for index in 0..<layout.sampleCount {
                let from = planar && spp > 1 ? (index % spp) * pixels + index / spp : index
                let value: UInt32 = sourceBytes == 1
                    ? UInt32(source[from])
                    : UInt32(source.loadUnaligned(fromByteOffset: 2 * from, as: UInt16.self))
                store(value, at: index, in: out, bytes: layout.bytesPerSample)
            }
        }
        return bytes
    }

    @inline(__always)
    static func store(_ value: UInt32, at index: Int, in out: UnsafeMutableRawBufferPointer, bytes: Int) {
        switch bytes {
        case 1: out[index] = UInt8(truncatingIfNeeded: value)
        case 2: out.storeBytes(of: UInt16(truncatingIfNeeded: value).littleEndian, toByteOffset: 2 * index, as: UInt16.self)
        default: out.storeBytes(of: value.littleEndian, toByteOffset: 4 * index, as: UInt32.self)
        }
    }

    @inline(__always)
    static func load(at index: Int, in data: UnsafeMutableRawBufferPointer, bytes: Int) -> UInt32 {
        switch bytes {
        case 1: return UInt32(data[index])
        case 2: return UInt32(UInt16(littleEndian: data.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self)))
        default: return UInt32(littleEndian: data.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self))
        }
    }

    /// Keeps the low `bits` bits of every sample and, when `signed`, copies bit `bits - 1` into
    /// the bits above it: what pydicom does to decoded frames whose Bits Stored is less than
    /// Bits Allocated, and what JPEG-LS and JPEG 2000 data of a lower precision need.
    static func fitToBits(_ bytes: inout [UInt8], bits: Int, signed: Bool, layout: FrameLayout) {
        let width = layout.bytesPerSample * 8
        guard bits > 0, bits < width else { return }
        let shift = UInt32(32 - bits)
        bytes.withUnsafeMutableBytes { data in
            for index in 0..<layout.sampleCount {
                let value = load(at: index, in: data, bytes: layout.bytesPerSample)
                let fitted = signed ? UInt32(bitPattern: Int32(bitPattern: value << shift) >> Int32(shift)) : (value << shift) >> shift
                store(fitted, at: index, in: data, bytes: layout.bytesPerSample)
            }
        }
    }
}
