import CZlib

/// Writes raw elements back as a Part 10 file: the file meta group in Explicit VR Little Endian
/// with its group length recomputed, the dataset in the file's transfer syntax (deflated again
/// for Deflated Explicit VR Little Endian), every length recomputed, sequences and items with
/// the length form they were read with. Unchanged values are copied byte for byte.
public enum DICOMRawWriter {
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case valueTooLong(DICOMTag, Int)
        case deflateFailed

        public var description: String {
            switch self {
            case .valueTooLong(let tag, let n): return "the value of \(tag) (\(n) bytes) is too long for its VR"
            case .deflateFailed: return "the dataset could not be deflated"
            }
        }
    }

    public static func write(_ file: DICOMRawFile) throws(Failure) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(estimate(file.dataset) + 1024)
        if let preamble = file.preamble {
            out += preamble.count == 128 ? preamble : [UInt8](repeating: 0, count: 128)
            out += [0x44, 0x49, 0x43, 0x4D]
        }
        if !file.meta.isEmpty {
            var metaBody = Sink(explicitVR: true, bigEndian: false)
            for e in file.meta where e.tag != DICOMTag(0x0002, 0x0000) { try metaBody.element(e) }
            var group = Sink(explicitVR: true, bigEndian: false)
            try group.element(DICOMRawElement(tag: DICOMTag(0x0002, 0x0000), vr: .UL,
                                              value: .bytes(Sink.le32(UInt32(metaBody.out.count))[...])))
            out += group.out
            out += metaBody.out
        }
        let syntax = file.transferSyntax
        var body = Sink(explicitVR: syntax.isExplicitVR, bigEndian: syntax.isBigEndian)
        body.out.reserveCapacity(estimate(file.dataset))
        for e in file.dataset { try body.element(e) }
        if syntax.isDeflated {
            guard let deflated = deflateRaw(body.out) else { throw .deflateFailed }
            out += deflated
        } else {
            out += body.out
        }
        return out
    }

    /// The dataset alone in one encoding (for tests and for hashing).
    public static func encode(_ elements: [DICOMRawElement], explicitVR: Bool, bigEndian: Bool) throws(Failure) -> [UInt8] {
        var sink = Sink(explicitVR: explicitVR, bigEndian: bigEndian)
        for e in elements { try sink.element(e) }
        return sink.out
    }

    private static func estimate(_ elements: [DICOMRawElement]) -> Int {
        var n = 0
        for e in elements {
            switch e.value {
            case .bytes(let b), .fragments(let b): n += b.count + 12
            case .sequence: n += 256
            }
        }
        return n
    }

    private struct Sink {
        let explicitVR: Bool
        let bigEndian: Bool
        var out: [UInt8] = []

        static func le32(_ v: UInt32) -> [UInt8] {
            [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)]
        }

        mutating func u16(_ v: UInt16) {
            if bigEndian { out += [UInt8(v >> 8), UInt8(v & 0xFF)] } else { out += [UInt8(v & 0xFF), UInt8(v >> 8)] }
        }

        mutating func u32(_ v: UInt32) {
            if bigEndian {
                out += [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
            } else {
                out += Self.le32(v)
            }
        }

        mutating func tag(_ t: DICOMTag) {
            u16(t.group)
            u16(t.element)
        }

        /// Writes the element header with `length` (nil: undefined).
        mutating func header(_ e: DICOMRawElement, length: Int?) throws(Failure) {
            tag(e.tag)
            let n = length.map { UInt32($0) } ?? 0xFFFF_FFFF
            if explicitVR {
                u16be(e.vr.code)
                if e.vr.hasLongLength {
                    out += [0, 0]
                    u32(n)
                } else {
                    guard let length, length <= 0xFFFF else { throw .valueTooLong(e.tag, length ?? -1) }
                    u16(UInt16(length))
                }
            } else {
                u32(n)
            }
        }

        mutating func u16be(_ v: UInt16) { out += [UInt8(v >> 8), UInt8(v & 0xFF)] }

        mutating func element(_ e: DICOMRawElement) throws(Failure) {
            switch e.value {
            case .bytes(let b):
                try header(e, length: b.count)
                out += b
            case .fragments(let b):
                try header(e, length: nil)
                out += b
            case .sequence(let items, let undefined):
                // The items of a UN sequence are Implicit VR Little Endian.
                var inner = Sink(explicitVR: explicitVR && e.vr == .SQ, bigEndian: e.vr == .SQ ? bigEndian : false)
                for item in items { try inner.item(item) }
                if undefined {
                    try header(e, length: nil)
                    out += inner.out
                    inner.out = []
                    tagAndZero(DICOMTag(0xFFFE, 0xE0DD), inner: inner)
                } else {
                    try header(e, length: inner.out.count)
                    out += inner.out
                }
            }
        }

        /// A delimiter in the encoding of the sequence's content.
        mutating func tagAndZero(_ t: DICOMTag, inner: Sink) {
            var d = Sink(explicitVR: inner.explicitVR, bigEndian: inner.bigEndian)
            d.tag(t)
            d.u32(0)
            out += d.out
        }

        mutating func item(_ item: DICOMRawItem) throws(Failure) {
            var body = Sink(explicitVR: explicitVR, bigEndian: bigEndian)
            for e in item.elements { try body.element(e) }
            tag(DICOMTag(0xFFFE, 0xE000))
            if item.undefinedLength {
                u32(0xFFFF_FFFF)
                out += body.out
                tag(DICOMTag(0xFFFE, 0xE00D))
                u32(0)
            } else {
                u32(UInt32(body.out.count))
                out += body.out
            }
        }
    }

    /// Raw deflate (RFC 1951), as Deflated Explicit VR Little Endian stores the dataset.
    static func deflateRaw(_ input: [UInt8]) -> [UInt8]? {
        var stream = z_stream()
        guard deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))) + 16)
        var input = input
        let produced: Int? = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                guard deflate(&stream, Z_FINISH) == Z_STREAM_END else { return nil }
                return target.count - Int(stream.avail_out)
            }
        }
        guard let produced else { return nil }
        output.removeSubrange(produced...)
        if output.count % 2 == 1 { output.append(0) }
        return output
    }
}
