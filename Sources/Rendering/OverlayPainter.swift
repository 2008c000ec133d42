import Foundation
import VolumeKit

/// Draws overlays onto the screen pixels of a pane (shapes) and onto its cells (text).
enum OverlayPainter {
    /// Pixel-level drawing, in order: fills, the crosshair, then outlines and markers with the
    /// selected ones last so they are on top.
    static func paint(_ overlays: [Overlay], on canvas: inout PixelCanvas, viewport: Viewport) {
        for overlay in overlays where overlay.fillOpacity > 0 {
            fill(overlay, on: &canvas, viewport: viewport)
        }
        for overlay in overlays {
            if case .crosshair(let p) = overlay.shape { crosshair(p, overlay.color, on: &canvas, viewport: viewport) }
        }
        for selectedPass in [false, true] {
            for overlay in overlays where overlay.selected == selectedPass {
                outline(overlay, on: &canvas, viewport: viewport)
            }
        }
    }

    /// Text: `.text` shapes and the labels of other shapes, written into the pane's cells.
    /// A label goes right of its shape, else on the row above or below, else to its left, where
    /// it covers no text written before it; text shapes first, then selected shapes' labels, so
    /// that those win when space is short. A label with no such place is cut at the first text in
    /// its way (and left out when fewer than two cells remain).
    static func write(_ overlays: [Overlay], into grid: inout CellGrid, viewport: Viewport) {
        let pane = viewport.pane
        var taken = Set<Int>()
        func free(_ column: Int, _ row: Int) -> Bool {
            column >= pane.column && column < pane.column + pane.columns && row >= pane.row && row < pane.row + pane.rows
                && !taken.contains(row * grid.columns + column)
        }
        let ordered = overlays.filter(\.isText) + overlays.filter { $0.selected && !$0.isText } + overlays.filter { !$0.selected && !$0.isText }
        for overlay in ordered {
            let text: String, anchor: SIMD2<Double>
            switch overlay.shape {
            case .text(let s, let p): text = s; anchor = p
            default:
                guard let label = overlay.label, !label.isEmpty, let p = labelAnchor(overlay.shape) else { continue }
                text = label; anchor = p
            }
            guard let cell = viewport.cell(sliceColumn: anchor.x, sliceRow: anchor.y) else { continue }
            // Labels come from sidecars: controls and invisible characters are shown as text.
            let scalars = Array(TerminalSafeText.make(text).unicodeScalars)
            var column = cell.column, row = cell.row, length = scalars.count
            if !overlay.isText {
                let places = [(cell.column + 1, cell.row), (cell.column + 1, cell.row - 1), (cell.column + 1, cell.row + 1),
                              (cell.column - scalars.count, cell.row)]
                if let place = places.first(where: { place in (0..<scalars.count).allSatisfy { free(place.0 + $0, place.1) } }) {
                    (column, row) = place
                } else {
                    column = cell.column + 1
                    length = (0..<scalars.count).first { !free(column + $0, row) } ?? scalars.count
                    guard length >= 2 else { continue }
                }
            }
            for (n, scalar) in scalars.prefix(length).enumerated() {
                let c = column + n
                guard c < pane.column + pane.columns else { break }
                guard c >= pane.column, row >= pane.row, row < pane.row + pane.rows else { continue }
                let cut = n == length - 1 && length < scalars.count
                grid[c, row] = Cell(glyph: cut ? "…" : scalar, foreground: overlay.color, background: .black,
                                    bold: overlay.selected)
                taken.insert(row * grid.columns + c)
            }
        }
    }

    private static func labelAnchor(_ shape: Overlay.Shape) -> SIMD2<Double>? {
        switch shape {
        case .crosshair, .text: return nil
        case .marker(let p): return p
        case .rectangle(let a, let b): return SIMD2(max(a.x, b.x), min(a.y, b.y))
        case .ellipse(let c, let r): return SIMD2(c.x + r.x, c.y - r.y)
        case .polygon(let points): return points.max { $0.x < $1.x }
        case .line(let a, let b): return a.x > b.x ? a : b
        }
    }

    /// A selected overlay is drawn in its colour lightened towards white.
    private static func strokeColor(_ overlay: Overlay) -> RGB {
        guard overlay.selected else { return overlay.color }
        func lift(_ v: UInt8) -> UInt8 { UInt8((Int(v) + 255 * 2) / 3) }
        return RGB(lift(overlay.color.r), lift(overlay.color.g), lift(overlay.color.b))
    }

    private static func crosshair(_ p: SIMD2<Double>, _ color: RGB, on canvas: inout PixelCanvas, viewport: Viewport) {
        let s = viewport.screenPoint(slice: p)
        let x = pixelFloor(s.x), y = pixelFloor(s.y)
        let gap = 2 * viewport.markScale
        canvas.span(0, x - gap - 1, y: y, color, opacity: 0.6)
        canvas.span(x + gap + 1, canvas.width - 1, y: y, color, opacity: 0.6)
        canvas.column(0, y - gap - 1, x: x, color, opacity: 0.6)
        canvas.column(y + gap + 1, canvas.height - 1, x: x, color, opacity: 0.6)
    }

