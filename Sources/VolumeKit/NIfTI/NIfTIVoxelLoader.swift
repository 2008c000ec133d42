/// Gets the voxel bytes of an image file into a `VoxelBuffer` in this machine's byte order:
/// memory-mapped when the file is uncompressed and already in that order (nothing copied, no
/// time spent until a slice is drawn), read and swapped otherwise, inflated when gzipped.
struct NIfTIVoxelLoader {
    var path: String
    var gzipped: Bool
    var offset: Int
    var byteCount: Int
    /// Bytes per sample, for byte swapping and alignment.
    var sampleSize: Int
    var swapBytes: Bool
    /// What the bytes are, for error messages ("33 × 41 × 25 int16 voxels").
    var describe: String

    func load() throws -> VoxelBuffer {
        gzipped ? try inflated() : try plain()
    }

    private func plain() throws -> VoxelBuffer {
        let file = try ReadableFile(path: path)
        let size = file.size
        if size == 0 { throw VolumeKitError.emptyFile(path: path) }
        guard offset <= size else {
            throw VolumeKitError.malformed(path: path, detail:
                "the voxels are said to start at byte \(offset) (vox_offset), past the end of the file (\(size) bytes)")
        }
        guard size - offset >= byteCount else {
            throw VolumeKitError.truncated(path: path, detail:
                "the header describes \(describe) (\(byteCount) bytes from byte \(offset)), the file holds \(size - offset)")
        }
        let aligned = offset % sampleSize == 0
        if !swapBytes, aligned, let mapped = VoxelBuffer(mapping: path, offset: offset, length: byteCount) {
            return mapped
        }
        let buffer = try VoxelBuffer(capacity: byteCount, voxelsAt: 0, byteCount: byteCount) { memory in
            guard try file.read(at: offset, into: memory) == byteCount else {
                throw VolumeKitError.truncated(path: path, detail: "the file became shorter while it was read")
            }
            if swapBytes, let base = memory.baseAddress {
                ByteSwap.swap(base, sampleCount: byteCount / sampleSize, sampleSize: sampleSize)
            }
        }
        guard let buffer else { throw VolumeKitError.unreadable(path: path, reason: "not enough memory for \(byteCount) bytes") }
        return buffer
    }

    private func inflated() throws -> VoxelBuffer {
        let buffer = try GzipFile(path: path).inflate(voxelsAt: offset, byteCount: byteCount, describe: describe)
        if Int(bitPattern: buffer.bytes) % sampleSize == 0 {
            if swapBytes { ByteSwap.swap(buffer.mutableBytes, sampleCount: byteCount / sampleSize, sampleSize: sampleSize) }
            return buffer
        }
        // Rare: an odd vox_offset leaves the voxels misaligned; they move to memory of their own.
        let moved = VoxelBuffer(capacity: byteCount, voxelsAt: 0, byteCount: byteCount) { memory in
            memory.baseAddress!.copyMemory(from: buffer.bytes, byteCount: byteCount)
            if swapBytes { ByteSwap.swap(memory.baseAddress!, sampleCount: byteCount / sampleSize, sampleSize: sampleSize) }
        }
        guard let moved else { throw VolumeKitError.unreadable(path: path, reason: "not enough memory for \(byteCount) bytes") }
        return moved
    }
}
