import VolumeKit

/// Where a slice appears in a pane: the mapping between slice pixels and screen pixels.
///
/// A pane of `C × R` cells holds `C × 2R` square screen pixels (a terminal cell is about twice
/// as tall as wide, and each cell shows two pixels stacked as ▀). At `zoom` 1 the whole slice
/// fits the pane in its physical proportions (pixel spacing in mm), centred; `center` is the
/// slice point shown at the middle of the pane, so zooming and panning only change `zoom` and
/// `center`.
///
/// Slice coordinates are continuous column/row of the `SliceImage` with pixel centres on
/// integers: pixel (c, r) covers [c − ½, c + ½] × [r − ½, r + ½]. Screen pixel coordinates are
/// pane-relative with pixel (x, y) covering [x, x + 1) × [y, y + 1); cell coordinates are those
/// of the whole `CellGrid`.
public struct Viewport: Sendable, Equatable {
    public var pane: CellRect
    public var imageWidth: Int
    public var imageHeight: Int
    /// Millimetres between pixel centres along the slice's x and y.
    public var pixelSpacing: SIMD2<Double>
    /// 1 fits the whole slice; 2 shows it twice as large.
    public var zoom: Double
    /// The slice point at the centre of the pane.
    public var center: SIMD2<Double>
    /// Screen pixels a cell holds across and down: 1 × 2 for half blocks; a terminal cell's
    /// real pixel size when the pane is drawn as one image (kitty, sixel).
    public var cellPixels: SIMD2<Int> = SIMD2(1, 2)

    public init(pane: CellRect, imageWidth: Int, imageHeight: Int, pixelSpacing: SIMD2<Double> = .one,
                zoom: Double = 1, center: SIMD2<Double>? = nil) {
        self.pane = pane
        self.imageWidth = max(imageWidth, 1)
        self.imageHeight = max(imageHeight, 1)
        func sane(_ v: Double) -> Double { v.isFinite && v > 0 ? v : 1 }
        self.pixelSpacing = SIMD2(sane(pixelSpacing.x), sane(pixelSpacing.y))
        self.zoom = zoom.isFinite && zoom > 0 ? zoom : 1
        self.center = center ?? SIMD2(Double(self.imageWidth - 1) / 2, Double(self.imageHeight - 1) / 2)
    }

    /// The viewport of a plane of a volume (its size and pixel spacing).
    public init(layout: PlaneLayout, pane: CellRect, zoom: Double = 1, center: SIMD2<Double>? = nil) {
        self.init(pane: pane, imageWidth: layout.width, imageHeight: layout.height,
                  pixelSpacing: layout.pixelSpacing, zoom: zoom, center: center)
    }

    /// Screen pixels across and down the pane.
    public var pixelWidth: Int { pane.columns * cellPixels.x }
    public var pixelHeight: Int { pane.rows * cellPixels.y }

    /// The same view (zoom, centre, pane) drawn with `cellPixels` screen pixels a cell: what
    /// a graphics protocol shows of a pane whose half-block viewport is `self`.
    public func withCellPixels(_ cellPixels: SIMD2<Int>) -> Viewport {
        var v = self
        v.cellPixels = SIMD2(max(cellPixels.x, 1), max(cellPixels.y, 1))
        return v
    }

    /// How many screen pixels stand for one half-block pixel, for overlay marks drawn at a
    /// fixed screen size (marker arms, the crosshair's gap): 1 for half blocks.
    var markScale: Int { max(1, min(cellPixels.x, cellPixels.y / 2)) }

    /// Screen pixels per slice pixel along x and y.
    public var scale: SIMD2<Double> {
        let physical = SIMD2(Double(imageWidth), Double(imageHeight)) * pixelSpacing
        let fit = min(Double(pixelWidth) / physical.x, Double(pixelHeight) / physical.y)
        return pixelSpacing * (fit * zoom)
    }

    /// The slice point under a (continuous, pane-relative) screen pixel position.
    public func slicePoint(screen p: SIMD2<Double>) -> SIMD2<Double> {
        center + (p - SIMD2(Double(pixelWidth), Double(pixelHeight)) / 2) / scale
    }

    /// The (continuous, pane-relative) screen pixel position of a slice point.
    public func screenPoint(slice p: SIMD2<Double>) -> SIMD2<Double> {
        (p - center) * scale + SIMD2(Double(pixelWidth), Double(pixelHeight)) / 2
    }

    /// The slice pixel shown in the upper or lower half of a grid cell; nil outside the image
    /// or the pane. This is what a mouse click or the cursor under a cell maps to.
    public func slicePixel(column: Int, row: Int, lowerHalf: Bool = false) -> (column: Int, row: Int)? {
        guard pane.contains(column: column, row: row) else { return nil }
        let x = (Double(column - pane.column) + 0.5) * Double(cellPixels.x)
        let y = (Double(row - pane.row) + (lowerHalf ? 0.75 : 0.25)) * Double(cellPixels.y)
        let p = slicePoint(screen: SIMD2(x, y))
        let c = pixelFloor(p.x + 0.5), r = pixelFloor(p.y + 0.5)
        guard c >= 0, r >= 0, c < imageWidth, r < imageHeight else { return nil }
        return (c, r)
    }

    /// The grid cell (and which half of it) where the centre of a slice pixel appears; nil when
    /// that is outside the pane.
    public func cell(sliceColumn: Double, sliceRow: Double) -> (column: Int, row: Int, lowerHalf: Bool)? {
        let s = screenPoint(slice: SIMD2(sliceColumn, sliceRow))
        let x = pixelFloor(s.x), y = pixelFloor(s.y)
        guard x >= 0, y >= 0, x < pixelWidth, y < pixelHeight else { return nil }
        return (pane.column + x / cellPixels.x, pane.row + y / cellPixels.y, y % cellPixels.y >= (cellPixels.y + 1) / 2)
    }

    /// Zoomed by `factor` keeping the slice point `anchor` where it is on screen.
    public func zoomed(by factor: Double, around anchor: SIMD2<Double>) -> Viewport {
        guard factor.isFinite, factor > 0 else { return self }
        var v = self
        v.zoom = min(max(zoom * factor, 0.05), 256)
        let applied = v.zoom / zoom
        v.center = anchor + (center - anchor) / applied
        return v
    }

    /// Moved by whole cells (positive `columns` shows what is to the right).
    public func panned(columns: Int, rows: Int) -> Viewport {
        var v = self
        v.center += SIMD2(Double(columns * cellPixels.x), Double(rows * cellPixels.y)) / scale
        return v
    }

    /// Panned as little as possible so the slice point `p` is on screen with `margin` cells to
    /// spare; used to keep the cursor visible when zoomed in.
    public func keepingVisible(_ p: SIMD2<Double>, margin: Int = 1) -> Viewport {
        var v = self
        let s = screenPoint(slice: p)
        let m = SIMD2(Double(margin * cellPixels.x), Double(margin * cellPixels.y))
        let size = SIMD2(Double(pixelWidth), Double(pixelHeight))
        var shift = SIMD2<Double>(0, 0)
        for axis in 0..<2 {
            let lo = min(m[axis], size[axis] / 2), hi = max(size[axis] - m[axis], size[axis] / 2)
            if s[axis] < lo { shift[axis] = s[axis] - lo } else if s[axis] > hi { shift[axis] = s[axis] - hi }
        }
        v.center += shift / scale
        return v
    }
}
