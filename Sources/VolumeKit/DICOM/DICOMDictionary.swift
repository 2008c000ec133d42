/// Names and value representations of the standard tags, from the generated table.
public enum DICOMDictionary {
    public struct Entry: Sendable {
        public let vr: DICOMValueRepresentation
        public let name: String
    }

    static let entries: [UInt32: Entry] = {
        var result: [UInt32: Entry] = [:]
        result.reserveCapacity(5200)
        for line in table.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 2)
            guard parts.count == 3, let raw = UInt32(parts[0], radix: 16),
                  let vr = DICOMValueRepresentation(name: parts[1]) else { continue }
            result[raw] = Entry(vr: vr, name: String(parts[2]))
        }
        return result
    }()

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
