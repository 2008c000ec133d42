/// A DICOM video (MPEG-2, H.264, HEVC transfer syntaxes) as a volume of frames decoded when
/// shown: the encapsulated fragments, put end to end, are the elementary stream; the volume's
/// buffer is reserved memory with a place for each frame, filled by its `FrameSource`.
extension DICOMVolumeReader {
    static func assembleVideo(_ headers: [DICOMHeader], codec: VideoCodec, records: [DICOMFrameRecord],
                              grid sorted: DICOMSliceGrid, layout: DICOMPixelLayout, progress: ProgressHandler?,
                              cancellation: LoadCancellation?) throws(VolumeKitError) -> Volume {
        let header = headers[0]
        // A video's frames are moments in the order they are coded, whatever positions or
        // times its header gives: place k is frame k.
        var grid = sorted
        grid.depth = layout.frames
        grid.timepoints = 1
        grid.slots = Array(0..<layout.frames)
        let path = header.path
        guard headers.count == 1 else {
            throw .unsupported(path: path, detail: "a series of \(headers.count) \(codec.rawValue) video files: open them one at a time")
        }
        guard layout.bitsAllocated == 8 || layout.bitsAllocated == 16, layout.pixelRepresentation == 0 || layout.samplesPerPixel == 3 else {
            throw .unsupported(path: path, detail: "\(codec.rawValue) video with Bits Allocated \(layout.bitsAllocated), Pixel Representation \(layout.pixelRepresentation) (8 or 16 bits unsigned)")
        }
        let stream = try elementaryStream(header, codec: codec)
        let frameBytes = layout.frameBytes
        let (total, overflow) = frameBytes.multipliedReportingOverflow(by: grid.slots.count)
        guard !overflow, let buffer = VoxelBuffer(reservingByteCount: total) else {
            throw .unsupported(path: path, detail: "no address space for \(grid.slots.count) frames of \(layout.columns) × \(layout.rows)")
        }
        let source = try FrameSource(path: path, codec: codec, bytes: stream, buffer: buffer,
                                     width: layout.columns, height: layout.rows, samplesPerPixel: layout.samplesPerPixel,
                                     bytesPerSample: layout.bytesPerSample, frames: layout.frames)
        if cancellation?.isCancelled == true { throw .cancelled(path: path) }
        progress?(LoadProgress(phase: "decoding frame 1", completed: 0, total: 1))
        try source.load(0)

        var metadata = makeMetadata(headers, records: records, grid: grid, layout: layout)
        // The decoder hands out RGB (or the luma plane) whatever YBR the stream was coded in.
        if layout.samplesPerPixel == 3 { metadata.photometric = "RGB" }
        var volume = Volume(width: layout.columns, height: layout.rows, depth: grid.depth, timepoints: grid.timepoints,
                            components: layout.samplesPerPixel, voxelType: layout.voxelType,
                            rescale: records.first?.rescale ?? .identity, geometry: grid.geometry,
                            buffer: buffer, metadata: metadata)
        volume.frames = source
        return volume
    }

    /// The fragments after the Basic Offset Table, end to end: pointing into the file's mapping
    /// when there is one fragment, copied together otherwise.
    private static func elementaryStream(_ header: DICOMHeader, codec: VideoCodec) throws(VolumeKitError) -> VideoBytes {
        let path = header.path
        guard let pixel = header.pixelData, pixel.length == nil else {
            throw .malformed(path: path, detail: "the transfer syntax says \(codec.rawValue) video but the pixel data is not encapsulated")
        }
        let file: VideoBytes
        if header.holdsWholeDataset {
            file = VideoBytes(array: header.dataset.storage.bytes)
        } else if let mapped = VoxelBuffer(mapping: path, offset: 0, length: header.fileSize) {
            file = VideoBytes(mapped: mapped)
        } else {
            file = VideoBytes(array: try ReadableFile(path: path).bytes(offset: 0, count: header.fileSize))
        }
        var fragments: [Range<Int>] = []
        var position = pixel.offset
        var first = true
        var ended = false
        try file.bytes { all throws(VolumeKitError) in
            func u16(_ at: Int) -> Int { Int(all[at]) | Int(all[at + 1]) << 8 }
            func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
            while position + 8 <= all.count {
                let tag = DICOMTag(UInt16(u16(position)), UInt16(u16(position + 2)))
                let length = u32(position + 4)
                if tag == .sequenceDelimitation { ended = true; break }
                guard tag == .item, length != DICOMParser.undefinedLength else {
                    throw .malformed(path: path, detail: "the \(codec.rawValue) pixel data holds \(tag) at byte \(position) where a fragment was expected")
                }
                guard position + 8 + length <= all.count else {
                    throw .truncated(path: path, detail: "the file ends inside fragment \(fragments.count + 1) of the \(codec.rawValue) pixel data (length \(length) at byte \(position)): it was cut short")
                }
                if !first && length > 0 { fragments.append((position + 8)..<(position + 8 + length)) }
                first = false
                position += 8 + length
            }
        }
        guard ended else {
            throw .truncated(path: path, detail: "the \(codec.rawValue) pixel data ends before its Sequence Delimitation Item (FFFE,E0DD): the file was cut short")
        }
        guard !fragments.isEmpty else { throw .malformed(path: path, detail: "the \(codec.rawValue) pixel data holds no fragments") }
        if fragments.count == 1 { return file.slice(fragments[0]) }
        var joined: [UInt8] = []
        joined.reserveCapacity(fragments.reduce(0) { $0 + $1.count })
        file.bytes { all in for f in fragments { joined.append(contentsOf: UnsafeRawBufferPointer(rebasing: all[f])) } }
        return VideoBytes(array: joined)
    }
}

/// The bytes of an elementary stream and what keeps them alive: a file mapping or an array.
final class VideoBytes: @unchecked Sendable {
    private let mapped: VoxelBuffer?
    private let array: [UInt8]
    private let range: Range<Int>?

    init(mapped: VoxelBuffer) { self.mapped = mapped; array = []; range = nil }
    init(array: [UInt8]) { mapped = nil; self.array = array; range = nil }
    private init(mapped: VoxelBuffer?, array: [UInt8], range: Range<Int>) {
        self.mapped = mapped
        self.array = array
        self.range = range
    }

    func slice(_ part: Range<Int>) -> VideoBytes {
        let base = range?.lowerBound ?? 0
        return VideoBytes(mapped: mapped, array: array, range: (base + part.lowerBound)..<(base + part.upperBound))
    }

    func bytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        if let mapped {
            let all = UnsafeRawBufferPointer(start: mapped.bytes, count: mapped.byteCount)
            return try body(range.map { UnsafeRawBufferPointer(rebasing: all[$0]) } ?? all)
        }
        // The array is never mutated, so its storage stays where it is while the source lives.
        let result = array.withUnsafeBytes { all in
            Result { () throws(E) in try body(range.map { UnsafeRawBufferPointer(rebasing: all[$0]) } ?? all) }
        }
        return try result.get()
    }
}
