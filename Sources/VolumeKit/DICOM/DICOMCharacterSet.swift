import Foundation

/// Specific Character Set (0008,0005): how the bytes of text values become characters.
enum DICOMCharacterSet: Sendable, Equatable {
    /// ISO-IR 6 (ASCII). Bytes above 127 are read as UTF-8 when they form valid UTF-8, else Latin-1,
    /// because old files often carry accented names without declaring a character set.
    case `default`
    case latin1
    case utf8

    init(terms: [String]) {
        // With several terms (ISO 2022 code extensions), the first names the base set.
        let first = terms.first(where: { !$0.isEmpty }) ?? ""
        switch first.uppercased() {
        case "ISO_IR 100", "ISO 2022 IR 100": self = .latin1
        case "ISO_IR 192": self = .utf8
        default: self = terms.count > 1 && terms[1].uppercased() == "ISO 2022 IR 100" ? .latin1 : .default
        }
    }

    func decode(_ bytes: ArraySlice<UInt8>) -> String {
        switch self {
        case .utf8: return String(decoding: bytes, as: UTF8.self)
        case .latin1: return Self.latin1(bytes)
        case .default:
            if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
            return String(validating: bytes, as: UTF8.self) ?? Self.latin1(bytes)
        }
    }

    private static func latin1(_ bytes: ArraySlice<UInt8>) -> String {
        var s = String.UnicodeScalarView()
        for b in bytes { s.append(Unicode.Scalar(b)) }
        return String(s)
    }
}
