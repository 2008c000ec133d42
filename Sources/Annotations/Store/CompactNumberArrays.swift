/// Puts arrays of plain numbers (voxel indices, positions, matrix rows) on one line in
/// pretty-printed JSON, so a sidecar reads `"voxel" : [12, 40, 7]` instead of five lines.
/// Only arrays that start with a line break are touched; raw line breaks cannot occur inside
/// JSON strings, so text in labels and notes is never changed. Empty arrays become `[]`.
enum CompactNumberArrays {
    static func apply(_ json: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(json.count)
        var i = 0
        var inString = false
        while i < json.count {
            let byte = json[i]
            if inString {
                out.append(byte)
                if byte == UInt8(ascii: "\\"), i + 1 < json.count {
                    out.append(json[i + 1])
                    i += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") { inString = false }
                i += 1
                continue
            }
            if byte == UInt8(ascii: "\"") { inString = true }
            if byte == UInt8(ascii: "["), i + 1 < json.count, json[i + 1] == UInt8(ascii: "\n"),
               let (compact, end) = numbers(json, from: i) {
                out += compact
                i = end
                continue
            }
            out.append(byte)
            i += 1
        }
        return out
    }

    /// The compact form of the array opening at `start` and the index after its `]`, when it
    /// holds only numbers.
    private static func numbers(_ json: [UInt8], from start: Int) -> ([UInt8], Int)? {
        var items: [[UInt8]] = []
        var current: [UInt8] = []
        var i = start + 1
        while i < json.count {
            let byte = json[i]
            switch byte {
            case UInt8(ascii: "]"):
                if !current.isEmpty { items.append(current) }
                var compact: [UInt8] = [UInt8(ascii: "[")]
                for (n, item) in items.enumerated() {
                    if n > 0 { compact += [UInt8(ascii: ","), UInt8(ascii: " ")] }
                    compact += item
                }
                compact.append(UInt8(ascii: "]"))
                return (compact, i + 1)
            case UInt8(ascii: ","):
                guard !current.isEmpty else { return nil }
                items.append(current)
                current = []
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                break
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                 UInt8(ascii: "e"), UInt8(ascii: "E"):
                current.append(byte)
            default:
                return nil
            }
            i += 1
        }
        return nil
    }
}
