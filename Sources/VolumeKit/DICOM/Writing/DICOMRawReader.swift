/// Reads a Part 10 file (or a bare dataset) into raw elements for rewriting: every element of
/// every item at any depth, VRs and sequence encodings as stored, pixel data (native or
/// encapsulated) kept as the stored bytes. Explicit and implicit VR little endian, explicit big
/// endian and deflated datasets.
public enum DICOMRawReader {
    public static func read(bytes: [UInt8], path: String) throws(VolumeKitError) -> DICOMRawFile {
        if bytes.isEmpty { throw .emptyFile(path: path) }
        do {
            return try parse(bytes)
        } catch {
            throw error.error(path: path)
        }
    }

    private static func parse(_ b: [UInt8]) throws(DICOMParseFailure) -> DICOMRawFile {
        var preamble: [UInt8]?
        var p = 0
        if b.count >= 132, b[128] == 0x44, b[129] == 0x49, b[130] == 0x43, b[131] == 0x4D {
            preamble = Array(b[0..<128])
            p = 132
        } else if b.count >= 4, b[0] == 0x44, b[1] == 0x49, b[2] == 0x43, b[3] == 0x4D {
            p = 4
        }
        var meta: [DICOMRawElement] = []
        if p + 8 <= b.count, b[p] == 0x02, b[p + 1] == 0x00 {
            let explicitMeta = DICOMValueRepresentation(code: UInt16(b[p + 4]) << 8 | UInt16(b[p + 5])).isPlausible
            var reader = Cursor(b: b[...], explicitVR: explicitMeta, bigEndian: false)
            reader.p = p
            meta = try reader.elements(until: nil, delimited: false, depth: 0, group: 0x0002)
            p = reader.p
        }
        var syntax: DICOMTransferSyntax
        if let uid = meta.first(where: { $0.tag == .transferSyntaxUID }) {
            let text = String(decoding: uid.bytes, as: UTF8.self).trimmingCharacters(in: [" ", "\0"])
            syntax = DICOMTransferSyntax.named(text)
        } else {
            let guess = DICOMHeader.guessEncoding(b, at: p) ?? (explicit: false, bigEndian: false)
            syntax = guess.bigEndian ? .explicitBig : guess.explicit ? .explicitLittle : .implicitLittle
        }
        var body = b[p...]
        if syntax.isDeflated {
            guard let inflated = DICOMInflate.inflateRaw(body) else {
                throw .malformed(offset: p, tag: nil, detail: "the deflated dataset cannot be inflated")
            }
            body = inflated[...]
        }
        var reader = Cursor(b: body, explicitVR: syntax.isExplicitVR, bigEndian: syntax.isBigEndian)
        let dataset = try reader.elements(until: nil, delimited: false, depth: 0, group: nil)
        return DICOMRawFile(preamble: preamble, meta: meta, dataset: dataset, transferSyntax: syntax)
    }

    private struct Cursor {
        let b: ArraySlice<UInt8>
        let explicitVR: Bool
        let bigEndian: Bool
        var p: Int

        init(b: ArraySlice<UInt8>, explicitVR: Bool, bigEndian: Bool) {
            self.b = b
            self.explicitVR = explicitVR
            self.bigEndian = bigEndian
            p = b.startIndex
        }

        func u16(_ at: Int) -> UInt16 {
            bigEndian ? UInt16(b[at]) << 8 | UInt16(b[at + 1]) : UInt16(b[at + 1]) << 8 | UInt16(b[at])
        }

