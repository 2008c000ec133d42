/// A tiny terminal for tests: applies the escape sequences slicemark writes (SGR colours and
/// bold, CUP, CUF, CR, LF, autowrap) to a grid of cells, so tests can check what a terminal
/// would show. Written independently of the Rendering module on purpose.
public struct ANSIScreen: Sendable {
    public struct Color: Hashable, Sendable, CustomStringConvertible {
        public var r, g, b: UInt8
        public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) { self.r = r; self.g = g; self.b = b }
        public var description: String { "(\(r),\(g),\(b))" }
    }

    public struct Cell: Hashable, Sendable {
        public var glyph: Unicode.Scalar
        public var foreground: Color?
        public var background: Color?
        public var bold: Bool
        /// Reverse video: the terminal shows the foreground and background swapped.
        public var reverse: Bool
    }

    public enum Failure: Error, CustomStringConvertible {
        case unexpected(String)
        public var description: String { switch self { case .unexpected(let s): return s } }
    }

    public let columns: Int
    public private(set) var rows: Int
    /// Stream output (a file, a pipe): grows downwards when a line feed passes the last row,
    /// and a line feed also returns the carriage, as a tty's output processing does.
    public let grows: Bool
    public private(set) var cells: [Cell?]
    public private(set) var cursorColumn = 0, cursorRow = 0
    private var wrapPending = false
    private var foreground: Color?
    private var background: Color?
    private var bold = false
    private var reverse = false
    /// False makes a glyph written past the last column an error, for writers that must not
    /// depend on autowrap.
    public var allowsAutowrap = true

    public init(columns: Int, rows: Int, grows: Bool = false) {
        self.columns = columns
        self.rows = rows
        self.grows = grows
        self.cells = Array(repeating: nil, count: columns * rows)
    }

    public subscript(column: Int, row: Int) -> Cell? { cells[row * columns + column] }

    /// The two pixels a block cell shows (▀ ▄ █ space); nil for other glyphs or empty cells.
    public func halves(column: Int, row: Int) -> (top: Color?, bottom: Color?)? {
        guard var cell = self[column, row] else { return nil }
        if cell.reverse { swap(&cell.foreground, &cell.background) }
        switch cell.glyph {
        case "\u{2580}": return (cell.foreground, cell.background)
        case "\u{2584}": return (cell.background, cell.foreground)
        case "\u{2588}": return (cell.foreground, cell.foreground)
        case " ": return (cell.background, cell.background)
        default: return nil
        }
    }

    public mutating func feed(_ bytes: [UInt8]) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        var scalars = Array(text.unicodeScalars)[...]
        while let s = scalars.first {
            scalars = scalars.dropFirst()
            switch s {
            case "\u{1B}":
                guard scalars.first == "[" else { throw Failure.unexpected("ESC not followed by [") }
                scalars = scalars.dropFirst()
                var params = ""
                while let p = scalars.first, p.properties.numericType != nil || p == ";" {
                    params.unicodeScalars.append(p)
                    scalars = scalars.dropFirst()
                }
                guard let command = scalars.first else { throw Failure.unexpected("unterminated CSI") }
                scalars = scalars.dropFirst()
                try apply(command, params.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 },
                          raw: params)
            case "\r":
                cursorColumn = 0; wrapPending = false
            case "\n":
                wrapPending = false
                if grows { cursorColumn = 0 }
                cursorRow += 1
                if cursorRow >= rows {
                    guard grows else { throw Failure.unexpected("line feed below the last row (would scroll)") }
                    rows += 1
                    cells += Array(repeating: nil, count: columns)
                }
            default:
                guard s.value >= 0x20 else { throw Failure.unexpected("control character \(s.value)") }
                if wrapPending {
                    guard allowsAutowrap else { throw Failure.unexpected("a glyph relies on autowrap") }
                    wrapPending = false
                    cursorColumn = 0
                    cursorRow += 1
                    guard cursorRow < rows else { throw Failure.unexpected("autowrap below the last row") }
                }
                guard cursorRow < rows, cursorColumn < columns else {
                    throw Failure.unexpected("write outside the screen at \(cursorColumn),\(cursorRow)")
                }
                cells[cursorRow * columns + cursorColumn] = Cell(glyph: s, foreground: foreground,
                                                                 background: background, bold: bold, reverse: reverse)
                if cursorColumn == columns - 1 { wrapPending = true } else { cursorColumn += 1 }
            }
        }
    }

    private mutating func apply(_ command: Unicode.Scalar, _ p: [Int], raw: String) throws {
        switch command {
        case "m":
            var i = 0
            let ps = raw.isEmpty ? [0] : p
            while i < ps.count {
                switch ps[i] {
                case 0: foreground = nil; background = nil; bold = false; reverse = false
                case 1: bold = true
                case 22: bold = false
                case 7: reverse = true
                case 27: reverse = false
                case 30...37: foreground = Self.xterm16[ps[i] - 30]
                case 90...97: foreground = Self.xterm16[ps[i] - 90 + 8]
                case 40...47: background = Self.xterm16[ps[i] - 40]
                case 100...107: background = Self.xterm16[ps[i] - 100 + 8]
                case 38, 48:
                    let isForeground = ps[i] == 38
                    let color: Color
                    if i + 4 < ps.count && ps[i + 1] == 2 {
                        color = Color(UInt8(clamping: ps[i + 2]), UInt8(clamping: ps[i + 3]), UInt8(clamping: ps[i + 4])); i += 4
                    } else if i + 2 < ps.count && ps[i + 1] == 5 {
                        color = Self.xterm256(ps[i + 2]); i += 2
                    } else { throw Failure.unexpected("bad extended colour in \(raw)") }
                    if isForeground { foreground = color } else { background = color }
                default: throw Failure.unexpected("unexpected SGR parameter \(ps[i]) in \(raw)")
                }
                i += 1
            }
        case "H":
            cursorRow = (p.first ?? 1) - 1
            cursorColumn = (p.count > 1 ? p[1] : 1) - 1
            if raw.isEmpty { cursorRow = 0; cursorColumn = 0 }
            cursorRow = max(cursorRow, 0); cursorColumn = max(cursorColumn, 0)
            wrapPending = false
        case "C":
            let n = raw.isEmpty ? 1 : max(p[0], 1)
            if wrapPending { throw Failure.unexpected("CUF while waiting to wrap") }
            cursorColumn = min(cursorColumn + n, columns - 1)
        default:
            throw Failure.unexpected("unexpected CSI command \(command)")
        }
    }

    public static let xterm16: [Color] = [
        Color(0, 0, 0), Color(205, 0, 0), Color(0, 205, 0), Color(205, 205, 0),
        Color(0, 0, 238), Color(205, 0, 205), Color(0, 205, 205), Color(229, 229, 229),
        Color(127, 127, 127), Color(255, 0, 0), Color(0, 255, 0), Color(255, 255, 0),
        Color(92, 92, 255), Color(255, 0, 255), Color(0, 255, 255), Color(255, 255, 255),
    ]

    public static func xterm256(_ n: Int) -> Color {
        if n < 16 { return xterm16[n] }
        if n < 232 {
            let levels: [UInt8] = [0, 95, 135, 175, 215, 255]
            let i = n - 16
            return Color(levels[i / 36], levels[i / 6 % 6], levels[i % 6])
        }
        let g = UInt8(8 + 10 * (n - 232))
        return Color(g, g, g)
    }
}
