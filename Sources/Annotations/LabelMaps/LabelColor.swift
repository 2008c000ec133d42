/// An 8-bit RGB colour of a label, written `#RRGGBB`.
public struct LabelColor: Sendable, Equatable, Hashable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// `#RRGGBB` (upper or lower case hex digits).
    public init(hex: String) throws(LabelTableError) {
        let bytes = Array(hex.utf8)
        guard bytes.count == 7, bytes[0] == UInt8(ascii: "#") else { throw .invalidColor(hex) }
        var value: [UInt8] = []
        for n in 0..<3 {
            guard let high = Self.nibble(bytes[1 + 2 * n]), let low = Self.nibble(bytes[2 + 2 * n]) else {
                throw .invalidColor(hex)
            }
            value.append(high << 4 | low)
        }
        self.init(red: value[0], green: value[1], blue: value[2])
    }

    public var hex: String {
        let digits = Array("0123456789ABCDEF")
        var s = "#"
        for c in [red, green, blue] {
            s.append(digits[Int(c >> 4)])
            s.append(digits[Int(c & 15)])
        }
        return s
    }

    /// A colour for a label value no table names: the same for the same value in every session,
    /// and far apart in hue for neighbouring values (golden-ratio steps around the hue circle).
    public static func generated(for value: UInt16) -> LabelColor {
        let hue = (Double(value) * 0.618_033_988_749_895).truncatingRemainder(dividingBy: 1)
        return LabelColor(hue: hue, saturation: 0.7, brightness: 0.95)
    }

    init(hue: Double, saturation s: Double, brightness v: Double) {
        let h = hue * 6, sector = Int(h) % 6, f = h - Double(Int(h))
        let p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f))
        let rgb: (Double, Double, Double)
        switch sector {
        case 0: rgb = (v, t, p)
        case 1: rgb = (q, v, p)
        case 2: rgb = (p, v, t)
        case 3: rgb = (p, q, v)
        case 4: rgb = (t, p, v)
        default: rgb = (v, p, q)
        }
        func byte(_ x: Double) -> UInt8 { UInt8(max(0, min(255, (x * 255).rounded()))) }
        self.init(red: byte(rgb.0), green: byte(rgb.1), blue: byte(rgb.2))
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 65...70: return c - 55
        case 97...102: return c - 87
        default: return nil
        }
    }
}
