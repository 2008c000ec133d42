import VolumeKit

/// A 24-bit colour.
public struct RGB: Hashable, Sendable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    public init(grey: UInt8) { self.init(grey, grey, grey) }

    public static let black = RGB(0, 0, 0)
    public static let white = RGB(255, 255, 255)
}

/// One terminal cell: a glyph drawn in `foreground` on `background`. Image cells are U+2580 ▀
/// with the upper pixel as foreground and the lower pixel as background.
public struct Cell: Hashable, Sendable {
    public var glyph: Unicode.Scalar
    public var foreground: RGB
    public var background: RGB
    public var bold: Bool

    public init(glyph: Unicode.Scalar = " ", foreground: RGB = .white, background: RGB = .black, bold: Bool = false) {
        self.glyph = glyph
        self.foreground = foreground
        self.background = background
        self.bold = bold
    }

    public static let upperHalfBlock: Unicode.Scalar = "\u{2580}"
    public static let blank = Cell()
}

/// A terminal-independent screen: `columns × rows` cells, row-major.
public struct CellGrid: Equatable, Sendable {
    public let columns: Int
    public let rows: Int
    public var cells: [Cell]

    public init(columns: Int, rows: Int, fill: Cell = .blank) {
        self.columns = max(columns, 0)
        self.rows = max(rows, 0)
        self.cells = Array(repeating: fill, count: self.columns * self.rows)
    }

    public subscript(column: Int, row: Int) -> Cell {
        get { cells[row * columns + column] }
        set { cells[row * columns + column] = newValue }
    }

    /// Writes text from (column, row), clipped at the right edge.
    ///
    /// All text on screen comes through here, much of it from files (DICOM fields, file names,
    /// labels, notes): controls, bidirectional and zero-width characters are written as their
    /// visible stand-ins (`TerminalSafeText`), so no panel can send one to the terminal.
    public mutating func write(_ text: String, column: Int, row: Int, foreground: RGB = .white,
                               background: RGB = .black, bold: Bool = false) {
        guard row >= 0, row < rows else { return }
        var c = column
        func put(_ scalar: Unicode.Scalar) {
            if c >= 0 && c < columns {
                self[c, row] = Cell(glyph: scalar, foreground: foreground, background: background, bold: bold)
            }
            c += 1
        }
        for scalar in text.unicodeScalars where c < columns {
            if let standIn = TerminalSafeText.standIn(for: scalar) {
                for s in standIn.unicodeScalars { put(s) }
            } else {
                put(scalar)
            }
        }
    }
}

/// A rectangle of cells in a `CellGrid`: where a pane sits on the screen.
public struct CellRect: Hashable, Sendable {
    public var column: Int
    public var row: Int
    public var columns: Int
    public var rows: Int

    public init(column: Int, row: Int, columns: Int, rows: Int) {
        self.column = column
        self.row = row
        self.columns = max(columns, 0)
        self.rows = max(rows, 0)
    }

    public func contains(column c: Int, row r: Int) -> Bool {
        c >= column && r >= row && c < column + columns && r < row + rows
    }
}

extension CellGrid {
    /// The whole grid as a rectangle.
    public var bounds: CellRect { CellRect(column: 0, row: 0, columns: columns, rows: rows) }

    /// Fills the part of `rect` that lies inside the grid with one cell.
    public mutating func fill(_ rect: CellRect, with cell: Cell) {
        let c0 = max(rect.column, 0), c1 = min(rect.column + rect.columns, columns)
        let r0 = max(rect.row, 0), r1 = min(rect.row + rect.rows, rows)
        guard c0 < c1, r0 < r1 else { return }
        for r in r0..<r1 {
            for c in c0..<c1 { cells[r * columns + c] = cell }
        }
    }
}
