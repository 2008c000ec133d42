/// What is wrong with a label table file, with the file and line named.
public enum LabelTableError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidColor(String)
    /// Line `line` (1-based) is not an entry of the table's format.
    case malformedLine(file: String, line: Int, detail: String)
    case duplicateValue(file: String, line: Int, value: UInt16)
    case nameTooLong(file: String, line: Int, characters: Int)
    /// No entry at all (only comments or blank lines).
    case noEntries(file: String)

    public var description: String {
        switch self {
        case .invalidColor(let text):
            return "\"\(text)\" is not a colour; a label colour is written #RRGGBB"
        case .malformedLine(let file, let line, let detail):
            return "\(file): line \(line) is not a label table entry (\(detail)); the table is not used"
        case .duplicateValue(let file, let line, let value):
            return "\(file): line \(line) describes label \(value) a second time; the table is not used"
        case .nameTooLong(let file, let line, let characters):
            return "\(file): line \(line) has a label name of \(characters) characters (at most \(LabelTable.maximumNameLength)); the table is not used"
        case .noEntries(let file):
            return "\(file): no label entries (only comments or blank lines); the table is not used"
        }
    }
}
