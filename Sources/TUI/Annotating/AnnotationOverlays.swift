import Annotations
import Foundation
import Rendering
import VolumeKit

/// The annotations of one pane's slice as Rendering overlays: a colour per kind (landmarks,
/// rectangles, rulers… told apart at a glance), other annotators' in a paler tint of it, the
/// selected one drawn thicker, and the shape being drawn stretched to the cursor.
enum AnnotationOverlays {
    static func overlays(_ state: ViewerState, plane: Plane) -> [Overlay] {
        guard let context = state.annotation, let volume = state.volume else { return [] }
        var session = context.session
        session.timepoint = state.timepoint
        let layout = volume.layout(plane)
        let slice = state.slice(of: plane)
        let shown = session.annotations(on: plane, slice: slice, volume: volume)
            .filter { ReviewVisibility.shows($0, state) && ProposalDrawing.isShown($0) }
        var out: [Overlay] = shown.flatMap { a in
            let reviewColor = ReviewColors.color(for: a, state)
            let base = reviewColor ?? Self.color(of: a.kind, mine: a.annotator == session.annotator)
            // A proposal is dimmed from the colour it would have (its annotator's in review mode).
            let proposalColor = ProposalDrawing.color(a, base: reviewColor ?? kindColors[a.kind] ?? base) ?? base
            let selected = a.id == session.selection
            let caption = ViewerUnits.drawing(for: a.kind).map { $0.caption(a) } ?? a.label
            let tracked = TrackDrawing.caption(a, caption, slice: slice)
            let color = TrackDrawing.color(a, proposalColor, slice: slice)
            let text = ProposalDrawing.caption(a, tracked).map { $0 + ReviewStatus.captionMark(a, state) }
            return shapes(a.shape(on: layout)).enumerated().map { n, shape in
                Overlay(shape, color: color, fillOpacity: selected && a.kind.isRegion ? 0.2 : 0,
                        selected: selected, label: n == 0 ? text : nil)
            }
        }
        if let pending = session.pending, let cursor = state.cursorPoint(in: plane) {
            out += rubberBand(pending, cursor: cursor, layout: layout, color: color(of: pending.tool.kind, mine: true))
        }
        return out
    }

    static let kindColors: [AnnotationKind: RGB] = [
        .landmark: RGB(255, 214, 0), .rectangle: RGB(0, 220, 255), .ellipse: RGB(255, 80, 200), .polygon: RGB(255, 140, 0),
        .distance: RGB(120, 255, 80), .angle: RGB(160, 120, 255), .cobb: RGB(255, 70, 70),
    ]

    /// The kind's colour; someone else's annotation in a tint halfway to white.
    static func color(of kind: AnnotationKind, mine: Bool) -> RGB {
        let c = kindColors[kind] ?? Overlay.color(index: 0)
        guard !mine else { return c }
        func pale(_ v: UInt8) -> UInt8 { UInt8((Int(v) + 255) / 2) }
        return RGB(pale(c.r), pale(c.g), pale(c.b))
    }

    static func shapes(_ shape: AnnotationShape) -> [Overlay.Shape] {
        switch shape {
        case .point(let p): return [.marker(p)]
        case .rectangle(let low, let high): return [.rectangle(from: low, to: high)]
        case .ellipse(let center, let radii): return [.ellipse(center: center, radii: radii)]
        case .polygon(let points): return [.polygon(points)]
        case .line(let from, let to): return [.line(from: from, to: to)]
        case .lines(let segments): return segments.map { .line(from: $0.from, to: $0.to) }
        }
    }

    /// The unfinished shape: its points, and the outline its tool says it would have if
    /// finished at the cursor.
    static func rubberBand(_ pending: PendingShape, cursor: SIMD2<Double>, layout: PlaneLayout, color: RGB) -> [Overlay] {
        let points = pending.points.map { v -> SIMD2<Double> in
            let p = layout.position(of: v)
            return SIMD2(Double(p.column), Double(p.row))
        }
        guard !points.isEmpty else { return [] }
        let outline = ViewerUnits.drawing(for: pending.tool)?.rubberBand(points, cursor, pending.plane == layout.plane) ?? []
        return (points.map { .marker($0) } + outline).map { Overlay($0, color: color, selected: true) }
    }
}
