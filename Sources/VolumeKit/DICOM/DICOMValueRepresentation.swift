/// A value representation, kept as its two ASCII letters ("US" → 0x5553).
public struct DICOMValueRepresentation: Hashable, Sendable, CustomStringConvertible {
    public let code: UInt16

    public init(code: UInt16) { self.code = code }

    init(_ text: StaticString) {
        let p = text.utf8Start
        code = UInt16(p[0]) << 8 | UInt16(p[1])
    }

    init?(name: Substring) {
        let bytes = Array(name.utf8)
        guard bytes.count == 2 else { return nil }
        code = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
    }

    public var description: String {
        String(decoding: [UInt8(code >> 8), UInt8(code & 0xFF)], as: UTF8.self)
    }

    /// Two upper-case letters: what an explicit-VR stream must hold at this place.
    var isPlausible: Bool {
        let a = code >> 8, b = code & 0xFF
        return (0x41...0x5A).contains(a) && (0x41...0x5A).contains(b)
    }

    /// Explicit VR encodings of these use two reserved bytes and a 32-bit length.
    var hasLongLength: Bool {
        switch self {
        case .OB, .OD, .OF, .OL, .OV, .OW, .SQ, .SV, .UC, .UN, .UR, .UT, .UV: return true
        default: return false
        }
    }

    /// Character data, decoded with the dataset's character set.
    var isText: Bool {
        switch self {
        case .AE, .AS, .CS, .DA, .DS, .DT, .IS, .LO, .LT, .PN, .SH, .ST, .TM, .UC, .UI, .UR, .UT: return true
        default: return false
        }
    }

    static let AE = Self("AE"), AS = Self("AS"), AT = Self("AT"), CS = Self("CS"), DA = Self("DA")
    static let DS = Self("DS"), DT = Self("DT"), FD = Self("FD"), FL = Self("FL"), IS = Self("IS")
    static let LO = Self("LO"), LT = Self("LT"), OB = Self("OB"), OD = Self("OD"), OF = Self("OF")
    static let OL = Self("OL"), OV = Self("OV"), OW = Self("OW"), PN = Self("PN"), SH = Self("SH")
    static let SL = Self("SL"), SQ = Self("SQ"), SS = Self("SS"), ST = Self("ST"), SV = Self("SV")
    static let TM = Self("TM"), UC = Self("UC"), UI = Self("UI"), UL = Self("UL"), UN = Self("UN")
    static let UR = Self("UR"), US = Self("US"), UT = Self("UT"), UV = Self("UV")
}
