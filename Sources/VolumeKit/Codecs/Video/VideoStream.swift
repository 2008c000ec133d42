import CVideoShim

/// Where each frame of a stream is coded: for each frame in display order the packet (in decode
/// order) it comes from, and which frames are key frames (decoding can start there).
struct VideoIndex: Sendable {
    let packetOfFrame: [Int]
    let frameOfPacket: [Int: Int]
    /// Ascending; always holds frame 0.
    let keyFrames: [Int]

    var frameCount: Int { packetOfFrame.count }
}

/// One elementary video stream decoded with libavcodec, a frame at a time.
///
/// Opening splits the stream into packets (libavcodec's parser). Without an index, frames come
/// out in display order from the first packet on, so frame N is decoded by carrying on from the
/// frame decoded last, or from the start. `buildIndex()` (on a stream of its own, on another
/// thread) decodes the whole stream once and `adopt` hands the result over: from then on frame N
/// is decoded from the last key frame shown at or before it, or by carrying on. Every frame
/// passed on the way is handed to the caller too, so a cache can keep it.
///
/// Not safe to use from two threads at once (the caller holds a lock); the stream bytes
/// must outlive it.
final class VideoStream {
    let codec: VideoCodec
    private let handle: OpaquePointer
    let packetCount: Int
    private(set) var index: VideoIndex?
    /// The last frame that came out of the decoder since it last started afresh.
    private var lastOut: Int?
    /// The next packet to send.
    private var nextPacket = 0
    private var ended = true

    /// What `decode` passes for each picture that comes out on the way to the frame asked for.
    struct Picture {
        let frame: Int
        let width: Int
        let height: Int
        let bitDepth: Int
    }

    /// `maxPixels` (0: none) bounds the pictures the decoder allocates (`pictureBound`).
    init(codec: VideoCodec, bytes: UnsafeRawBufferPointer, maxPixels: Int = 0) throws(CodecError) {
        self.codec = codec
        var message = [CChar](repeating: 0, count: 256)
        var out: OpaquePointer?
        let code = slicemark_video_open(codec.shimCode, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count,
                                        Int64(maxPixels), &out, &message, message.count)
        guard code == SLICEMARK_VIDEO_OK, let out else {
            throw .corrupt(codec: codec.rawValue, detail: Self.text(message))
        }
        handle = out
        packetCount = slicemark_video_packet_count(out)
    }

    deinit { slicemark_video_close(handle) }

    /// The largest picture worth decoding for a dataset of `width` × `height`: room for coded
    /// sizes padded past the shown one (1920 × 1088 for 1080 rows, libavcodec's own alignment),
    /// at least a megapixel. A stream claiming more, whose pictures the reader would refuse
    /// anyway, does not get the memory for them (8192 × 8192 pictures cost 100 MB each).
    static func pictureBound(width: Int, height: Int) -> Int {
        max(1 << 20, 4 * width * height)
    }

