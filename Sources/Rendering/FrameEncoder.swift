/// How exactly a frame must reach the screen.
public enum Fidelity: Sendable, Equatable {
    /// Every cell exactly as rendered.
    case exact
    /// For frames that will soon be replaced (a slice key held down): colours go as 256-colour
    /// palette indices even in truecolour, and cells whose colours on screen are within
    /// `tolerance` (0…255 per channel) of the new ones are left alone. Encoding the same grid
    /// again with `.exact` once input stops sends only the cells that are still off.
    case draft(tolerance: Int)

    /// Draft frames about as faithful as a 256-colour picture: its greys are 10 levels apart,
    /// so a cell within 6 of the new colour is as close as the palette would get anyway.
    public static let draft = Fidelity.draft(tolerance: 6)
}

/// The frame differ and ANSI encoder: turns the next screen into the bytes that take the
/// terminal from what it shows now to that screen, writing only cells that changed.
///
/// The encoder remembers what it sent (`screen`), the cursor position and the current SGR pen,
/// so each `encode` call emits only differences:
/// - cursor motion only when the next changed cell is not where the cursor already is, using the
///   shortest of CUP, CUF, CR, CR LF, or rewriting up to four unchanged cells (never relying
///   on autowrap);
/// - SGR only for what changes (bold, foreground, background), in one combined sequence;
/// - half-block cells (▀ ▄ █ and space) are sent in whichever of their equivalent forms needs
///   the fewest colour changes, counting those of the cell after it too: ▀ on fg/bg is ▄ with
///   the colours swapped, and a cell whose two pixels agree is a space on that background or a
///   █ in that foreground.
///
/// The grid must be the whole terminal screen (row 0 is the top line) and its glyphs
/// single-width. If anything else writes to the terminal between frames, call
/// `forgetTerminalState()`; after a resize or a clear, `invalidate()`.
///
/// Steady-state encoding does not allocate when `encode(_:fidelity:into:)` is given a buffer
/// whose capacity is kept between frames.
public final class FrameEncoder {
    public var mode: ColorMode {
        didSet { if mode != oldValue { invalidate() } }
    }
    /// What the terminal shows, as far as this encoder knows; nil when unknown.
    public var screen: CellGrid? { hasScreen ? shown : nil }

    private var shown = CellGrid(columns: 0, rows: 0)
    private var hasScreen = false
    private var pen = Pen.unknown
    private var cursorColumn = 0, cursorRow = 0
    private var cursorKnown = false
    /// Set while a draft frame is encoded in truecolour: colours go as 256-palette indices.
    private var draftPalette = false

    public init(mode: ColorMode) {
        self.mode = mode
    }

    /// The screen content is unknown (after a resize, a clear, or another program's output):
    /// the next frame is written in full.
    public func invalidate() {
        hasScreen = false
        forgetTerminalState()
    }

    /// The screen content is still right, but the cursor and colours may have been changed by
    /// someone else.
    public func forgetTerminalState() {
        pen = .unknown
        cursorKnown = false
    }

    /// The cells of `rect` for which `covered` is true are no longer what the terminal shows
    /// (an image was drawn over them): the next frame writes them again.
    public func forget(_ rect: CellRect, where covered: (Cell) -> Bool) {
        guard hasScreen else { return }
        let c0 = max(rect.column, 0), c1 = min(rect.column + rect.columns, shown.columns)
        let r0 = max(rect.row, 0), r1 = min(rect.row + rect.rows, shown.rows)
        guard c0 < c1, r0 < r1 else { return }
        // U+FFFF is a noncharacter no grid holds (text goes through TerminalSafeText), so the
        // cell compares unequal to whatever the next frame has there.
        for r in r0..<r1 {
            for c in c0..<c1 where covered(shown.cells[r * shown.columns + c]) {
                shown.cells[r * shown.columns + c].glyph = "\u{FFFF}"
            }
        }
        forgetTerminalState()
    }

