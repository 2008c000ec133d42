import Rendering

/// A minimal terminal that replays the bytes the frame encoder writes, so the benchmark can
/// check what a real terminal would show instead of trusting the encoder's own bookkeeping.
///
/// It understands what half-block frames use: UTF-8 glyphs with autowrap (a glyph after the
/// last column goes to the start of the next line, scrolling at the bottom, as xterm's default
/// DECAWM), CR, LF, CUP (`H`), cursor moves (`A B C D`), erase display (`2J`) and SGR (reset,
/// bold, 16/256/truecolour fg and bg). Anything else is a failure of the check, reported
/// through `unsupported`.
struct VirtualTerminal {
    let columns: Int
    let rows: Int
    private(set) var cells: [Cell]
    private(set) var unsupported: [String] = []
    private var column = 0, row = 0
    private var pen = Cell(glyph: " ", foreground: .white, background: .black)

    init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
        cells = Array(repeating: Cell(glyph: " ", foreground: .white, background: .black), count: columns * rows)
    }

    mutating func feed(_ bytes: [UInt8]) {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case 0x1B:
                i = escape(bytes, from: i)
            case 0x0D:
                column = 0; i += 1
            case 0x0A:
                lineFeed(); i += 1
            case 0x08:
                column = max(column - 1, 0); i += 1
            default:
                let (scalar, length) = Self.decodeUTF8(bytes, at: i)
                put(scalar)
                i += length
            }
        }
    }

    /// The colours of the upper and lower pixel of a cell, whatever glyph shows them.
    static func halves(_ cell: Cell) -> (top: RGB, bottom: RGB)? {
        switch cell.glyph {
        case "\u{2580}": return (cell.foreground, cell.background)
        case "\u{2584}": return (cell.background, cell.foreground)
        case "\u{2588}": return (cell.foreground, cell.foreground)
        case " ": return (cell.background, cell.background)
        default: return nil
        }
    }

    /// Cells whose appearance differs from `grid` (block cells compare by their two pixels).
    func differences(from grid: CellGrid) -> Int {
        var count = 0
        for index in 0..<min(cells.count, grid.cells.count) {
            let shown = cells[index], wanted = grid.cells[index]
            if let a = Self.halves(shown), let b = Self.halves(wanted) {
                if a.top != b.top || a.bottom != b.bottom { count += 1 }
            } else if shown.glyph != wanted.glyph || shown.foreground != wanted.foreground
                        || shown.background != wanted.background {
                count += 1
            }
        }
        return count
    }

    /// Mean and largest difference (0–255, per colour channel of each half-cell pixel) between
    /// what the terminal shows and the block cells of `grid`: how far a draft is from exact.
    func colourError(from grid: CellGrid) -> (mean: Double, max: Int) {
        var total = 0, count = 0, largest = 0
        for index in 0..<min(cells.count, grid.cells.count) {
            guard let a = Self.halves(cells[index]), let b = Self.halves(grid.cells[index]) else { continue }
            for (x, y) in [(a.top, b.top), (a.bottom, b.bottom)] {
                for d in [abs(Int(x.r) - Int(y.r)), abs(Int(x.g) - Int(y.g)), abs(Int(x.b) - Int(y.b))] {
                    total += d
                    largest = Swift.max(largest, d)
                    count += 1
                }
            }
        }
        return (count == 0 ? 0 : Double(total) / Double(count), largest)
    }

    /// After the last column the cursor waits there (`column == columns`); the next glyph wraps.
    private mutating func put(_ scalar: Unicode.Scalar) {
        if column >= columns {
            column = 0
            lineFeed()
        }
        var cell = pen
        cell.glyph = scalar
        cells[row * columns + column] = cell
        column += 1
    }

    private mutating func lineFeed() {
        if row < rows - 1 {
            row += 1
            return
        }
        cells.removeFirst(columns)
        cells.append(contentsOf: repeatElement(Cell(glyph: " ", foreground: pen.foreground, background: pen.background),
                                               count: columns))
    }

    private mutating func escape(_ bytes: [UInt8], from start: Int) -> Int {
        guard start + 1 < bytes.count, bytes[start + 1] == 0x5B else {
            unsupported.append("ESC without CSI")
            return start + 1
        }
        var i = start + 2
        var privateMode = false
        if i < bytes.count, bytes[i] == 0x3F { privateMode = true; i += 1 }
        var params: [Int] = []
        var current: Int? = nil
        while i < bytes.count, (0x30...0x3B).contains(bytes[i]) {
            if bytes[i] == 0x3B { params.append(current ?? 0); current = nil } else {
                current = (current ?? 0) * 10 + Int(bytes[i] - 0x30)
            }
            i += 1
        }
        if let current { params.append(current) } else if !params.isEmpty { params.append(0) }
        guard i < bytes.count else { unsupported.append("truncated CSI"); return i }
        let final = bytes[i]
        if privateMode { return i + 1 }  // cursor visibility and the like: nothing drawn
        func p(_ n: Int, _ fallback: Int) -> Int { n < params.count && params[n] != 0 ? params[n] : fallback }
        switch final {
        case 0x48, 0x66:  // H, f
            row = min(p(0, 1) - 1, rows - 1); column = min(p(1, 1) - 1, columns - 1)
        case 0x41: row = max(row - p(0, 1), 0)
        case 0x42: row = min(row + p(0, 1), rows - 1)
        case 0x43: column = min(column + p(0, 1), columns - 1)
        case 0x44: column = max(column - p(0, 1), 0)
        case 0x4A:  // J
            if p(0, 0) == 2 {
                for n in cells.indices { cells[n] = Cell(glyph: " ", foreground: pen.foreground, background: pen.background) }
            } else { unsupported.append("ED \(params)") }
        case 0x6D: sgr(params.isEmpty ? [0] : params)
        default: unsupported.append("CSI final \(Unicode.Scalar(final))")
        }
        return i + 1
    }

    private mutating func sgr(_ params: [Int]) {
        var n = 0
        while n < params.count {
            let code = params[n]
            switch code {
            case 0: pen = Cell(glyph: " ", foreground: .white, background: .black)
            case 1: pen.bold = true
            case 22: pen.bold = false
            case 30...37: pen.foreground = TerminalPalette.ansi16[code - 30]
            case 90...97: pen.foreground = TerminalPalette.ansi16[code - 90 + 8]
            case 40...47: pen.background = TerminalPalette.ansi16[code - 40]
            case 100...107: pen.background = TerminalPalette.ansi16[code - 100 + 8]
            case 39: pen.foreground = .white
            case 49: pen.background = .black
            case 38, 48:
                var color: RGB? = nil
                if n + 2 < params.count, params[n + 1] == 5 {
                    color = TerminalPalette.colors256[min(max(params[n + 2], 0), 255)]
                    n += 2
                } else if n + 4 < params.count, params[n + 1] == 2 {
                    color = RGB(UInt8(clamping: params[n + 2]), UInt8(clamping: params[n + 3]), UInt8(clamping: params[n + 4]))
                    n += 4
                } else {
                    unsupported.append("SGR \(params)")
                }
                if let color { if code == 38 { pen.foreground = color } else { pen.background = color } }
            default: unsupported.append("SGR \(code)")
            }
            n += 1
        }
    }

    private static func decodeUTF8(_ bytes: [UInt8], at i: Int) -> (Unicode.Scalar, Int) {
        let b0 = bytes[i]
        let length = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4
        guard i + length <= bytes.count else { return ("\u{FFFD}", bytes.count - i) }
        var value = length == 1 ? UInt32(b0) : UInt32(b0) & (0x7F >> length)
        for k in 1..<max(length, 1) where length > 1 { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }
}
