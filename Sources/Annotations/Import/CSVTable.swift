/// A CSV file as RFC 4180 has it: fields separated by commas (or tabs), records by CRLF or LF;
/// a field in double quotes may hold separators, line breaks and `""` for a quote. A byte-order
/// mark before the first field is dropped. The first record is the header.
struct CSVTable: Sendable {
    var header: [String]
    /// Each record with the line number it starts on (1-based, the header is line 1).
    var rows: [(line: Int, fields: [String])]

    enum ParseError: Error, Equatable {
        case unterminatedQuote(line: Int)
        case textAfterQuote(line: Int)
        case empty
    }

    static func parse(_ text: String, separator: Character = ",") throws(ParseError) -> CSVTable {
        var records: [(Int, [String])] = []
        var fields: [String] = []
        var field = ""
        var line = 1, recordLine = 1
        var quoted = false, afterQuote = false, fieldStarted = false
        var chars = Array(text.unicodeScalars)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var n = 0
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !fieldStarted) { records.append((recordLine, fields)) }
            fields = []
            field = ""
            fieldStarted = false
            afterQuote = false
        }
        let sep = separator.unicodeScalars.first!
        while n < chars.count {
            let c = chars[n]
            if quoted {
                if c == "\"" {
                    if n + 1 < chars.count, chars[n + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        n += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
            } else if c == sep {
                fields.append(field)
                field = ""
                afterQuote = false
                fieldStarted = true
            } else if c == "\r" || c == "\n" {
                if c == "\r", n + 1 < chars.count, chars[n + 1] == "\n" { n += 1 }
                endRecord()
                line += 1
                recordLine = line
            } else if c == "\"" && field.isEmpty && !afterQuote {
                quoted = true
                fieldStarted = true
            } else {
                // Spaces after a closing quote are tolerated; anything else is not RFC 4180.
                if afterQuote {
                    guard c == " " || c == "\t" else { throw .textAfterQuote(line: line) }
                } else {
                    field.unicodeScalars.append(c)
                    fieldStarted = true
                }
            }
            n += 1
        }
        if quoted { throw .unterminatedQuote(line: recordLine) }
        if !field.isEmpty || !fields.isEmpty || fieldStarted { endRecord() }
        guard let first = records.first else { throw .empty }
        return CSVTable(header: first.1.map(\.trimmedSpaces),
                        rows: records.dropFirst().map { (line: $0.0, fields: $0.1) })
    }

    /// The column called one of `names` (case and surrounding spaces ignored).
    func column(_ names: String...) -> Int? {
        for name in names {
            if let i = header.firstIndex(where: { $0.lowercased() == name }) { return i }
        }
        return nil
    }
}

private extension String {
    var trimmedSpaces: String {
        let spaces: Set<Character> = [" ", "\t"]
        return String(drop { spaces.contains($0) }.reversed().drop { spaces.contains($0) }.reversed())
    }
}
