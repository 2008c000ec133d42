import COpenJPEG

/// An OpenJPEG input stream over bytes already in memory: the frame is never copied, and the
/// callbacks only move a cursor kept in memory this decode owns, so decodes can run in parallel.
struct OpenJPEGMemorySource {
    var base: UnsafeRawPointer
    var count: Int
    var offset: Int
}

/// Collects OpenJPEG's error messages for one decode (OpenJPEG would otherwise drop them).
final class OpenJPEGMessages {
    var errors: [String] = []
}

enum OpenJPEGStream {
    /// A stream reading from `source`, which must outlive the stream.
    static func make(_ source: UnsafeMutablePointer<OpenJPEGMemorySource>) -> UnsafeMutablePointer<opj_stream_t?>? {
        guard let stream = opj_stream_create(OPJ_SIZE_T(OPJ_J2K_STREAM_CHUNK_SIZE), 1) else { return nil }
        opj_stream_set_read_function(stream) { buffer, wanted, user in
            let source = user!.assumingMemoryBound(to: OpenJPEGMemorySource.self)
            let left = source.pointee.count - source.pointee.offset
            // (OPJ_SIZE_T)-1 means end of stream. size_t comes into Swift as Int, so this is -1
            // (OPJ_SIZE_T.max would be Int.max: OpenJPEG would take it for bytes read).
            guard left > 0, let buffer else { return OPJ_SIZE_T(truncatingIfNeeded: -1) }
            let n = min(Int(wanted), left)
            buffer.copyMemory(from: source.pointee.base + source.pointee.offset, byteCount: n)
            source.pointee.offset += n
            return OPJ_SIZE_T(n)
        }
        opj_stream_set_skip_function(stream) { distance, user in
            let source = user!.assumingMemoryBound(to: OpenJPEGMemorySource.self)
            let target = min(max(source.pointee.offset + Int(distance), 0), source.pointee.count)
            let moved = target - source.pointee.offset
            source.pointee.offset = target
            return OPJ_OFF_T(moved)
        }
        opj_stream_set_seek_function(stream) { position, user in
            let source = user!.assumingMemoryBound(to: OpenJPEGMemorySource.self)
            guard position >= 0, Int(position) <= source.pointee.count else { return 0 }
            source.pointee.offset = Int(position)
            return 1
        }
        opj_stream_set_user_data(stream, source, nil)
        opj_stream_set_user_data_length(stream, OPJ_UINT64(source.pointee.count))
        return stream
    }

    /// Sends OpenJPEG's errors to `messages` and drops its warnings and progress notes.
    static func listen(_ codec: UnsafeMutablePointer<opj_codec_t?>, _ messages: OpenJPEGMessages) {
        let box = Unmanaged.passUnretained(messages).toOpaque()
        opj_set_error_handler(codec, { text, user in
            guard let text, let user else { return }
            let messages = Unmanaged<OpenJPEGMessages>.fromOpaque(user).takeUnretainedValue()
            messages.errors.append(String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines))
        }, box)
        opj_set_warning_handler(codec, { _, _ in }, nil)
        opj_set_info_handler(codec, { _, _ in }, nil)
    }
}
