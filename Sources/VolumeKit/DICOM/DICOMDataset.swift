import Foundation

/// The bytes a dataset was parsed from, shared by the dataset and all its nested items.
final class DICOMBytes: @unchecked Sendable {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
}

/// One data element: where its value lies in the parsed bytes, and for a sequence its items.
/// Values are decoded only when asked for (pydicom's "raw element" idea).
struct DICOMElement: Sendable {
    let tag: DICOMTag
    let vr: DICOMValueRepresentation
    /// Offset of the value in the dataset's bytes.
    let offset: Int
    /// Value length in bytes (for a sequence of undefined length: the bytes its items took).
    let length: Int
    var items: [DICOMDataset] = []
}

/// A parsed dataset (or a sequence item): its elements in file order, over shared bytes.
struct DICOMDataset: Sendable {
    let storage: DICOMBytes
    let isBigEndian: Bool
    var characterSet: DICOMCharacterSet
    var elements: [DICOMElement]

    func element(_ tag: DICOMTag) -> DICOMElement? {
        for e in elements where e.tag == tag { return e }
        return nil
    }

    func contains(_ tag: DICOMTag) -> Bool { element(tag) != nil }

    func valueBytes(_ e: DICOMElement) -> ArraySlice<UInt8> {
        storage.bytes[e.offset..<(e.offset + e.length)]
    }

    // MARK: text

    /// All values of a text element, split at backslashes, padding trimmed.
    func strings(_ tag: DICOMTag) -> [String] {
        guard let e = element(tag) else { return [] }
        return strings(of: e)
    }

    func strings(of e: DICOMElement) -> [String] {
        guard e.length > 0 else { return [] }
        let text = characterSet.decode(trimmedValue(e))
        let keepsBackslash = e.vr == .LT || e.vr == .ST || e.vr == .UT || e.vr == .UR
        let parts = keepsBackslash ? [Substring(text)] : text.split(separator: "\\", omittingEmptySubsequences: false)
        return parts.map { $0.trimmingCharacters(in: Self.padding) }
    }

    func string(_ tag: DICOMTag) -> String? {
        guard let first = strings(tag).first, !first.isEmpty else { return nil }
        return first
    }

    static let padding = CharacterSet(charactersIn: " \0")

    private func trimmedValue(_ e: DICOMElement) -> ArraySlice<UInt8> {
        var bytes = valueBytes(e)
        while let last = bytes.last, last == 0 || last == 0x20 { bytes = bytes.dropLast() }
        while let first = bytes.first, first == 0x20 { bytes = bytes.dropFirst() }
        return bytes
    }

    // MARK: numbers

    /// Numeric values of a binary (US, SS, UL, SL, FL, FD, …) or decimal/integer string (DS, IS) element.
    func numbers(_ tag: DICOMTag) -> [Double] {
        guard let e = element(tag) else { return [] }
        return numbers(of: e)
    }

    func numbers(of e: DICOMElement) -> [Double] {
        if e.vr.isText {
            return strings(of: e).compactMap { Double($0) }
        }
        let bytes = valueBytes(e)
        var out: [Double] = []
        switch e.vr {
        case .US, .OW: forEachValue(bytes, 2) { out.append(Double(UInt16(truncatingIfNeeded: $0))) }
        case .SS: forEachValue(bytes, 2) { out.append(Double(Int16(truncatingIfNeeded: $0))) }
        case .UL, .OL: forEachValue(bytes, 4) { out.append(Double(UInt32(truncatingIfNeeded: $0))) }
        case .SL: forEachValue(bytes, 4) { out.append(Double(Int32(truncatingIfNeeded: $0))) }
        case .FL, .OF: forEachValue(bytes, 4) { out.append(Double(Float(bitPattern: UInt32(truncatingIfNeeded: $0)))) }
        case .FD, .OD: forEachValue(bytes, 8) { out.append(Double(bitPattern: $0)) }
        case .SV: forEachValue(bytes, 8) { out.append(Double(Int64(bitPattern: $0))) }
        case .UV, .OV: forEachValue(bytes, 8) { out.append(Double($0)) }
        case .OB, .UN: for b in bytes { out.append(Double(b)) }
        default: break
        }
        return out
    }

    func number(_ tag: DICOMTag) -> Double? { numbers(tag).first }

    func int(_ tag: DICOMTag) -> Int? {
        guard let v = number(tag), v.isFinite, abs(v) < 1e15 else { return nil }
        return Int(v.rounded())
    }

    /// Calls `body` with each `width`-byte value of `bytes`, in the dataset's byte order.
    func forEachValue(_ bytes: ArraySlice<UInt8>, _ width: Int, _ body: (UInt64) -> Void) {
        var n = bytes.startIndex
        while n + width <= bytes.endIndex {
            var v: UInt64 = 0
            if isBigEndian {
                for k in 0..<width { v = v << 8 | UInt64(bytes[n + k]) }
            } else {
                for k in (0..<width).reversed() { v = v << 8 | UInt64(bytes[n + k]) }
            }
            body(v)
            n += width
        }
    }

    // MARK: sequences

    func items(_ tag: DICOMTag) -> [DICOMDataset] { element(tag)?.items ?? [] }
}
