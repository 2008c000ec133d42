/// A DICOM lookup table: the Modality LUT (PS3.3 C.11.1) or a VOI LUT (C.11.2) of a file.
///
/// The LUT Descriptor gives the number of entries (0 meaning 65 536), the first stored value
/// mapped (signed when the Pixel Representation is), and the bits of each entry. A value below
/// the first mapped one takes the first entry, one past the last mapped takes the last entry,
/// as pydicom's `apply_modality_lut` and `apply_voi` do.
public struct LookupTable: Sendable, Equatable, Codable {
    public var firstMapped: Int
    public var bitsPerEntry: Int
    public var entries: [UInt16]
    /// LUT Explanation (0028,3003), when the file gives one.
    public var explanation: String

    public init(firstMapped: Int, bitsPerEntry: Int, entries: [UInt16], explanation: String = "") {
        precondition(!entries.isEmpty, "a lookup table needs at least one entry")
        self.firstMapped = firstMapped
        self.bitsPerEntry = min(max(bitsPerEntry, 1), 16)
        self.entries = entries
        self.explanation = explanation
    }

    /// The entry a value selects: stored values are integers; a fractional value (after a
    /// rescale) is truncated toward the first entry, as an integer array would be.
    @inlinable
    public func index(_ value: Double) -> Int {
        let offset = value - Double(firstMapped)
        if !(offset > 0) { return 0 }
        let last = entries.count - 1
        return offset >= Double(last) ? last : Int(offset)
    }

    @inlinable
    public func map(_ value: Double) -> UInt16 { entries[index(value)] }

    /// The largest value an entry can hold: 2^bits − 1.
    public var outputMaximum: Double { Double((1 << bitsPerEntry) - 1) }

    /// The stored values the table maps, first to last.
    public var inputRange: ClosedRange<Double> { Double(firstMapped)...Double(firstMapped + entries.count - 1) }
}
