/// The size of a frame's native pixel data as the dataset describes it, checked once so
/// every decoder can rely on sane numbers.
struct FrameLayout {
    let rows: Int
    let columns: Int
    let samplesPerPixel: Int
    /// 1, 2 or 4.
    let bytesPerSample: Int

    var pixelCount: Int { rows * columns }
    var sampleCount: Int { rows * columns * samplesPerPixel }
    var byteCount: Int { sampleCount * bytesPerSample }

    init(_ description: FrameDescription, codec: String) throws(CodecError) {
        guard description.rows > 0, description.columns > 0 else {
            throw .corrupt(codec: codec, detail: "the dataset gives an image of \(description.columns) × \(description.rows) pixels")
        }
        guard description.rows <= 65_535, description.columns <= 65_535 else {
            throw .unsupported(codec: codec, detail: "images larger than 65535 × 65535 pixels")
        }
        guard description.samplesPerPixel == 1 || description.samplesPerPixel == 3 else {
            throw .unsupported(codec: codec, detail: "\(description.samplesPerPixel) samples per pixel (only 1 or 3)")
        }
        guard [8, 16, 32].contains(description.bitsAllocated) else {
            throw .unsupported(codec: codec, detail: "Bits Allocated \(description.bitsAllocated) (only 8, 16 or 32)")
        }
        guard description.bitsStored >= 1, description.bitsStored <= description.bitsAllocated else {
            throw .corrupt(codec: codec, detail: "Bits Stored \(description.bitsStored) does not fit Bits Allocated \(description.bitsAllocated)")
        }
        rows = description.rows
        columns = description.columns
        samplesPerPixel = description.samplesPerPixel
        bytesPerSample = description.bitsAllocated / 8
    }

    /// Fails unless the codestream's own header agrees with the dataset.
    func expect(columns: Int, rows: Int, components: Int, codec: String) throws(CodecError) {
        guard columns == self.columns, rows == self.rows else {
            throw .corrupt(codec: codec, detail: "the compressed image is \(columns) × \(rows) pixels but the dataset says \(self.columns) × \(self.rows)")
        }
        guard components == samplesPerPixel else {
            throw .corrupt(codec: codec, detail: "the compressed image has \(components) components but the dataset says \(samplesPerPixel) samples per pixel")
        }
    }
}

extension UnsafeRawBufferPointer {
    /// Big-endian 16-bit value at `offset` (the caller checked the bounds).
    @inline(__always)
    func bigEndianUInt16(at offset: Int) -> Int { Int(self[offset]) << 8 | Int(self[offset + 1]) }

    @inline(__always)
    func littleEndianUInt32(at offset: Int) -> Int {
        Int(self[offset]) | Int(self[offset + 1]) << 8 | Int(self[offset + 2]) << 16 | Int(self[offset + 3]) << 24
    }
}
