import CVideoShim

/// One elementary video stream decoded with libavcodec, a frame at a time.
///
/// Opening splits the stream into packets (libavcodec's parser). `buildIndex()` decodes the
/// whole stream once and keeps, for each frame in display order, the packet it is coded in,
/// and which packets are key frames: from then on frame N is decoded by starting at the last
/// key frame shown at or before N (or carrying on, when the decoder is already short of N).
/// Every frame passed on the way is handed to the caller too, so a cache can keep it.
///
/// Not safe to use from two threads at once (the caller holds a lock); the stream bytes
/// must outlive it.
final class VideoStream {
    let codec: VideoCodec
    private let handle: OpaquePointer
    let packetCount: Int
    /// Frame (display order) → packet (decode order); empty until `buildIndex()`.
    private(set) var packetOfFrame: [Int] = []
    private var frameOfPacket: [Int: Int] = [:]
    /// Frames whose packet is a key frame, ascending.
    private(set) var keyFrames: [Int] = []
    /// The last frame that came out of the decoder since it last started afresh.
    private var lastOut: Int?
    /// The next packet to send.
    private var nextPacket = 0
    private var ended = false

    /// What `decode` passes for each picture that comes out on the way to the frame asked for.
    struct Picture {
        let frame: Int
        let width: Int
        let height: Int
        let bitDepth: Int
    }

    init(codec: VideoCodec, bytes: UnsafeRawBufferPointer) throws(CodecError) {
        self.codec = codec
        var message = [CChar](repeating: 0, count: 256)
        var out: OpaquePointer?
        let code = slicemark_video_open(codec.shimCode, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count,
                                        &out, &message, message.count)
        guard code == SLICEMARK_VIDEO_OK, let out else {
            throw .corrupt(codec: codec.rawValue, detail: Self.text(message))
        }
        handle = out
        packetCount = slicemark_video_packet_count(out)
    }

    deinit { slicemark_video_close(handle) }

    var frameCount: Int { packetOfFrame.count }

    /// Decodes every packet once to learn the display order. `progress` hears each frame.
    func buildIndex(progress: (Int) -> Bool = { _ in true }) throws(CodecError) {
        restart(at: 0)
        var order: [Int] = []
        order.reserveCapacity(packetCount)
        while true {
            guard let picture = try nextPicture() else { break }
            order.append(picture.packet)
            if !progress(order.count) { return }
        }
        packetOfFrame = order
        frameOfPacket = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        keyFrames = order.enumerated().compactMap { n, packet in
            slicemark_video_packet_is_key(handle, packet) != 0 ? n : nil
        }
        if keyFrames.first != 0 { keyFrames.insert(0, at: 0) }
        lastOut = nil
        ended = true
    }

    /// Decodes up to frame `target` (display order), calling `deliver` for every frame that
    /// comes out on the way (the target last) while the picture can be copied with `copy`.
    func decode(_ target: Int, deliver: (Picture) throws(CodecError) -> Void) throws(CodecError) {
        precondition(!packetOfFrame.isEmpty, "buildIndex() first")
        guard packetOfFrame.indices.contains(target) else {
            throw .corrupt(codec: codec.rawValue, detail: "frame \(target + 1) asked for; the stream holds \(frameCount)")
        }
        // Key frames shown at or before the target, latest first: the decoder starts from each
        // in turn until the target comes out (an open GOP's leading frames need an earlier one).
        let entries = keyFrames.filter { $0 <= target }.reversed()
        var tried = 0
        for entry in entries {
            let carryOn = tried == 0 && !ended && lastOut.map { $0 < target && $0 >= entry } == true
            if !carryOn { restart(at: packetOfFrame[entry]) }
            tried += 1
            while true {
                guard let picture = try nextPicture() else { break }
                guard let frame = frameOfPacket[picture.packet] else { continue }
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
