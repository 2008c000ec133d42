import Foundation

/// The frames of a video volume, decoded when they are asked for, into their own place in the
/// volume's buffer (reserved memory: an undecoded frame reads as zero and costs nothing).
///
/// A `Volume` whose `frames` is set has all its frames' places, `depth` of them, but only the
/// frames decoded lately hold pixels: whoever reads frame N's voxels calls `load(N)` first
/// (the viewer does for the frame it shows, `render` for the frame asked for). `load` decodes
/// from the nearest key frame before N, or carries on from the frame decoded last; every frame
/// passed on the way is kept too. At most `capacity` frames are kept, the oldest given back
/// first, never the one loaded last (it is on screen). After each `load` a reading thread
/// decodes the next `readAhead` frames (wrapping round, as a looping player does), so a playing
/// video finds its next frames ready.
///
/// The key frames are found once, on a thread of its own that decodes the whole stream with a
/// decoder of its own (`isIndexed`, `waitUntilIndexed`); until then frames are decoded in
/// order from the first, which is what playing from the start needs anyway.
///
/// Thread-safe: one lock guards the decoder and one the table of kept frames; a frame is
/// written only while no one may read it (it is not kept), and given back only when it is
/// not the one loaded last.
public final class FrameSource: @unchecked Sendable {
    /// Number of Frames; fewer once the index found fewer pictures in the stream.
    public var frameCount: Int {
        state.lock()
        defer { state.unlock() }
        return count
    }
    private var count: Int
    /// Bytes of one frame in the volume buffer.
    public let frameBytes: Int
    /// Frames kept decoded at most.
    public let capacity: Int
    public let readAhead: Int
    public let codecName: String

    private let path: String
    private let buffer: VoxelBuffer
    private let stream: VideoStream
    private let bytes: VideoBytes
    private let rgb: Bool
    private let width: Int
    private let height: Int
    private let bytesPerSample: Int

    private let decoderLock = NSLock()
    private let state = NSCondition()
    private var kept: [Int: UInt64] = [:]
    private var useCounter: UInt64 = 0
    private var shown: Int?
    private var worker: Thread?
    private var closed = false
    /// The indexing and reading threads still running (`close` waits for none).
    private var runningThreads = 0
    private var decodedCount = 0
    private var unreadable: Set<Int> = []
    private var indexedKeyFrames: [Int]?
    /// What the index found wrong with the stream (fewer pictures than frames, a damaged one).
    private var indexProblem: String?

    /// `bytes` holds the elementary stream. Parses it into packets (quick) and starts the
    /// thread that indexes its key frames; decodes nothing yet.
    init(path: String, codec: VideoCodec, bytes: VideoBytes, buffer: VoxelBuffer,
         width: Int, height: Int, samplesPerPixel: Int, bytesPerSample: Int, frames: Int) throws(VolumeKitError) {
        self.path = path
        self.buffer = buffer
        self.bytes = bytes
        rgb = samplesPerPixel == 3
        self.width = width
        self.height = height
        self.bytesPerSample = bytesPerSample
        frameBytes = width * height * samplesPerPixel * bytesPerSample
        codecName = codec.rawValue
        let bound = VideoStream.pictureBound(width: width, height: height)
        do {
            stream = try bytes.bytes { all throws(CodecError) in try VideoStream(codec: codec, bytes: all, maxPixels: bound) }
        } catch {
            throw .malformed(path: path, detail: error.description)
        }
        count = frames
        // A few seconds of frames, within 256 MB, and never fewer than 4.
        capacity = max(4, min(120, (256 << 20) / max(frameBytes, 1)))
        readAhead = max(1, min(12, capacity / 4))
        startIndexing(codec, maxPixels: bound)
    }

    /// Frames that are key frames (decoding can start there), ascending; empty until indexed.
    public var keyFrames: [Int] {
        state.lock()
        defer { state.unlock() }
        return indexedKeyFrames ?? []
    }

    public var isIndexed: Bool {
        state.lock()
        defer { state.unlock() }
        return indexedKeyFrames != nil || indexProblem != nil
    }

