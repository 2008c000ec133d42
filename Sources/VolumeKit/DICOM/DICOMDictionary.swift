/// Names and value representations of the standard tags, from the generated table.
public enum DICOMDictionary {
    public struct Entry: Sendable {
        public let vr: DICOMValueRepresentation
        public let name: String
    }

    /// Parsed from the table's bytes on first use. Opening a series builds its metadata on the
    /// critical path, so this stays a plain byte scan (a few ms; `split` took ~20 ms).
    static let entries: [UInt32: Entry] = {
        var result: [UInt32: Entry] = [:]
        result.reserveCapacity(5200)
        var text = table
        text.withUTF8 { bytes in
            let n = bytes.count
            var start = 0
            while start < n {
                var end = start
                while end < n && bytes[end] != 0x0A { end += 1 }
                defer { start = end + 1 }
                // "ggggeeee VR Name": anything else (the NONE of the delimiters) is skipped.
                guard end - start > 12, bytes[start + 8] == 0x20, bytes[start + 11] == 0x20 else { continue }
                var raw: UInt32 = 0
                var valid = true
                for k in start..<(start + 8) {
                    guard let digit = hexDigit(bytes[k]) else { valid = false; break }
                    raw = raw << 4 | digit
                }
                guard valid else { continue }
                let vr = DICOMValueRepresentation(code: UInt16(bytes[start + 9]) << 8 | UInt16(bytes[start + 10]))
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + 12)..<end]), as: UTF8.self)
                result[raw] = Entry(vr: vr, name: name)
            }
        }
        return result
    }()

    private static func hexDigit(_ c: UInt8) -> UInt32? {
        switch c {
        case 0x30...0x39: return UInt32(c - 0x30)
        case 0x41...0x46: return UInt32(c - 0x41 + 10)
        case 0x61...0x66: return UInt32(c - 0x61 + 10)
        default: return nil
        }
    }

    /// The entry of a standard tag; repeating groups (overlays 60xx, curves 50xx) are looked up
    /// as their first group.
    public static func entry(for tag: DICOMTag) -> Entry? {
        if let e = entries[tag.rawValue] { return e }
        let g = tag.group
        if g & 0xFF01 == 0x6000 || g & 0xFF01 == 0x5000 {
            return entries[UInt32(g & 0xFF00) << 16 | UInt32(tag.element)]
        }
        return nil
    }

    /// What a browser shows for a tag: its standard name, or what kind of tag it is.
    public static func name(for tag: DICOMTag) -> String {
        if let e = entry(for: tag) { return e.name }
        if tag.element == 0 { return "Group Length" }
        if tag.isPrivate { return tag.element < 0x0100 && tag.element >= 0x0010 ? "Private Creator" : "Private Tag" }
        return "Unknown Tag"
    }

    /// The VR implicit-VR data must be read with: the dictionary's, or UN for anything unknown.
    static func implicitVR(for tag: DICOMTag) -> DICOMValueRepresentation {
        if tag.element == 0 { return .UL }
        if tag.isPrivate {
            return tag.element >= 0x0010 && tag.element < 0x0100 ? .LO : .UN
        }
        return entry(for: tag)?.vr ?? .UN
    }
}
