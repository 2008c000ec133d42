/// PALETTE COLOR lookup tables (PS3.3 C.7.6.3.1.5–6), normal or segmented, as 8-bit RGB.
enum DICOMPalette {
    static func read(_ ds: DICOMDataset) -> Palette? {
        let channels: [(DICOMTag, DICOMTag, DICOMTag)] = [
            (.redPaletteDescriptor, .redPaletteData, .segmentedRedPaletteData),
            (.greenPaletteDescriptor, .greenPaletteData, .segmentedGreenPaletteData),
            (.bluePaletteDescriptor, .bluePaletteData, .segmentedBluePaletteData),
        ]
        var tables: [[UInt8]] = []
        var firstIndex = 0
        for (descriptorTag, dataTag, segmentedTag) in channels {
            let descriptor = ds.numbers(descriptorTag)
            guard descriptor.count >= 3 else { return nil }
            var entries = Int(descriptor[0])
            if entries <= 0 { entries = 65536 }
            firstIndex = Int(descriptor[1])
            let bits = Int(descriptor[2])
            var values: [Int]
            if let e = ds.element(dataTag) {
                values = words(ds, e, bits: bits)
            } else if let e = ds.element(segmentedTag) {
                values = expandSegments(words(ds, e, bits: 16))
            } else {
                return nil
            }
            if values.count > entries { values = Array(values.prefix(entries)) }
            guard !values.isEmpty else { return nil }
            // Keep the significant 8 bits of each entry.
            let shift = bits > 8 ? bits - 8 : 0
            tables.append(values.map { UInt8(truncatingIfNeeded: max(0, $0) >> shift) })
        }
        return Palette(firstIndex: firstIndex, red: tables[0], green: tables[1], blue: tables[2])
    }

    /// 16-bit words of a palette data element (8-bit entries may be packed two a word).
    private static func words(_ ds: DICOMDataset, _ e: DICOMElement, bits: Int) -> [Int] {
        let bytes = ds.valueBytes(e)
        if bits == 8 && e.vr == .OB { return bytes.map(Int.init) }
        var out: [Int] = []
        out.reserveCapacity(bytes.count / 2)
        ds.forEachValue(bytes, 2) { out.append(Int($0)) }
        return out
    }

    /// Segmented palette data: discrete (0), linear (1) and indirect (2) segments. Indirect
    /// segments may not point at other indirect ones (PS3.3 C.7.9.2), which also stops loops.
    static func expandSegments(_ data: [Int], allowIndirect: Bool = true) -> [Int] {
        var out: [Int] = []
        var p = 0
        while p + 1 < data.count, out.count <= 65536 {
            let type = data[p], length = data[p + 1]
            p += 2
            switch type {
            case 0:
                guard p + length <= data.count else { return out }
                out.append(contentsOf: data[p..<(p + length)])
                p += length
            case 1:
                guard p < data.count, let start = out.last else { return out }
                let end = data[p]
                p += 1
                for n in 1...max(length, 1) where length > 0 {
                    out.append(start + (end - start) * n / length)
                }
            case 2:
                guard allowIndirect, p + 1 < data.count else { return out }
                let count = length
                let offset = data[p] | data[p + 1] << 16
                p += 2
                let copied = expandSegments(Array(data[min(offset, data.count)...]).prefixSegments(count), allowIndirect: false)
                out.append(contentsOf: copied)
            default:
                return out
            }
        }
        return out
    }
}

private extension Array where Element == Int {
    /// The words of the first `count` segments.
    func prefixSegments(_ count: Int) -> [Int] {
        var p = 0, n = 0
        while n < count, p + 1 < self.count {
            let type = self[p], length = self[p + 1]
            p += 2 + (type == 0 ? length : type == 1 ? 1 : 2)
            n += 1
        }
        return Array(self[0..<Swift.min(p, self.count)])
    }
}
