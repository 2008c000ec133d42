/// Why parsing stopped, before the file name is known.
enum DICOMParseFailure: Error, Equatable {
    /// An element runs past the end of the bytes at hand.
    case truncated(offset: Int, tag: DICOMTag?, detail: String)
    case malformed(offset: Int, tag: DICOMTag?, detail: String)
    /// Only the start of the file was read and the parse needs more of it.
    case needMoreData

    func error(path: String) -> VolumeKitError {
        switch self {
        case .truncated(let offset, let tag, let detail):
            return .truncated(path: path, detail: "\(detail)\(Self.place(offset, tag))")
        case .malformed(let offset, let tag, let detail):
            return .malformed(path: path, detail: "\(detail)\(Self.place(offset, tag))")
        case .needMoreData:
            return .truncated(path: path, detail: "the DICOM header ends early")
        }
    }

    private static func place(_ offset: Int, _ tag: DICOMTag?) -> String {
        if let tag { return " (element \(tag) \(DICOMDictionary.name(for: tag)), byte \(offset))" }
        return " (byte \(offset))"
    }
}

/// Where the pixel data of a dataset is, found by the header parse (which stops there).
struct PixelDataLocation: Sendable, Equatable {
    let tag: DICOMTag
    let vr: DICOMValueRepresentation
    /// Offset of the value (the first fragment item for encapsulated data) in the parsed bytes.
    let offset: Int
    /// nil: undefined length, i.e. encapsulated fragments follow.
    let length: Int?
}

/// Reads data elements from bytes in one encoding. Elements are recorded as offsets into the
/// bytes; only sequences create nested datasets.
struct DICOMParser {
    let storage: DICOMBytes
    let explicitVR: Bool
    let bigEndian: Bool
    /// False when `storage` holds only the start of the file: running out then asks for more.
    let isComplete: Bool
    var characterSet: DICOMCharacterSet = .default

    static let maximumDepth = 32
    static let undefinedLength = 0xFFFF_FFFF

    private var count: Int { storage.bytes.count }

    func u16(_ at: Int) -> UInt16 {
        let b = storage.bytes
        return bigEndian ? UInt16(b[at]) << 8 | UInt16(b[at + 1]) : UInt16(b[at + 1]) << 8 | UInt16(b[at])
    }

