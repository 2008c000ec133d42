import CZlib

/// Streaming gzip decompression through zlib: every zlib call of the package is in this file.
///
/// Used where the whole-buffer inflater cannot be: reading just the first bytes of a file
/// (format sniffing, headers), files of several gzip members (each member is inflated in turn,
/// as `gzip -d` does), and data of 4 GiB or more, whose size the gzip trailer cannot hold.
struct ZlibInflater {
    enum Outcome: Equatable {
        /// The output buffer is full.
        case filled
        /// The compressed data ended after `produced` bytes, before the buffer was full.
        case ended(produced: Int)
    }

    enum Failure: Error, Equatable {
        /// zlib's own description of what is wrong with the data.
        case corrupt(String)
        case outOfMemory
    }

    /// Inflates `input` (one or more gzip members) into `output` until it is full or the data
    /// ends. Never reads past `input` or writes past `output`.
    static func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(Failure) -> Outcome {
        guard output.count > 0 else { return .filled }
        guard let inBase = input.baseAddress, input.count > 0, let outBase = output.baseAddress else {
            return .ended(produced: 0)
        }
        var stream = z_stream()
        // 15 window bits + 16: expect a gzip wrapper.
        guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .outOfMemory
        }
        defer { inflateEnd(&stream) }

        // zlib counts in 32 bits: feed both sides in chunks.
        let chunk = 1 << 30
        var consumed = 0, produced = 0
        while produced < output.count {
            if stream.avail_in == 0 {
                if consumed == input.count { return .ended(produced: produced) }
                let n = min(chunk, input.count - consumed)
                stream.next_in = UnsafeMutablePointer(mutating: inBase.advanced(by: consumed).assumingMemoryBound(to: Bytef.self))
                stream.avail_in = uInt(n)
                consumed += n
            }
            let room = min(chunk, output.count - produced)
            stream.next_out = outBase.advanced(by: produced).assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(room)
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            produced += room - Int(stream.avail_out)
            if produced == output.count, status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR {
                return .filled
            }
            switch status {
            case Z_OK:
                continue
            case Z_BUF_ERROR:
                // No progress possible: the input is used up mid-stream.
                if stream.avail_in == 0 && consumed == input.count { return .ended(produced: produced) }
                continue
            case Z_STREAM_END:
                // Another member may follow; anything that is not gzip after the first member
                // is ignored, as gzip itself does with trailing garbage.
                let left = Int(stream.avail_in) + (input.count - consumed)
                let next = input.count - left
                guard left >= 2, input[next] == 0x1f, input[next + 1] == 0x8b else {
                    return .ended(produced: produced)
                }
                guard inflateReset(&stream) == Z_OK else { throw .outOfMemory }
            case Z_MEM_ERROR:
                throw .outOfMemory
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                throw .corrupt(message)
            }
        }
        return .filled
    }
}
