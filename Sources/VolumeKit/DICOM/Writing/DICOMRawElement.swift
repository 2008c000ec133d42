/// A data element as it was stored, for rewriting a file: its tag, its VR as written (for
/// implicit VR data, the dictionary's), and its value bytes untouched. Nothing is decoded,
/// so an element that is not changed is written back byte for byte.
public struct DICOMRawElement: Sendable {
    public var tag: DICOMTag
    public var vr: DICOMValueRepresentation
    public var value: DICOMRawValue

    public init(tag: DICOMTag, vr: DICOMValueRepresentation, value: DICOMRawValue) {
        self.tag = tag
        self.vr = vr
        self.value = value
    }

    /// A text element with the value padded to even length as its VR requires (UI with NUL,
    /// everything else with a space).
    public static func text(_ tag: DICOMTag, _ vr: DICOMValueRepresentation, _ text: String) -> DICOMRawElement {
        DICOMRawElement(tag: tag, vr: vr, value: .bytes(DICOMRawElement.padded(Array(text.utf8), vr)[...]))
    }

    static func padded(_ bytes: [UInt8], _ vr: DICOMValueRepresentation) -> [UInt8] {
        guard bytes.count % 2 == 1 else { return bytes }
        return bytes + [vr == .UI || vr == .OB || vr == .UN ? 0 : 0x20]
    }

    /// The value bytes of a non-sequence element (empty for a sequence).
    public var bytes: ArraySlice<UInt8> {
        if case .bytes(let b) = value { return b }
        return []
    }

    public var items: [DICOMRawItem] {
        if case .sequence(let items, _) = value { return items }
        return []
    }
}

public enum DICOMRawValue: Sendable {
    case bytes(ArraySlice<UInt8>)
    /// A sequence; `undefinedLength` says how it was written (and will be again).
    case sequence([DICOMRawItem], undefinedLength: Bool)
    /// Encapsulated pixel data: the fragment items and the sequence delimiter, exactly as stored.
    case fragments(ArraySlice<UInt8>)
}

public struct DICOMRawItem: Sendable {
    public var elements: [DICOMRawElement]
    public var undefinedLength: Bool

    public init(elements: [DICOMRawElement], undefinedLength: Bool = false) {
        self.elements = elements
        self.undefinedLength = undefinedLength
    }
}

/// A whole Part 10 file as raw elements: what `DICOMRawWriter` writes back.
public struct DICOMRawFile: Sendable {
    /// The 128-byte preamble (nil when the file had none, or no "DICM" prefix at all).
    public var preamble: [UInt8]?
    public var meta: [DICOMRawElement]
    public var dataset: [DICOMRawElement]
    public var transferSyntax: DICOMTransferSyntax

    public init(preamble: [UInt8]?, meta: [DICOMRawElement], dataset: [DICOMRawElement], transferSyntax: DICOMTransferSyntax) {
        self.preamble = preamble
        self.meta = meta
        self.dataset = dataset
        self.transferSyntax = transferSyntax
    }
}

extension DICOMValueRepresentation {
    /// The VR named by two letters ("PN"), for code outside this module.
    public static func named(_ text: String) -> DICOMValueRepresentation? { DICOMValueRepresentation(name: Substring(text)) }
    /// Character data (decoded with the dataset's character set).
    public var holdsText: Bool { isText }
    /// The VR the standard dictionary gives a tag (UN when unknown).
    public static func dictionaryVR(for tag: DICOMTag) -> DICOMValueRepresentation { DICOMDictionary.implicitVR(for: tag) }
}