    /// The bytes for the next frame, in a new array.
    public func encode(_ next: CellGrid, fidelity: Fidelity = .exact) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(next.columns * next.rows * 8)
        encode(next, fidelity: fidelity, into: &out)
        return out
    }

    /// Appends the bytes for the next frame to `out` and records `next` as shown.
    public func encode(_ next: CellGrid, fidelity: Fidelity = .exact, into out: inout [UInt8]) {
        if !hasScreen || shown.columns != next.columns || shown.rows != next.rows {
            shown = CellGrid(columns: next.columns, rows: next.rows)
            hasScreen = false
            forgetTerminalState()
        }
        let tolerance: Int
        switch fidelity {
        case .exact: tolerance = -1; draftPalette = false
        case .draft(let t): tolerance = max(t, 0); draftPalette = mode == .truecolor
        }
        defer { draftPalette = false }
        let columns = next.columns
        let full = !hasScreen
        guard columns > 0, next.rows > 0 else { hasScreen = true; return }
        next.cells.withUnsafeBufferPointer { cells in
            // Whether a cell must be sent, and in what form.
            func pending(_ index: Int) -> Cell? {
                let cell = cells[index]
                if !full {
                    let old = shown.cells[index]
                    if old == cell { return nil }
                    if tolerance >= 0 && Self.close(old, cell, tolerance) { return nil }
                }
                return draftPalette ? Self.onPalette256(cell) : cell
            }
            for row in 0..<next.rows {
                var upcoming = pending(row * columns)
                for column in 0..<columns {
                    let index = row * columns + column
                    guard let cell = upcoming else {
                        if column + 1 < columns { upcoming = pending(index + 1) }
                        continue
                    }
                    upcoming = column + 1 < columns ? pending(index + 1) : nil
                    if pen.bold < 0 { resetPen(into: &out) }
                    moveCursor(to: column, row: row, columns: columns, into: &out)
                    write(cell, next: upcoming, into: &out)
                    shown.cells[index] = cell
                    // The cursor moves right; after the last column it waits at the edge
                    // (`cursorColumn == columns`), where only CR or CUP are safe.
                    cursorColumn += 1
                }
            }
        }
        hasScreen = true
    }

    /// `ESC[0m`: after it every attribute is known (default colours, not bold, not reversed).
    private func resetPen(into out: inout [UInt8]) {
        ANSIBytes.csi(&out)
        out.append(0x30)
        out.append(0x6D)
        pen = .reset
    }

    /// One frame as lines of text for a stream (a file, a pipe, a chat message): every cell in
    /// order, each row ending with an SGR reset and a newline; no cursor motion.
    public static func lines(_ grid: CellGrid, mode: ColorMode) -> [UInt8] {
        let encoder = FrameEncoder(mode: mode)
        var out: [UInt8] = []
        out.reserveCapacity(grid.columns * grid.rows * 12)
        for row in 0..<grid.rows {
            // A stream starts, and each line ends, with the terminal's default attributes.
            encoder.pen = .reset
            var styled = false
            for column in 0..<grid.columns {
                let mark = out.count
                encoder.write(grid[column, row], next: column + 1 < grid.columns ? grid[column + 1, row] : nil,
                              into: &out)
                if out.count > mark && out[mark] == ANSIBytes.escape { styled = true }
            }
            if styled {
                ANSIBytes.csi(&out)
                out.append(0x30)
                out.append(0x6D)
            }
            out.append(0x0A)
        }
        return out
    }

    // MARK: - Cells

    /// A colour as the terminal is told it: 24-bit RGB, or a 256/16 palette index.
    private typealias Code = Int32
    private static let unknownCode: Code = -1
    private static let dontCare: Code = -2
    /// The terminal's own default colour, after an SGR reset.
    private static let defaultCode: Code = -3
    private static let palette256Flag: Code = 0x100_0000
    private static let palette16Flag: Code = 0x200_0000

    private struct Pen {
        var foreground: Code
        var background: Code
        /// -1 unknown, 0 normal, 1 bold.
        var bold: Int8
        /// -1 unknown, 0 normal, 1 reverse video (used by the monochrome mode only).
        var reverse: Int8
        static let unknown = Pen(foreground: FrameEncoder.unknownCode, background: FrameEncoder.unknownCode,
                                 bold: -1, reverse: -1)
        /// After `ESC[0m`.
        static let reset = Pen(foreground: FrameEncoder.defaultCode, background: FrameEncoder.defaultCode,
                               bold: 0, reverse: 0)
    }

    /// One way to put a cell on screen: a glyph and what the pen must be (`dontCare` allowed).
    private struct Plan {
        var glyph: Unicode.Scalar
        var foreground: Code
        var background: Code
        var bold: Int8  // -2 = don't care
        var reverse: Int8 = 0
    }

    @inline(__always)
    private func code(_ c: RGB) -> Code {
        switch mode {
        case .truecolor:
            if draftPalette { return Self.palette256Flag | Code(TerminalPalette.index256(c)) }
            return Code(c.r) << 16 | Code(c.g) << 8 | Code(c.b)
        case .palette256: return Self.palette256Flag | Code(TerminalPalette.index256(c))
        case .ansi16: return Self.palette16Flag | Code(TerminalPalette.index16(c))
        case .mono: return Self.dontCare
        }
    }

    @inline(__always)
    private static func isBlock(_ g: Unicode.Scalar) -> Bool {
        g == "\u{2580}" || g == "\u{2584}" || g == "\u{2588}" || g == " "
    }

    /// The colours of the upper and lower halves of a block cell.
    @inline(__always)
    private static func halves(_ cell: Cell) -> (RGB, RGB) {
        switch cell.glyph {
        case "\u{2580}": return (cell.foreground, cell.background)
        case "\u{2584}": return (cell.background, cell.foreground)
        case "\u{2588}": return (cell.foreground, cell.foreground)
        default: return (cell.background, cell.background)
        }
    }

    private static func close(_ a: Cell, _ b: Cell, _ tolerance: Int) -> Bool {
        guard isBlock(a.glyph), isBlock(b.glyph) else { return false }
        let (at, ab) = halves(a), (bt, bb) = halves(b)
        func near(_ x: RGB, _ y: RGB) -> Bool {
            abs(Int(x.r) - Int(y.r)) <= tolerance && abs(Int(x.g) - Int(y.g)) <= tolerance
                && abs(Int(x.b) - Int(y.b)) <= tolerance
        }
        return near(at, bt) && near(ab, bb)
    }

    private static func onPalette256(_ cell: Cell) -> Cell {
        var c = cell
        c.foreground = TerminalPalette.colors256[Int(TerminalPalette.index256(cell.foreground))]
        c.background = TerminalPalette.colors256[Int(TerminalPalette.index256(cell.background))]
        return c
    }

    /// The one or two equivalent ways to put a cell on screen.
    private func candidates(_ cell: Cell) -> (Plan, Plan?) {
        if mode == .mono {
            // No colours: a cell drawn light on dark is plain, dark on light (a highlighted
            // line, a selection) is reverse video, so the viewer's highlights still show.
            let free = Self.isBlock(cell.glyph) || CellPacker.shades.contains(cell.glyph)
            let reverse: Int8 = TerminalPalette.luminance(cell.background) > TerminalPalette.luminance(cell.foreground) ? 1 : 0
            return (Plan(glyph: cell.glyph, foreground: Self.dontCare, background: Self.dontCare,
                         bold: free ? -2 : (cell.bold ? 1 : 0), reverse: reverse), nil)
        }
        guard Self.isBlock(cell.glyph) else {
            return (Plan(glyph: cell.glyph, foreground: code(cell.foreground), background: code(cell.background),
                         bold: cell.bold ? 1 : 0), nil)
        }
        let (top, bottom) = Self.halves(cell)
        let t = code(top), b = code(bottom)
        // Bold brightens the foreground of the 16 basic colours in many terminals.
        let bold: Int8 = mode == .ansi16 ? 0 : -2
        if t == b {
            return (Plan(glyph: " ", foreground: Self.dontCare, background: t, bold: -2),
                    Plan(glyph: "\u{2588}", foreground: t, background: Self.dontCare, bold: bold))
        }
        return (Plan(glyph: "\u{2580}", foreground: t, background: b, bold: bold),
                Plan(glyph: "\u{2584}", foreground: b, background: t, bold: bold))
    }

    /// The cheapest plan for a cell given the current pen. With `next` (the cell written right
    /// after it), a plan is judged by its own cost plus the cheapest way to write `next` after
    /// it, which keeps the colour the next cell needs in the pen more often.
    private func plan(_ cell: Cell, next: Cell? = nil) -> Plan {
        let (first, second) = candidates(cell)
        guard let second else { return first }
        var c1 = cost(first, pen), c2 = cost(second, pen)
        if let next {
            let (n1, n2) = candidates(next)
            let p1 = applied(first, to: pen), p2 = applied(second, to: pen)
            c1 += min(cost(n1, p1), n2.map { cost($0, p1) } ?? .max)
            c2 += min(cost(n1, p2), n2.map { cost($0, p2) } ?? .max)
        }
        return c1 <= c2 ? first : second
    }

    private func applied(_ p: Plan, to pen: Pen) -> Pen {
        var result = pen
        if p.bold >= 0 { result.bold = p.bold }
        result.reverse = p.reverse
        if p.foreground != Self.dontCare { result.foreground = p.foreground }
        if p.background != Self.dontCare { result.background = p.background }
        return result
    }

    private func cost(_ p: Plan, _ pen: Pen) -> Int {
        var params = 0, length = 0
        if p.bold >= 0 && p.bold != pen.bold { params += 1; length += p.bold == 1 ? 1 : 2 }
        if p.reverse != pen.reverse { params += 1; length += p.reverse == 1 ? 1 : 2 }
        if p.foreground != Self.dontCare && p.foreground != pen.foreground {
            params += 1; length += Self.colorLength(p.foreground, background: false)
        }
        if p.background != Self.dontCare && p.background != pen.background {
            params += 1; length += Self.colorLength(p.background, background: true)
        }
        let sgr = params == 0 ? 0 : 3 + length + params - 1
        return sgr + ANSIBytes.utf8Count(p.glyph)
    }

    private static func colorLength(_ c: Code, background: Bool) -> Int {
        if c & palette16Flag != 0 {
            let i = Int(c & 0xFF)
            return i < 8 ? 2 : (background ? 3 : 2)
        }
        if c & palette256Flag != 0 { return 5 + ANSIBytes.digits(Int(c & 0xFF)) }
        return 7 + ANSIBytes.digits(Int(c >> 16 & 0xFF)) + ANSIBytes.digits(Int(c >> 8 & 0xFF))
            + ANSIBytes.digits(Int(c & 0xFF))
    }

    private func write(_ cell: Cell, next: Cell? = nil, into out: inout [UInt8]) {
        let p = plan(cell, next: next)
        var first = true
        func separator() {
            if first { ANSIBytes.csi(&out); first = false } else { out.append(ANSIBytes.semicolon) }
        }
        if p.bold >= 0 && p.bold != pen.bold {
            separator()
            if p.bold == 1 { out.append(0x31) } else { out.append(0x32); out.append(0x32) }
            pen.bold = p.bold
        }
        if p.reverse != pen.reverse {
            separator()
            if p.reverse == 1 { out.append(0x37) } else { out.append(0x32); out.append(0x37) }
            pen.reverse = p.reverse
        }
        if p.foreground != Self.dontCare && p.foreground != pen.foreground {
            separator()
            appendColor(p.foreground, background: false, into: &out)
            pen.foreground = p.foreground
        }
        if p.background != Self.dontCare && p.background != pen.background {
            separator()
            appendColor(p.background, background: true, into: &out)
            pen.background = p.background
        }
        if !first { out.append(0x6D) }
        ANSIBytes.append(p.glyph, to: &out)
    }

    private func appendColor(_ c: Code, background: Bool, into out: inout [UInt8]) {
        if c & Self.palette16Flag != 0 {
            let i = Int(c & 0xFF)
            let base = background ? (i < 8 ? 40 : 100 - 8) : (i < 8 ? 30 : 90 - 8)
            ANSIBytes.append(base + i, to: &out)
            return
        }
        out.append(background ? 0x34 : 0x33)
        out.append(0x38)
        out.append(ANSIBytes.semicolon)
        if c & Self.palette256Flag != 0 {
            out.append(0x35)
            out.append(ANSIBytes.semicolon)
            ANSIBytes.append(Int(c & 0xFF), to: &out)
            return
        }
        out.append(0x32)
        out.append(ANSIBytes.semicolon)
        ANSIBytes.append(Int(c >> 16 & 0xFF), to: &out)
        out.append(ANSIBytes.semicolon)
        ANSIBytes.append(Int(c >> 8 & 0xFF), to: &out)
        out.append(ANSIBytes.semicolon)
        ANSIBytes.append(Int(c & 0xFF), to: &out)
    }

    // MARK: - Cursor

    private func moveCursor(to column: Int, row: Int, columns: Int, into out: inout [UInt8]) {
        if cursorKnown && cursorRow == row && cursorColumn == column { return }
        // After the last column the cursor waits at the edge; CR LF moves on rather than relying
        // on autowrap, which a terminal (or a program before us) may have turned off.
        let cupCost = 3 + ANSIBytes.digits(row + 1) + (column == 0 ? 0 : 1 + ANSIBytes.digits(column + 1))
        var best = cupCost
        enum Move { case cup, forward, writeThrough, carriageReturn, newline }
        var move = Move.cup
        if cursorKnown {
            let pending = cursorColumn >= columns
            if cursorRow == row && !pending && column > cursorColumn {
                let gap = column - cursorColumn
                let forward = Self.forwardCost(gap)
                if forward < best { best = forward; move = .forward }
                if gap <= 4 && hasScreen {
                    let through = writeThroughCost(row: row, from: cursorColumn, to: column)
                    if through <= best { best = through; move = .writeThrough }
                }
            }
            if cursorRow == row {
                let cr = 1 + (column == 0 ? 0 : Self.forwardCost(column))
                if cr < best { best = cr; move = .carriageReturn }
            }
            if row == cursorRow + 1 {
                let nl = 2 + (column == 0 ? 0 : Self.forwardCost(column))
                if nl < best { best = nl; move = .newline }
            }
        }
        switch move {
        case .cup:
            ANSIBytes.csi(&out)
            if row != 0 || column != 0 {
                ANSIBytes.append(row + 1, to: &out)
                if column != 0 {
                    out.append(ANSIBytes.semicolon)
                    ANSIBytes.append(column + 1, to: &out)
                }
            }
            out.append(0x48)
        case .forward:
            appendForward(column - cursorColumn, into: &out)
        case .writeThrough:
            // Rewrite what the screen already shows, colour for colour: a draft frame must not
            // re-quantise cells it is only passing over.
            let drafting = draftPalette
            draftPalette = false
            for c in cursorColumn..<column { write(shown[c, row], into: &out) }
            draftPalette = drafting
        case .carriageReturn:
            out.append(0x0D)
            if column > 0 { appendForward(column, into: &out) }
        case .newline:
            out.append(0x0D)
            out.append(0x0A)
            if column > 0 { appendForward(column, into: &out) }
        }
        cursorKnown = true
        cursorRow = row
        cursorColumn = column
    }

    private static func forwardCost(_ n: Int) -> Int { n == 1 ? 3 : 3 + ANSIBytes.digits(n) }

    private func appendForward(_ n: Int, into out: inout [UInt8]) {
        ANSIBytes.csi(&out)
        if n != 1 { ANSIBytes.append(n, to: &out) }
        out.append(0x43)
    }

    /// Bytes needed to rewrite the unchanged cells between the cursor and the next change.
    private func writeThroughCost(row: Int, from: Int, to: Int) -> Int {
        let drafting = draftPalette
        draftPalette = false
        defer { draftPalette = drafting }
        var simulated = pen
        var total = 0
        for c in from..<to {
            let (first, second) = candidates(shown[c, row])
            let c1 = cost(first, simulated), c2 = second.map { cost($0, simulated) } ?? .max
            let p = c1 <= c2 ? first : second!
            total += min(c1, c2)
            simulated = applied(p, to: simulated)
        }
        return total
    }
}
