/// Moving DA and DT values by whole days (Gregorian calendar, no time zone involved), so every
/// interval between two dates of a patient and every time of day stays as it was.
enum DeidDates {
    /// Shifts each value of a DA (`YYYYMMDD`, also in ranges `A-B`); values that are not full
    /// dates become empty, since they cannot be moved without guessing.
    static func shiftDA(_ text: String, days: Int) -> String {
        text.split(separator: "\\", omittingEmptySubsequences: false).map { value in
            let v = value.trimmingCharacters(in: [" ", "\0"])
            if v.isEmpty { return "" }
            return v.split(separator: "-", omittingEmptySubsequences: false)
                .map { shiftDate(String($0), days: days) ?? "" }.joined(separator: "-")
        }.joined(separator: "\\")
    }

    /// Shifts the date part of each DT value (`YYYYMMDDHHMMSS.FFFFFF&ZZXX`), keeping the rest.
    static func shiftDT(_ text: String, days: Int) -> String {
        text.split(separator: "\\", omittingEmptySubsequences: false).map { value in
            let v = value.trimmingCharacters(in: [" ", "\0"])
            guard v.count >= 8, let date = shiftDate(String(v.prefix(8)), days: days) else { return "" }
            return date + v.dropFirst(8)
        }.joined(separator: "\\")
    }

    static func shiftDate(_ yyyymmdd: String, days: Int) -> String? {
        let d = Array(yyyymmdd.utf8)
        guard d.count == 8, d.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        func num(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + Int(d[$1] - 0x30) } }
        let y = num(0..<4), m = num(4..<6), day = num(6..<8)
        guard (1...12).contains(m), (1...31).contains(day) else { return nil }
        let (ny, nm, nd) = civil(fromDays: daysFromCivil(y, m, day) + days)
        guard ny >= 0, ny <= 9999 else { return nil }
        return pad(ny, 4) + pad(nm, 2) + pad(nd, 2)
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
