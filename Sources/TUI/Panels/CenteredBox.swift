import Rendering

extension CellRect {
    /// A box of at most `maxColumns` × `rows` in the middle of `area`, leaving two columns each
    /// side; nil when the area cannot hold one `minColumns` wide.
    static func centered(in area: CellRect, maxColumns: Int, rows: Int, minColumns: Int = 20) -> CellRect? {
        let width = min(area.columns - 4, maxColumns)
        guard width >= minColumns, area.rows >= rows else { return nil }
        return CellRect(column: area.column + (area.columns - width) / 2, row: area.row + (area.rows - rows) / 2,
                        columns: width, rows: rows)
    }
}
