import Foundation

/// The middle slice of a gzipped NIfTI volume ahead of the rest, for the first image.
///
/// The whole file is inflated by libdeflate in one go, which cannot hand over part of its
/// output on the way; so a second thread inflates, also with libdeflate, only as far as the
/// end of the middle slice, about half the work, and delivers that slice while the first
/// thread is still at it. On two free cores the first image comes at about half the load; the
/// whole load takes as long as before (the second thread's work is extra CPU, not extra wall
/// time). zlib could stream the same bytes into the volume itself, but at half libdeflate's
/// speed its middle slice would come no sooner than libdeflate's whole volume.
enum NIfTISlicePreview {
    static func load(_ loader: NIfTIVoxelLoader, slice: Int, sliceBytes: Int,
                     make: @escaping @Sendable (VoxelBuffer) -> Volume,
                     deliver: @escaping PreviewHandler) throws -> VoxelBuffer {
        let gate = Gate()
        let group = DispatchGroup()
        DispatchQueue.global(qos: .userInitiated).async(group: group) {
            guard let preview = preview(loader, slice: slice, sliceBytes: sliceBytes, make: make) else { return }
            gate.ifOpen { deliver(preview) }
        }
        defer {
            gate.close()
            group.wait()
        }
        return try loader.load()
    }

    /// The middle slice alone, inflated from the start of the file as far as its end; nil when
    /// the file's layout or data does not allow it (the whole load then says what is wrong).
    static func preview(_ loader: NIfTIVoxelLoader, slice: Int, sliceBytes: Int,
                        make: @escaping @Sendable (VoxelBuffer) -> Volume) -> VolumePreview? {
        let end = loader.offset + (slice + 1) * sliceBytes
        guard loader.offset % loader.sampleSize == 0, let gzip = try? GzipFile(path: loader.path),
              let prefix = gzip.inflatedPrefix(end) else { return nil }
        let start = prefix.mutableBytes + (end - sliceBytes)
        if loader.swapBytes {
            ByteSwap.swap(start, sampleCount: sliceBytes / loader.sampleSize, sampleSize: loader.sampleSize)
        }
        return VolumePreview(slice: slice, bytes: start, wholeByteCount: loader.byteCount, make: make)
    }

    /// Runs the delivery only until closed; closing waits for a delivery under way.
    private final class Gate: @unchecked Sendable {
        private let lock = NSLock()
        private var open = true

        func ifOpen(_ body: () -> Void) {
            lock.lock()
            defer { lock.unlock() }
            if open { body() }
        }

        func close() {
            lock.lock()
            open = false
            lock.unlock()
        }
    }
}
