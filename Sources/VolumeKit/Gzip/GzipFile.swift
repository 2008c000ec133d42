/// A gzip-compressed file, memory-mapped and inflated straight into a voxel buffer.
///
/// The fast path is libdeflate into a buffer sized from what the caller expects (the NIfTI
/// header), after checking that the gzip trailer's size (ISIZE) agrees. Several gzip members,
/// 4 GiB or more, or anything libdeflate declines go through zlib, which streams into the same
/// buffer and says what is wrong when the data is damaged.
struct GzipFile {
    let path: String
    /// The compressed bytes (memory-mapped when possible).
    private let compressed: VoxelBuffer

    /// A deflate stream inflates to at most 1032 times its size (its maximum ratio), so a file
    /// of `n` bytes cannot hold more than this: a header claiming more is not believed.
    static func maximumInflatedSize(ofCompressed n: Int) -> Int {
        n.multipliedReportingOverflow(by: 1032).overflow ? Int.max : n * 1032 + 1024
    }

    static func hasGzipMagic<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        var it = bytes.makeIterator()
        return it.next() == 0x1f && it.next() == 0x8b
    }

    init(path: String) throws {
        self.path = path
        let file = try ReadableFile(path: path)
        let size = file.size
        guard size > 0 else { throw VolumeKitError.emptyFile(path: path) }
        if let mapped = VoxelBuffer(mapping: path, offset: 0, length: size) {
            compressed = mapped
        } else {
            guard let read = try VoxelBuffer(capacity: size, voxelsAt: 0, byteCount: size, fill: {
                guard try file.read(at: 0, into: $0) == size else {
                    throw VolumeKitError.unreadable(path: path, reason: "the file changed while it was read")
                }
            }) else { throw VolumeKitError.unreadable(path: path, reason: "not enough memory") }
            compressed = read
        }
        guard Self.hasGzipMagic(input) else {
            throw VolumeKitError.malformed(path: path, detail: "the name says gzip (.gz) but the file is not gzip-compressed")
        }
    }

    private var input: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: compressed.bytes, count: compressed.byteCount)
    }

    var compressedCount: Int { compressed.byteCount }

    /// The uncompressed size modulo 2³² that the last member's trailer records.
    var trailerSize: Int? {
        guard compressed.byteCount >= 18 else { return nil }
        let p = compressed.bytes + (compressed.byteCount - 4)
        return Int(UInt32(littleEndian: p.loadUnaligned(as: UInt32.self)))
    }

    /// Up to `count` bytes from the start of the uncompressed data (fewer when it is shorter).
    func prefix(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let produced = try bytes.withUnsafeMutableBytes { out -> Int in
            switch try streaming(into: out) {
            case .filled: return count
            case .ended(let produced): return produced
            }
        }
        return Array(bytes[..<produced])
    }

    /// Inflates the first `offset + byteCount` bytes of the data into a new buffer whose voxels
    /// are the `byteCount` bytes from `offset`. `describe` says, for errors, what those bytes
    /// were expected to be (e.g. "33 × 41 × 25 int16 voxels").
    func inflate(voxelsAt offset: Int, byteCount: Int, describe: String) throws -> VoxelBuffer {
        let (needed, overflow) = offset.addingReportingOverflow(byteCount)
        guard !overflow, needed <= Self.maximumInflatedSize(ofCompressed: compressedCount) else {
            throw VolumeKitError.truncated(path: path, detail:
                "the header describes \(describe) (\(byteCount) bytes), more than a compressed file of \(compressedCount) bytes can hold")
        }
        // libdeflate inflates in one go into a buffer of the trailer's size: that is the whole
        // data when the trailer agrees with the header (a little padding after the voxels is
        // taken in too). Otherwise zlib streams the data and says where it ends.
        var capacity = needed
        var trailerAgrees = false
        if let isize = trailerSize, needed < 1 << 32, isize >= needed, isize - needed <= 1 << 24 {
            capacity = isize
            trailerAgrees = true
        }
        let input = self.input
        let path = self.path
        let buffer = try VoxelBuffer(capacity: capacity, voxelsAt: offset, byteCount: byteCount) { out in
            MemoryAdvice.preferHugePages(out)
            if trailerAgrees, case .inflated(_, let produced) = LibdeflateInflater.inflate(input, into: out),
               produced >= needed {
                return
            }
            switch try streaming(into: UnsafeMutableRawBufferPointer(rebasing: out[..<needed])) {
            case .filled:
                return
            case .ended(let produced):
                throw VolumeKitError.truncated(path: path, detail:
                    "the compressed data ends after \(produced) bytes, but the header describes \(describe) ending at byte \(needed)")
            }
        }
        guard let buffer else {
            throw VolumeKitError.unreadable(path: path, reason: "not enough memory for \(needed) bytes")
        }
        return buffer
    }

    /// The first `count` bytes of the data through libdeflate, for a first image before the
    /// whole file is inflated (in a buffer a little larger): nil when libdeflate cannot give
    /// them (the caller then waits for the whole).
    func inflatedPrefix(_ count: Int) -> VoxelBuffer? {
        guard count > 0, count <= Self.maximumInflatedSize(ofCompressed: compressedCount) else { return nil }
        let capacity = count + LibdeflateInflater.shortfall
        let input = self.input
        struct Declined: Error {}
        return try? VoxelBuffer(capacity: capacity, voxelsAt: 0, byteCount: count) { out in
            guard LibdeflateInflater.inflatePrefix(input, into: out, needed: count) else { throw Declined() }
        }
    }

    private func streaming(into out: UnsafeMutableRawBufferPointer) throws -> ZlibInflater.Outcome {
        do {
            return try ZlibInflater.inflate(input, into: out)
        } catch .corrupt(let message) {
            throw VolumeKitError.malformed(path: path, detail: "the gzip data is damaged (\(message))")
        } catch .outOfMemory {
            throw VolumeKitError.unreadable(path: path, reason: "not enough memory to decompress")
        }
    }
}