        func u32(_ at: Int) -> UInt32 {
            bigEndian
                ? UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
                : UInt32(b[at + 3]) << 24 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 1]) << 8 | UInt32(b[at])
        }

        /// The same bytes read as Implicit VR Little Endian (the content of a UN sequence).
        func implicit(at q: Int) -> Cursor {
            var c = Cursor(b: b, explicitVR: false, bigEndian: false)
            c.p = q
            return c
        }

        mutating func elements(until end: Int?, delimited: Bool, depth: Int, group: UInt16?) throws(DICOMParseFailure) -> [DICOMRawElement] {
            guard depth <= DICOMParser.maximumDepth else {
                throw .malformed(offset: p, tag: nil, detail: "sequences are nested more than \(DICOMParser.maximumDepth) deep")
            }
            var out: [DICOMRawElement] = []
            let limit = end ?? b.endIndex
            while p < limit {
                guard p + 8 <= limit else {
                    if end == nil && !delimited && b[p..<limit].allSatisfy({ $0 == 0 }) { p = limit; break }
                    throw .truncated(offset: p, tag: nil, detail: "an element header is cut off")
                }
                let tag = DICOMTag(u16(p), u16(p + 2))
                if let group, tag.group != group { break }
                if tag.group == 0xFFFE {
                    if tag == .itemDelimitation && delimited { p += 8; return out }
                    if tag == .itemDelimitation || tag == .sequenceDelimitation { p += 8; continue }
                    throw .malformed(offset: p, tag: tag, detail: "an item tag where a data element was expected")
                }
                var vr: DICOMValueRepresentation
                var length: Int
                var valueStart: Int
                if explicitVR {
                    vr = DICOMValueRepresentation(code: UInt16(b[p + 4]) << 8 | UInt16(b[p + 5]))
                    guard vr.isPlausible else {
                        throw .malformed(offset: p, tag: tag, detail: "no value representation where explicit VR data must have one")
                    }
                    if vr.hasLongLength {
                        guard p + 12 <= limit else { throw .truncated(offset: p, tag: tag, detail: "an element header is cut off") }
                        length = Int(u32(p + 8))
                        valueStart = p + 12
                    } else {
                        length = Int(u16(p + 6))
                        valueStart = p + 8
                    }
                } else {
                    vr = DICOMDictionary.implicitVR(for: tag)
                    length = Int(u32(p + 4))
                    valueStart = p + 8
                }
                if length == DICOMParser.undefinedLength {
                    if tag == .pixelData {
                        let after = try fragmentsEnd(from: valueStart, tag: tag)
                        out.append(DICOMRawElement(tag: tag, vr: vr, value: .fragments(b[valueStart..<after])))
                        p = after
                        continue
                    }
                    // Undefined length: a sequence. SQ (or any implicit-VR element) keeps this
                    // encoding; UN (explicit VR only) holds Implicit VR Little Endian.
                    let keepsEncoding = vr == .SQ || !explicitVR
                    var inner = keepsEncoding ? self : implicit(at: valueStart)
                    inner.p = valueStart
                    let items = try inner.items(until: nil, tag: tag, depth: depth)
                    out.append(DICOMRawElement(tag: tag, vr: keepsEncoding ? .SQ : vr, value: .sequence(items, undefinedLength: true)))
                    p = inner.p
                    continue
                }
                guard valueStart + length <= limit else {
                    throw .truncated(offset: p, tag: tag, detail: "the value (length \(length)) runs past its end")
                }
                if vr == .SQ {
                    var inner = self
                    inner.p = valueStart
                    let items = try inner.items(until: valueStart + length, tag: tag, depth: depth)
                    out.append(DICOMRawElement(tag: tag, vr: vr, value: .sequence(items, undefinedLength: false)))
                } else if vr == .UN, length > 0, DICOMDictionary.entry(for: tag)?.vr == .SQ {
                    var inner = implicit(at: valueStart)
                    if let items = try? inner.items(until: valueStart + length, tag: tag, depth: depth) {
                        out.append(DICOMRawElement(tag: tag, vr: .UN, value: .sequence(items, undefinedLength: false)))
                    } else {
                        out.append(DICOMRawElement(tag: tag, vr: vr, value: .bytes(b[valueStart..<(valueStart + length)])))
                    }
                } else {
                    out.append(DICOMRawElement(tag: tag, vr: vr, value: .bytes(b[valueStart..<(valueStart + length)])))
                }
                p = valueStart + length
            }
            if delimited && end == nil {
                throw .truncated(offset: p, tag: nil, detail: "an item of undefined length has no end")
            }
            return out
        }

        mutating func items(until end: Int?, tag: DICOMTag, depth: Int) throws(DICOMParseFailure) -> [DICOMRawItem] {
            var items: [DICOMRawItem] = []
            let limit = end ?? b.endIndex
            while p < limit {
                guard p + 8 <= limit else { throw .truncated(offset: p, tag: tag, detail: "a sequence item header is cut off") }
                let itemTag = DICOMTag(u16(p), u16(p + 2))
                let length = Int(u32(p + 4))
                if itemTag == .sequenceDelimitation { p += 8; return items }
                guard itemTag == .item else {
                    throw .malformed(offset: p, tag: tag, detail: "the sequence holds \(itemTag) where an item was expected")
                }
                p += 8
                if length == DICOMParser.undefinedLength {
                    items.append(DICOMRawItem(elements: try elements(until: nil, delimited: true, depth: depth + 1, group: nil),
                                              undefinedLength: true))
                } else {
                    guard p + length <= limit else { throw .truncated(offset: p, tag: tag, detail: "a sequence item (length \(length)) runs past its end") }
                    let itemEnd = p + length
                    items.append(DICOMRawItem(elements: try elements(until: itemEnd, delimited: false, depth: depth + 1, group: nil)))
                    p = itemEnd
                }
            }
            if end == nil { throw .truncated(offset: p, tag: tag, detail: "a sequence of undefined length has no end") }
            return items
        }

        func fragmentsEnd(from start: Int, tag: DICOMTag) throws(DICOMParseFailure) -> Int {
            var q = start
            while q + 8 <= b.endIndex {
                let itemTag = DICOMTag(u16(q), u16(q + 2))
                let length = Int(u32(q + 4))
                if itemTag == .sequenceDelimitation { return q + 8 }
                guard itemTag == .item, length != DICOMParser.undefinedLength, q + 8 + length <= b.endIndex else {
                    throw .malformed(offset: q, tag: tag, detail: "encapsulated pixel data holds \(itemTag) where a fragment was expected")
                }
                q += 8 + length
            }
            throw .truncated(offset: q, tag: tag, detail: "the compressed pixel data has no end")
        }
    }
}
