/// Something drawn over a slice: the cursor, a landmark, an ROI outline, a measurement, a label.
///
/// Positions are continuous slice coordinates (column, row of the `SliceImage`; pixel centres
/// on integers), so an overlay stays on its anatomy through zoom and pan. The viewer turns
/// annotations into overlays; Rendering knows nothing of annotation files.
///
/// A rectangle ROI covering pixels (c0, r0)…(c1, r1) inclusive is
/// `.rectangle(from: [c0 − 0.5, r0 − 0.5], to: [c1 + 0.5, r1 + 0.5])`.
public struct Overlay: Sendable, Equatable {
    public enum Shape: Sendable, Equatable {
        /// Lines through the whole pane crossing at a point, with a gap so the pixel under the
        /// cursor stays visible.
        case crosshair(SIMD2<Double>)
        /// A landmark: a small plus of fixed screen size, whatever the zoom.
        case marker(SIMD2<Double>)
        case rectangle(from: SIMD2<Double>, to: SIMD2<Double>)
        /// An axis-aligned ellipse in slice coordinates.
        case ellipse(center: SIMD2<Double>, radii: SIMD2<Double>)
        /// A closed polygon.
        case polygon([SIMD2<Double>])
        /// A measurement line between two points.
        case line(from: SIMD2<Double>, to: SIMD2<Double>)
        /// Text written in cells, starting at the cell that shows this point.
        case text(String, at: SIMD2<Double>)
    }

    public var shape: Shape
    public var color: RGB
    /// Opacity 0…1 of a fill inside rectangles, ellipses and polygons; 0 draws no fill.
    public var fillOpacity: Double
    /// A selected overlay is drawn thicker and brighter, and its label in bold.
    public var selected: Bool
    /// Text shown next to the shape (a landmark's name, a measurement in mm).
    public var label: String?

    public init(_ shape: Shape, color: RGB, fillOpacity: Double = 0, selected: Bool = false, label: String? = nil) {
        self.shape = shape
        self.color = color
        self.fillOpacity = min(max(fillOpacity, 0), 1)
        self.selected = selected
        self.label = label
    }

    var isText: Bool {
        if case .text = shape { return true }
        return false
    }

    /// Distinct, readable colours for annotators or labels, in order (index modulo the count).
    public static let palette: [RGB] = [
        RGB(255, 214, 0), RGB(0, 220, 255), RGB(255, 80, 200), RGB(120, 255, 80),
        RGB(255, 140, 0), RGB(160, 120, 255), RGB(255, 70, 70), RGB(0, 255, 170),
    ]

    public static func color(index: Int) -> RGB {
        palette[((index % palette.count) + palette.count) % palette.count]
    }

    /// The cursor crosshair's colour.
    public static let cursorColor = RGB(0, 255, 0)
}
