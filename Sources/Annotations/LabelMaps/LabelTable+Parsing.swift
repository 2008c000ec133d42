extension LabelTable {
    /// The two label table formats, told apart by their first entry: ITK-SNAP's has the name in
    /// double quotes, Slicer's does not.
    public enum Format: String, Sendable {
        /// `IDX R G B A VIS MSH "LABEL"`, A from 0 to 1, `#` comments.
        case itkSnap
        /// 3D Slicer colour table: `value name R G B A`, all 0…255, `#` comments.
        case slicer
    }

    /// Reads an ITK-SNAP label description file or a 3D Slicer colour table (detected). `file`
    /// names the file in errors. Entries keep the file's order.
    public static func parse(_ text: String, file: String) throws(LabelTableError) -> LabelTable {
        try parseDetectingFormat(text, file: file).table
    }

    public static func parseDetectingFormat(_ text: String, file: String) throws(LabelTableError) -> (table: LabelTable, format: Format) {
        var format: Format?
        var entries: [Entry] = []
        var seen = Set<UInt16>()
        var lineNumber = 0
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            lineNumber += 1
            var line = Substring(raw)
            if lineNumber == 1, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            if line.hasSuffix("\r") { line = line.dropLast() }
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let lineFormat = format ?? (trimmed.contains("\"") ? .itkSnap : .slicer)
            format = lineFormat
            let entry = lineFormat == .itkSnap
                ? try itkSnapEntry(trimmed, file: file, line: lineNumber)
                : try slicerEntry(trimmed, file: file, line: lineNumber)
            guard entry.name.count <= maximumNameLength else {
                throw .nameTooLong(file: file, line: lineNumber, characters: entry.name.count)
            }
            guard seen.insert(entry.value).inserted else {
                throw .duplicateValue(file: file, line: lineNumber, value: entry.value)
            }
            entries.append(entry)
        }
        guard let format else { throw .noEntries(file: file) }
        return (LabelTable(entries: entries), format)
    }

    private static func fields(_ text: Substring) -> [Substring] {
        text.split { $0 == " " || $0 == "\t" }
    }

    /// The name runs from the first double quote to the last one on the line, so a name holding
    /// a quote survives.
    private static func itkSnapEntry(_ line: Substring, file: String, line n: Int) throws(LabelTableError) -> Entry {
        func bad(_ detail: String) -> LabelTableError { .malformedLine(file: file, line: n, detail: detail) }
        guard let open = line.firstIndex(of: "\""), let close = line.lastIndex(of: "\""), open < close else {
            throw bad("the label name must be in double quotes")
        }
        let numbers = fields(line[..<open])
        guard numbers.count == 7 else {
            throw bad("expected IDX R G B A VIS MSH before the name, found \(numbers.count) fields")
        }
        let value = try number(numbers[0], 0...65535, "IDX", bad)
        let r = try number(numbers[1], 0...255, "red", bad), g = try number(numbers[2], 0...255, "green", bad)
        let b = try number(numbers[3], 0...255, "blue", bad)
        guard let alpha = Double(numbers[4]), alpha.isFinite, (0...1).contains(alpha) else {
            throw bad("transparency \"\(numbers[4])\" is not between 0 and 1")
        }
        let visible = try number(numbers[5], 0...1, "VIS", bad), mesh = try number(numbers[6], 0...1, "MSH", bad)
        let rest = line[line.index(after: close)...]
        guard rest.allSatisfy({ $0 == " " || $0 == "\t" }) else { throw bad("text after the closing quote") }
        return Entry(value: UInt16(value), name: String(line[line.index(after: open)..<close]),
                     color: LabelColor(red: UInt8(r), green: UInt8(g), blue: UInt8(b)),
                     opacity: alpha, visible: visible == 1, meshVisible: mesh == 1)
    }

    /// `value name R G B A`; a name with spaces (not Slicer's own habit) is taken as the fields
    /// between the value and the colour.
    private static func slicerEntry(_ line: Substring, file: String, line n: Int) throws(LabelTableError) -> Entry {
        func bad(_ detail: String) -> LabelTableError { .malformedLine(file: file, line: n, detail: detail) }
        let f = fields(line)
        guard f.count >= 6 else { throw bad("expected value name R G B A, found \(f.count) fields") }
        let value = try number(f[0], 0...65535, "value", bad)
        let c = f.count
        let r = try number(f[c - 4], 0...255, "red", bad), g = try number(f[c - 3], 0...255, "green", bad)
        let b = try number(f[c - 2], 0...255, "blue", bad), a = try number(f[c - 1], 0...255, "alpha", bad)
        return Entry(value: UInt16(value), name: f[1..<(c - 4)].joined(separator: " "),
                     color: LabelColor(red: UInt8(r), green: UInt8(g), blue: UInt8(b)),
                     opacity: Double(a) / 255, visible: true, meshVisible: true)
    }

    private static func number(_ text: Substring, _ range: ClosedRange<Int>, _ what: String,
                               _ bad: (String) -> LabelTableError) throws(LabelTableError) -> Int {
        guard let v = Int(text), range.contains(v) else {
            throw bad("\(what) \"\(text.prefix(20))\" is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return v
    }
}
