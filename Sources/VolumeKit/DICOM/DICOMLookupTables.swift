/// The lookup tables of a DICOM image: the Modality LUT Sequence (0028,3000), the VOI LUT
/// Sequence (0028,3010) and the VOI LUT Function (0028,1056) of its windows.
enum DICOMLookupTables {
    static let modalityLUTSequence = DICOMTag(0x0028, 0x3000)
    static let voiLUTSequence = DICOMTag(0x0028, 0x3010)
    static let lutDescriptor = DICOMTag(0x0028, 0x3002)
    static let lutExplanation = DICOMTag(0x0028, 0x3003)
    static let lutData = DICOMTag(0x0028, 0x3006)
    static let voiLUTFunction = DICOMTag(0x0028, 0x1056)

    /// The file's Modality LUT, when it has a usable one (grey images only).
    static func modality(_ ds: DICOMDataset) -> LookupTable? {
        ds.items(modalityLUTSequence).first.flatMap { table($0, pixelRepresentation: pixelRepresentation(ds)) }
    }

    /// Every usable table of the VOI LUT Sequence, in the file's order.
    static func voi(_ ds: DICOMDataset) -> [LookupTable] {
        ds.items(voiLUTSequence).compactMap { table($0, pixelRepresentation: pixelRepresentation(ds)) }
    }

    /// The window function the file names, LINEAR when it names none (or one not defined).
    static func windowFunction(_ ds: DICOMDataset) -> WindowFunction {
        guard let text = ds.string(voiLUTFunction)?.uppercased() else { return .linear }
        return WindowFunction(rawValue: text) ?? .linear
    }

    private static func pixelRepresentation(_ ds: DICOMDataset) -> Int { ds.int(.pixelRepresentation) ?? 0 }

    /// One LUT item: LUT Descriptor (entries, 0 meaning 65 536; first value mapped, signed
    /// when the Pixel Representation is, whatever VR the descriptor was written with; bits per
    /// entry) and LUT Data, one entry a 16-bit word (US or OW) or a byte (OB with 8 bits).
    static func table(_ item: DICOMDataset, pixelRepresentation: Int) -> LookupTable? {
        guard let descriptor = item.element(lutDescriptor), let data = item.element(lutData) else { return nil }
        var words: [UInt16] = []
        item.forEachValue(item.valueBytes(descriptor), 2) { words.append(UInt16(truncatingIfNeeded: $0)) }
        guard words.count >= 3 else { return nil }
        let count = words[0] == 0 ? 65536 : Int(words[0])
        let first = pixelRepresentation == 1 ? Int(Int16(bitPattern: words[1])) : Int(words[1])
        let bits = Int(words[2])
        guard (1...16).contains(bits) else { return nil }
        var entries: [UInt16] = []
        entries.reserveCapacity(count)
        let bytes = item.valueBytes(data)
        if data.vr == .OB && bits <= 8 {
            entries = bytes.prefix(count).map(UInt16.init)
        } else {
            item.forEachValue(bytes, 2) { if entries.count < count { entries.append(UInt16(truncatingIfNeeded: $0)) } }
        }
        guard !entries.isEmpty else { return nil }
        let mask = UInt16(truncatingIfNeeded: (1 << bits) - 1)
        let explanation = item.string(lutExplanation) ?? ""
        return LookupTable(firstMapped: first, bitsPerEntry: bits, entries: entries.map { $0 & mask },
                           explanation: explanation)
    }

    /// Stored samples of one frame → Modality LUT output, 8 or 16 bits a sample.
    static func map(_ table: LookupTable, stored: VoxelType, from source: UnsafeRawPointer, samples: Int,
                    into dest: UnsafeMutableRawPointer, output: VoxelType) {
        func run<T: FixedWidthInteger>(_: T.Type) {
            let s = source.assumingMemoryBound(to: T.self)
            table.entries.withUnsafeBufferPointer { lut in
                let first = table.firstMapped, last = lut.count - 1
                func entry(_ n: Int) -> UInt16 {
                    let offset = Int(s[n]) - first
                    return lut[offset <= 0 ? 0 : offset >= last ? last : offset]
                }
                if output == .uint8 {
                    let d = dest.assumingMemoryBound(to: UInt8.self)
                    for n in 0..<samples { d[n] = UInt8(truncatingIfNeeded: entry(n)) }
                } else {
                    let d = dest.assumingMemoryBound(to: UInt16.self)
                    for n in 0..<samples { d[n] = entry(n) }
                }
            }
        }
        switch stored {
        case .uint8: run(UInt8.self)
        case .int8: run(Int8.self)
        case .uint16: run(UInt16.self)
        case .int16: run(Int16.self)
        case .uint32: run(UInt32.self)
        case .int32: run(Int32.self)
        case .int64: run(Int64.self)
        case .float32, .float64: preconditionFailure("a Modality LUT maps integer samples")
        }
    }
}
