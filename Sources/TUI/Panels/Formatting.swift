import Foundation

/// Numbers as the status line shows them: short, without trailing noise.
enum Formatting {
    /// A window's width or level to the precision that window can show: whole units once it
    /// spans ten or more (`L 45`, not `L 45.12`), one decimal down to a span of one.
    static func windowValue(_ v: Double, width: Double) -> String {
        guard v.isFinite, width.isFinite else { return value(v) }
        if width >= 10 { return String(Int(v.rounded())) }
        if width >= 1 { return String(format: "%.1f", v).replacingOccurrences(of: ".0", with: "") }
        return value(v)
    }

    static func value(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "+∞" : "−∞" }
        if v == v.rounded(), abs(v) < 1e9 { return String(Int(v)) }
        let a = abs(v)
        if a >= 1000 && a < 1e7 { return String(Int(v.rounded())) }
        if a >= 1e7 || a < 0.01 { return String(format: "%.4g", v) }
        return String(format: "%.2f", v).replacingOccurrences(of: #"\.?0+$"#, with: "", options: .regularExpression)
    }

    static func millimetres(_ v: Double) -> String { String(format: "%.1f", v == 0 ? 0 : v) }

    /// Millilitres to two decimals below 10 mL, one below 1000, whole above.
    static func millilitres(_ v: Double) -> String {
        v < 10 ? String(format: "%.2f", v) : v < 1000 ? String(format: "%.1f", v) : String(Int(v.rounded()))
    }

    /// A playing speed or rate: whole numbers whole, else up to two decimals.
    static func speed(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(format: "%.2g", v)
    }

    /// A cine's time: "0.40 s", "1:05.20" from a minute on.
    static func seconds(_ v: Double) -> String {
        guard v >= 60 else { return String(format: "%.2f s", v) }
        let minutes = Int(v / 60)
        return String(format: "%d:%05.2f", minutes, v - Double(minutes) * 60)
    }

    static func rate(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v)
    }

    static func zoom(_ z: Double) -> String {
        z == z.rounded() ? "\(Int(z))×" : String(format: "%.2g×", z)
    }
}