    /// Waits for the key frame index; false when `seconds` passed first.
    @discardableResult
    public func waitUntilIndexed(seconds: Double = 60) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        state.lock()
        defer { state.unlock() }
        while indexedKeyFrames == nil && indexProblem == nil {
            if !state.wait(until: deadline) { return false }
        }
        return true
    }

    private func startIndexing(_ codec: VideoCodec, maxPixels: Int) {
        let source = WeakFrameSource(self)
        let bytes = self.bytes
        let thread = Thread {
            let outcome: Result<VideoIndex?, CodecError> = bytes.bytes { all in
                Result { () throws(CodecError) in
                    let indexer = try VideoStream(codec: codec, bytes: all, maxPixels: maxPixels)
                    return try indexer.buildIndex { _ in source.value?.isClosed == false }
                }
            }
            source.value?.adopt(outcome)
            source.value?.threadEnded()
        }
        thread.name = "slicemark video index"
        state.lock()
        runningThreads += 1
        state.unlock()
        thread.start()
    }

    private func adopt(_ outcome: Result<VideoIndex?, CodecError>) {
        switch outcome {
        case .success(let index?):
            decoderLock.lock()
            stream.adopt(index)
            decoderLock.unlock()
            state.lock()
            if index.frameCount == 0 {
                indexProblem = "the \(codecName) stream holds no picture that decodes"
                count = 0
            } else if index.frameCount < count {
                indexProblem = "the \(codecName) stream holds \(index.frameCount) frame(s), Number of Frames (0028,0008) says \(count)"
                count = index.frameCount
            }
            indexedKeyFrames = index.keyFrames.filter { $0 < count }
        case .success(nil):
            return
        case .failure(let error):
            state.lock()
            indexProblem = error.description
        }
        state.broadcast()
        state.unlock()
    }

    /// What the key frame index found wrong with the stream, if anything.
    public var problem: String? {
        state.lock()
        defer { state.unlock() }
        return indexProblem
    }

    /// Stops the indexing and reading-ahead threads and waits until they have ended. Frames kept
    /// stay readable and `load` still decodes, without reading ahead; a stream not indexed yet
    /// stays unindexed. For whoever must know that no decoding goes on once it is done with the
    /// video (the fuzz target); dropping the source stops the threads too, without waiting.
    public func close() {
        state.lock()
        closed = true
        state.broadcast()
        while runningThreads > 0 { state.wait() }
        state.unlock()
    }

    private var isClosed: Bool {
        state.lock()
        defer { state.unlock() }
        return closed
    }

    private func threadEnded() {
        state.lock()
        runningThreads -= 1
        state.broadcast()
        state.unlock()
    }

    deinit {
        state.lock()
        closed = true
        state.broadcast()
        state.unlock()
    }

    /// Whether frame `frame` holds its pixels now.
    public func isLoaded(_ frame: Int) -> Bool {
        state.lock()
        defer { state.unlock() }
        return kept[frame] != nil
    }

    /// How many pictures have been decoded so far (frames passed on the way to another count).
    public var decodedFrames: Int {
        state.lock()
        defer { state.unlock() }
        return decodedCount
    }

    /// Gives back every kept frame but the one loaded last (memory to spare, or a benchmark
    /// that measures seeks).
    public func releaseAll() {
        state.lock()
        defer { state.unlock() }
        for frame in kept.keys where frame != shown {
            kept[frame] = nil
            buffer.release(frame * frameBytes..<(frame + 1) * frameBytes)
        }
    }

    /// Decodes frame `frame` into its place (unless it is there), keeps it until another frame
    /// is loaded, and starts reading the frames after it.
    public func load(_ frame: Int) throws(VolumeKitError) {
        state.lock()
        let frames = count, problem = indexProblem
        state.unlock()
        guard frame >= 0, frame < frames else {
            throw .malformed(path: path, detail: "frame \(frame + 1): " + (problem ?? "the video has \(frames) frames"))
        }
        state.lock()
        let have = kept[frame] != nil
        shown = frame
        if have { useCounter += 1; kept[frame] = useCounter }
        state.unlock()
        if !have {
            decoderLock.lock()
            defer { decoderLock.unlock() }
            try decodeLocked(frame)
        }
        startReadingAhead()
    }

    /// The frames in order from the one after `frame`, `readAhead` of them, wrapping round.
    private func upcoming(after frame: Int) -> [Int] {
        guard count > 0 else { return [] }
        return (1...readAhead).map { (frame + $0) % count }.filter { $0 != frame }
    }

    private func decodeLocked(_ frame: Int) throws(VolumeKitError) {
        state.lock()
        let already = kept[frame] != nil
        state.unlock()
        if already { return }
        do {
            try stream.decode(frame) { (picture: VideoStream.Picture) throws(CodecError) in
                guard picture.width == width, picture.height == height else {
                    throw .corrupt(codec: codecName, detail: "frame \(picture.frame + 1) is \(picture.width) × \(picture.height) pixels, the dataset says \(width) × \(height)")
                }
                guard (picture.bitDepth > 8 ? 2 : 1) == bytesPerSample else {
                    throw .corrupt(codec: codecName, detail: "the stream's samples are \(picture.bitDepth) bits, the dataset's Bits Allocated \(bytesPerSample * 8)")
                }
                state.lock()
                guard picture.frame < count else { state.unlock(); return }
                decodedCount += 1
                let there = kept[picture.frame] != nil
                if !there { makeRoom(keeping: frame) }
                state.unlock()
                if there { return }
                let place = UnsafeMutableRawBufferPointer(start: buffer.mutableBytes + picture.frame * frameBytes, count: frameBytes)
                try stream.copyPicture(rgb: rgb, into: place)
                state.lock()
                useCounter += 1
                kept[picture.frame] = useCounter
                state.unlock()
            }
        } catch {
            throw .malformed(path: path, detail: "frame \(frame + 1): \(error.description)")
        }
    }

    /// Gives back the least recently used frames until one more fits (lock held).
    private func makeRoom(keeping wanted: Int) {
        while kept.count >= capacity {
            guard let oldest = kept.filter({ $0.key != shown && $0.key != wanted }).min(by: { $0.value < $1.value })?.key else { return }
            kept[oldest] = nil
            buffer.release(oldest * frameBytes..<(oldest + 1) * frameBytes)
        }
    }

    private func startReadingAhead() {
        state.lock()
        defer { state.unlock() }
        if worker == nil && !closed {
            let source = WeakFrameSource(self)
            let thread = Thread {
                // Holds the source only for one step at a time, so it can go when unused.
                while let current = source.value, current.readAheadStep() {}
                source.value?.threadEnded()
            }
            thread.name = "slicemark video read-ahead"
            worker = thread
            runningThreads += 1
            thread.start()
        }
        state.broadcast()
    }

    /// One step of the reading thread: decodes the first frame after the one shown that is not
    /// kept, or waits a while for a new frame to be shown. False once closed.
    private func readAheadStep() -> Bool {
        state.lock()
        let next = shown.flatMap { shown in upcoming(after: shown).first { kept[$0] == nil && !unreadable.contains($0) } }
        if next == nil && !closed { _ = state.wait(until: Date().addingTimeInterval(1)) }
        let open = !closed
        state.unlock()
        guard open, let next else { return open }
        decoderLock.lock()
        let failed = (try? decodeLocked(next)) == nil
        decoderLock.unlock()
        if failed {
            // A frame that does not decode is left to `load`, which reports it.
            state.lock()
            unreadable.insert(next)
            state.unlock()
        }
        return true
    }
}

private final class WeakFrameSource: @unchecked Sendable {
    weak var value: FrameSource?
    init(_ value: FrameSource) { self.value = value }
}

extension Volume {
    /// What whole-volume scans (statistics, automatic windows) read: the volume itself, or for
    /// a video its first frame alone (the rest is not decoded, and decoding it all is what
    /// the frame source is there to avoid).
    public var scanned: Volume {
        guard frames != nil else { return self }
        var first = Volume(width: width, height: height, depth: 1, components: components, voxelType: voxelType,
                           rescale: rescale, geometry: geometry, buffer: buffer, metadata: metadata)
        first.frames = nil
        return first
    }
}