    func u32(_ at: Int) -> UInt32 {
        let b = storage.bytes
        if bigEndian {
            return UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
        }
        return UInt32(b[at + 3]) << 24 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 1]) << 8 | UInt32(b[at])
    }

    private func shortage(_ offset: Int, _ tag: DICOMTag?, _ detail: String) -> DICOMParseFailure {
        isComplete ? .truncated(offset: offset, tag: tag, detail: detail) : .needMoreData
    }

    /// Parses elements from `start` up to `end` (nil: the end of the bytes, or an item
    /// delimiter when `delimited`). At depth 0 with `stopAtPixelData`, stops at Pixel Data and
    /// returns its location instead of reading it.
    func parse(from start: Int, to end: Int?, delimited: Bool = false, depth: Int = 0,
               stopAtPixelData: Bool = false, groupLimit: UInt16? = nil) throws(DICOMParseFailure)
        -> (dataset: DICOMDataset, end: Int, pixelData: PixelDataLocation?) {
        guard depth <= Self.maximumDepth else {
            throw .malformed(offset: start, tag: nil, detail: "sequences are nested more than \(Self.maximumDepth) deep")
        }
        var charset = characterSet
        var elements: [DICOMElement] = []
        elements.reserveCapacity(depth == 0 ? 160 : 8)
        var p = start
        let limit = end ?? count
        if limit > count { throw shortage(count, nil, "an item runs past the end of the file") }

        while p < limit {
            guard p + 8 <= limit else {
                if end == nil && !delimited && isComplete && storage.bytes[p..<limit].allSatisfy({ $0 == 0 }) { break }
                throw shortage(p, nil, "an element header is cut off")
            }
            let tag = DICOMTag(u16(p), u16(p + 2))
            if let groupLimit, tag.group != groupLimit { break }

            if tag.group == 0xFFFE {
                let length = Int(u32(p + 4))
                if tag == .itemDelimitation && delimited {
                    return (DICOMDataset(storage: storage, isBigEndian: bigEndian, characterSet: charset, elements: elements), p + 8, nil)
                }
                // A stray delimiter (some writers add them) carries no data: step over it.
                if tag == .itemDelimitation || tag == .sequenceDelimitation {
                    p += 8
                    continue
                }
                throw .malformed(offset: p, tag: tag, detail: "an item tag where a data element was expected (length \(length))")
            }

            var vr: DICOMValueRepresentation
            var length: Int
            var valueStart: Int
            if explicitVR {
                vr = DICOMValueRepresentation(code: UInt16(storage.bytes[p + 4]) << 8 | UInt16(storage.bytes[p + 5]))
                if !vr.isPlausible {
                    // Not a VR: read this element as implicit (some writers mix encodings).
                    vr = DICOMDictionary.implicitVR(for: tag)
                    length = Int(u32(p + 4))
                    valueStart = p + 8
                } else if vr.hasLongLength {
                    guard p + 12 <= limit else { throw shortage(p, tag, "an element header is cut off") }
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

            if depth == 0 && stopAtPixelData && (tag == .pixelData || tag == .floatPixelData || tag == .doubleFloatPixelData) {
                let location = PixelDataLocation(tag: tag, vr: vr, offset: valueStart,
                                                 length: length == Self.undefinedLength ? nil : length)
                return (DICOMDataset(storage: storage, isBigEndian: bigEndian, characterSet: charset, elements: elements), valueStart, location)
            }

            if length == Self.undefinedLength {
                if tag == .pixelData {
                    // Encapsulated pixel data read in full: skip its fragments.
                    let after = try skipFragments(from: valueStart, tag: tag)
                    elements.append(DICOMElement(tag: tag, vr: vr, offset: valueStart, length: 0))
                    p = after
                    continue
                }
                // Undefined length is only allowed for sequences (SQ, or UN/OB holding one,
                // which is then Implicit VR Little Endian inside).
                let inner = vr == .SQ ? with(charset) : DICOMParser(storage: storage, explicitVR: false, bigEndian: false,
                                                                    isComplete: isComplete, characterSet: charset)
                let (items, after) = try inner.parseSequence(from: valueStart, end: nil, tag: tag, depth: depth)
                elements.append(DICOMElement(tag: tag, vr: .SQ, offset: valueStart, length: after - valueStart, items: items))
                p = after
                continue
            }

            guard valueStart + length <= limit else {
                if valueStart + length <= count && end != nil {
                    throw .malformed(offset: p, tag: tag, detail: "an element runs past the end of its item (length \(length))")
                }
                throw shortage(p, tag, "the value (length \(length)) runs past the end of the file")
            }

            if vr == .UN, let known = DICOMDictionary.entry(for: tag)?.vr, known != .SQ, known != .UN {
                // A standard element written as UN by a tool that did not know it: its value is
                // still encoded as the standard says, so read it with the dictionary's VR.
                vr = known
            }
            var element = DICOMElement(tag: tag, vr: vr, offset: valueStart, length: length)
            if vr == .SQ {
                (element.items, _) = try with(charset).parseSequence(from: valueStart, end: valueStart + length, tag: tag, depth: depth)
            } else if vr == .UN, length > 0, DICOMDictionary.entry(for: tag)?.vr == .SQ {
                // A sequence written as UN by a tool that did not know it: its content is
                // Implicit VR Little Endian. If it does not parse, keep the bytes.
                let inner = DICOMParser(storage: storage, explicitVR: false, bigEndian: false, isComplete: true, characterSet: charset)
                if let (items, _) = try? inner.parseSequence(from: valueStart, end: valueStart + length, tag: tag, depth: depth) {
                    element = DICOMElement(tag: tag, vr: .SQ, offset: valueStart, length: length, items: items)
                }
            }
            if tag == .specificCharacterSet {
                let scratch = DICOMDataset(storage: storage, isBigEndian: bigEndian, characterSet: .default, elements: [element])
                charset = DICOMCharacterSet(terms: scratch.strings(of: element))
            }
            elements.append(element)
            p = valueStart + length
        }
        if delimited && end == nil {
            throw shortage(p, nil, "an item of undefined length has no end")
        }
        return (DICOMDataset(storage: storage, isBigEndian: bigEndian, characterSet: charset, elements: elements), p, nil)
    }

    /// The same parser with the character set in force at this point of the dataset (items inherit it).
    private func with(_ charset: DICOMCharacterSet) -> DICOMParser {
        var copy = self
        copy.characterSet = charset
        return copy
    }

    /// Items of a sequence from `start` up to `end`, or up to its delimiter when `end` is nil.
    func parseSequence(from start: Int, end: Int?, tag: DICOMTag, depth: Int) throws(DICOMParseFailure)
        -> (items: [DICOMDataset], end: Int) {
        var items: [DICOMDataset] = []
        var p = start
        let limit = end ?? count
        while p < limit {
            guard p + 8 <= limit else { throw shortage(p, tag, "a sequence item header is cut off") }
            let itemTag = DICOMTag(u16(p), u16(p + 2))
            let length = Int(u32(p + 4))
            if itemTag == .sequenceDelimitation { return (items, p + 8) }
            guard itemTag == .item else {
                throw .malformed(offset: p, tag: tag, detail: "the sequence holds \(itemTag) where an item was expected")
            }
            if length == Self.undefinedLength {
                let (item, after, _) = try parse(from: p + 8, to: nil, delimited: true, depth: depth + 1)
                items.append(item)
                p = after
            } else {
                guard p + 8 + length <= limit else { throw shortage(p, tag, "a sequence item (length \(length)) runs past its end") }
                let (item, _, _) = try parse(from: p + 8, to: p + 8 + length, depth: depth + 1)
                items.append(item)
                p = p + 8 + length
            }
        }
        if end == nil { throw shortage(p, tag, "a sequence of undefined length has no end") }
        return (items, limit)
    }

    /// Steps over encapsulated pixel data fragments to the sequence delimiter.
    func skipFragments(from start: Int, tag: DICOMTag) throws(DICOMParseFailure) -> Int {
        var p = start
        while p + 8 <= count {
            let itemTag = DICOMTag(u16(p), u16(p + 2))
            let length = Int(u32(p + 4))
            if itemTag == .sequenceDelimitation { return p + 8 }
            guard itemTag == .item, length != Self.undefinedLength else {
                throw .malformed(offset: p, tag: tag, detail: "encapsulated pixel data holds \(itemTag) where a fragment was expected")
            }
            p += 8 + length
        }
        throw shortage(p, tag, "the compressed pixel data has no end")
    }
}