    /// Decodes every packet once to learn the display order. `progress` hears each frame and
    /// stops the pass by returning false (nil is returned then).
    func buildIndex(progress: (Int) -> Bool = { _ in true }) throws(CodecError) -> VideoIndex? {
        restart(at: 0)
        var order: [Int] = []
        order.reserveCapacity(packetCount)
        while let picture = try nextPicture() {
            order.append(picture.packet)
            if !progress(order.count) { return nil }
        }
        ended = true
        var keys = order.enumerated().compactMap { n, packet in slicemark_video_packet_is_key(handle, packet) != 0 ? n : nil }
        if keys.first != 0 { keys.insert(0, at: 0) }
        return VideoIndex(packetOfFrame: order,
                          frameOfPacket: Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a }),
                          keyFrames: keys)
    }

    /// Seeks from now on with `index` (built from the same bytes).
    func adopt(_ index: VideoIndex) { self.index = index }

    /// Decodes up to frame `target` (display order), calling `deliver` for every frame that
    /// comes out on the way (the target last) while the picture can be copied with `copy`.
    func decode(_ target: Int, deliver: (Picture) throws(CodecError) -> Void) throws(CodecError) {
        guard let index else { return try decodeInOrder(target, deliver: deliver) }
        guard index.packetOfFrame.indices.contains(target) else {
            throw .corrupt(codec: codec.rawValue, detail: "frame \(target + 1) asked for; the stream holds \(index.frameCount)")
        }
        // Key frames shown at or before the target, latest first: the decoder starts from each
        // in turn until the target comes out (an open GOP's leading frames need an earlier one).
        let entries = index.keyFrames.filter { $0 <= target }.reversed()
        var tried = 0
        for entry in entries {
            let carryOn = tried == 0 && !ended && lastOut.map { $0 < target && $0 >= entry } == true
            if !carryOn { restart(at: index.packetOfFrame[entry]) }
            tried += 1
            while let picture = try nextPicture() {
                guard let frame = index.frameOfPacket[picture.packet] else { continue }
                lastOut = frame
                if frame > target { break }
                // An open GOP's leading frames, before the key frame started from, come out broken.
                if frame < entry { continue }
                try deliver(Picture(frame: frame, width: picture.width, height: picture.height, bitDepth: picture.bitDepth))
                if frame == target { return }
            }
            if tried >= 3 { break }
        }
        throw .corrupt(codec: codec.rawValue, detail: "frame \(target + 1) does not decode from the key frames before it")
    }

    /// Before the index: the frames in the order they come out from the first packet.
    private func decodeInOrder(_ target: Int, deliver: (Picture) throws(CodecError) -> Void) throws(CodecError) {
        if ended || lastOut.map({ $0 >= target }) ?? true { restart(at: 0) }
        while let picture = try nextPicture() {
            let frame = (lastOut ?? -1) + 1
            lastOut = frame
            try deliver(Picture(frame: frame, width: picture.width, height: picture.height, bitDepth: picture.bitDepth))
            if frame == target { return }
        }
        guard let lastOut else { throw .corrupt(codec: codec.rawValue, detail: "the stream holds no picture that decodes") }
        throw .corrupt(codec: codec.rawValue, detail: "frame \(target + 1) asked for; the stream holds \(lastOut + 1)")
    }

    /// Copies the picture just delivered: the luma plane (`rgb` false) or RGB.
    func copyPicture(rgb: Bool, into output: UnsafeMutableRawBufferPointer) throws(CodecError) {
        var message = [CChar](repeating: 0, count: 256)
        let code = slicemark_video_copy(handle, rgb ? 1 : 0, output.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                        output.count, &message, message.count)
        guard code == SLICEMARK_VIDEO_OK else { throw .corrupt(codec: codec.rawValue, detail: Self.text(message)) }
    }

    private func restart(at packet: Int) {
        slicemark_video_flush(handle)
        nextPacket = packet
        lastOut = nil
        ended = false
    }

    private struct Raw { let packet: Int; let width: Int; let height: Int; let bitDepth: Int }

    /// The next picture out of the decoder, sending packets as it asks; nil at the end.
    private func nextPicture() throws(CodecError) -> Raw? {
        var message = [CChar](repeating: 0, count: 256)
        while true {
            var picture = slicemark_video_picture()
            let got = slicemark_video_receive(handle, &picture, &message, message.count)
            if got == SLICEMARK_VIDEO_OK {
                return Raw(packet: Int(picture.packet), width: Int(picture.width), height: Int(picture.height),
                           bitDepth: Int(picture.bit_depth))
            }
            if got == SLICEMARK_VIDEO_END { ended = true; return nil }
            guard got == SLICEMARK_VIDEO_AGAIN else { throw .corrupt(codec: codec.rawValue, detail: Self.text(message)) }
            if nextPacket > packetCount { ended = true; return nil }
            let sent = slicemark_video_send(handle, nextPacket, &message, message.count)
            guard sent != SLICEMARK_VIDEO_ERROR else { throw .corrupt(codec: codec.rawValue, detail: Self.text(message)) }
            // AGAIN: the decoder is full; take pictures out first, then send this packet again.
            if sent == SLICEMARK_VIDEO_OK { nextPacket += 1 }
        }
    }

    private static func text(_ message: [CChar]) -> String {
        String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
