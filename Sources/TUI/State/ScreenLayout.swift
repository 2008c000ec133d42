import Rendering
import VolumeKit

/// Where things go on a screen of a given size: image panes above, three status rows below.
/// Both drawing and the reducer (mouse clicks, pan) use it, so they agree on every cell.
public struct ScreenLayout: Sendable, Equatable {
    public static let statusRows = 3
    public static let minimumColumns = 40
    public static let minimumRows = 12

    public struct Pane: Sendable, Equatable {
        public var plane: Plane
        public var rect: CellRect
    }

    public let columns: Int
    public let rows: Int
    public let panes: [Pane]
    /// The fourth quadrant of the three-plane layout, which lists the cursor's values.
    public let infoRect: CellRect?

    public var isTooSmall: Bool { columns < Self.minimumColumns || rows < Self.minimumRows }
    public var imageArea: CellRect { CellRect(column: 0, row: 0, columns: columns, rows: rows - Self.statusRows) }
    public var statusRow: Int { rows - Self.statusRows }

    public init(columns: Int, rows: Int, layout: ViewerState.Layout, plane: Plane) {
        self.columns = columns
        self.rows = rows
        let area = CellRect(column: 0, row: 0, columns: columns, rows: max(rows - Self.statusRows, 0))
        switch layout {
        case .single:
            panes = [Pane(plane: plane, rect: area)]
            infoRect = nil
        case .threePlanes:
            // 2 × 2: axial | coronal over sagittal | info, with a one-cell gutter between columns.
            let leftWidth = (area.columns - 1) / 2, rightWidth = area.columns - 1 - leftWidth
            let topHeight = (area.rows + 1) / 2, bottomHeight = area.rows - topHeight
            panes = [
                Pane(plane: .axial, rect: CellRect(column: 0, row: 0, columns: leftWidth, rows: topHeight)),
                Pane(plane: .coronal, rect: CellRect(column: leftWidth + 1, row: 0, columns: rightWidth, rows: topHeight)),
                Pane(plane: .sagittal, rect: CellRect(column: 0, row: topHeight, columns: leftWidth, rows: bottomHeight)),
            ]
            infoRect = CellRect(column: leftWidth + 1, row: topHeight, columns: rightWidth, rows: bottomHeight)
        }
    }

    public init(state: ViewerState) {
        self.init(columns: state.screenColumns, rows: state.screenRows, layout: state.layout, plane: state.plane)
    }

    public func pane(_ plane: Plane) -> Pane? { panes.first { $0.plane == plane } }
}

extension ViewerState {
    public var screenLayout: ScreenLayout { ScreenLayout(state: self) }

    /// How a plane's slice sits in its pane on the current screen.
    public func viewport(_ plane: Plane, in rect: CellRect) -> Viewport? {
        guard let volume else { return nil }
        let view = paneView(plane)
        let viewport = Viewport(layout: volume.layout(plane), pane: rect, zoom: view.zoom, center: view.center)
        return cellPixels.map { viewport.withCellPixels($0) } ?? viewport
    }

    public func viewport(_ plane: Plane) -> Viewport? {
        guard let pane = screenLayout.pane(plane) else { return nil }
        return viewport(plane, in: pane.rect)
    }

    /// The cursor in a plane's slice coordinates (column, row).
    public func cursorPoint(in plane: Plane) -> SIMD2<Double>? {
        guard let volume else { return nil }
        let p = volume.layout(plane).position(of: cursor)
        return SIMD2(Double(p.column), Double(p.row))
    }
}