    private static func outline(_ overlay: Overlay, on canvas: inout PixelCanvas, viewport: Viewport) {
        let color = strokeColor(overlay)
        // At a graphics protocol's finer pixels, lines stay about as heavy as in half blocks.
        let weight = max(1, viewport.markScale / 4)
        let thickness = (overlay.selected ? 2 : 1) * weight
        func screen(_ p: SIMD2<Double>) -> SIMD2<Double> { viewport.screenPoint(slice: p) }
        switch overlay.shape {
        case .crosshair, .text:
            return
        case .marker(let p):
            let s = screen(p)
            let x = pixelFloor(s.x), y = pixelFloor(s.y)
            let arm = (overlay.selected ? 3 : 2) * viewport.markScale
            for t in 0..<weight {
                canvas.span(x - arm, x + arm, y: y + t, color)
                canvas.column(y - arm, y + arm, x: x + t, color)
            }
            if overlay.selected { canvas.plot(x, y, .white) }
        case .rectangle(let a, let b):
            let sa = screen(a), sb = screen(b)
            // Edges are pixel boundaries; draw on the screen pixels just inside them.
            let left = pixelFloor(min(sa.x, sb.x) + 0.5)
            let right = max(pixelCeil(max(sa.x, sb.x) - 0.5) - 1, left)
            let top = pixelFloor(min(sa.y, sb.y) + 0.5)
            let bottom = max(pixelCeil(max(sa.y, sb.y) - 0.5) - 1, top)
            for t in 0..<thickness {
                canvas.span(left, right, y: top + t, color)
                canvas.span(left, right, y: bottom - t, color)
                canvas.column(top, bottom, x: left + t, color)
                canvas.column(top, bottom, x: right - t, color)
            }
        case .ellipse(let c, let r):
            let sr = magnitude(r * viewport.scale)
            let perimeter = 2 * Double.pi * max(sr.x, sr.y)
            let samples = perimeter.isFinite ? max(Int(min(perimeter * 2, 16384)), 16) : 16
            var previous = screen(SIMD2(c.x + r.x, c.y))
            for n in 1...samples {
                let angle = 2 * Double.pi * Double(n) / Double(samples)
                let next = screen(SIMD2(c.x + r.x * cos(angle), c.y + r.y * sin(angle)))
                canvas.line(from: previous, to: next, color, thickness: thickness)
                previous = next
            }
        case .polygon(let points):
            guard let first = points.first else { return }
            var previous = screen(first)
            for p in points.dropFirst() + [first] {
                let next = screen(p)
                canvas.line(from: previous, to: next, color, thickness: thickness)
                previous = next
            }
        case .line(let a, let b):
            canvas.line(from: screen(a), to: screen(b), color, thickness: thickness)
            for end in [a, b] {
                let s = screen(end)
                let x = pixelFloor(s.x), y = pixelFloor(s.y), tick = viewport.markScale
                canvas.span(x - tick, x + tick, y: y, color)
                canvas.column(y - tick, y + tick, x: x, color)
            }
        }
    }

    /// Translucent fill of a closed shape: each screen pixel whose centre lies inside.
    private static func fill(_ overlay: Overlay, on canvas: inout PixelCanvas, viewport: Viewport) {
        let inside: (SIMD2<Double>) -> Bool
        let corners: [SIMD2<Double>]
        switch overlay.shape {
        case .rectangle(let a, let b):
            let lo = SIMD2(min(a.x, b.x), min(a.y, b.y)), hi = SIMD2(max(a.x, b.x), max(a.y, b.y))
            inside = { p in p.x >= lo.x && p.x < hi.x && p.y >= lo.y && p.y < hi.y }
            corners = [lo, hi]
        case .ellipse(let c, let r):
            guard r.x != 0, r.y != 0 else { return }
            inside = { p in
                let d = (p - c) / r
                return d.x * d.x + d.y * d.y <= 1
            }
            corners = [c - magnitude(r), c + magnitude(r)]
        case .polygon(let points):
            guard points.count >= 3 else { return }
            inside = { p in evenOddContains(points, p) }
            corners = points
        default:
            return
        }
        let screenCorners = corners.map { viewport.screenPoint(slice: $0) }
        let x0 = max(pixelFloor(screenCorners.map(\.x).min()!), 0)
        let x1 = min(pixelCeil(screenCorners.map(\.x).max()!), canvas.width - 1)
        let y0 = max(pixelFloor(screenCorners.map(\.y).min()!), 0)
        let y1 = min(pixelCeil(screenCorners.map(\.y).max()!), canvas.height - 1)
        guard x0 <= x1, y0 <= y1 else { return }
        for y in y0...y1 {
            for x in x0...x1 where inside(viewport.slicePoint(screen: SIMD2(Double(x) + 0.5, Double(y) + 0.5))) {
                canvas.plot(x, y, overlay.color, opacity: overlay.fillOpacity)
            }
        }
    }

    static func evenOddContains(_ polygon: [SIMD2<Double>], _ p: SIMD2<Double>) -> Bool {
        var inside = false
        var j = polygon.count - 1
        for i in 0..<polygon.count {
            let a = polygon[i], b = polygon[j]
            if (a.y > p.y) != (b.y > p.y) {
                let x = a.x + (p.y - a.y) / (b.y - a.y) * (b.x - a.x)
                if p.x < x { inside.toggle() }
            }
            j = i
        }
        return inside
    }
}

private func magnitude(_ v: SIMD2<Double>) -> SIMD2<Double> { SIMD2(abs(v.x), abs(v.y)) }
