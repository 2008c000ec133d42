import Rendering

extension Action {
    static let cobb = Action("annotate.cobb")
}

/// A Cobb angle: two lines (two presses each, e.g. along the endplates of the end vertebrae of a
/// curve) and the angle between them, 0–90°, as read on a scoliosis or lumbar series.
enum CobbTool {
    static let unit = ViewerUnit(
        name: "cobb",
        actions: [ActionSpec(.cobb, .annotation, "Cobb angle: two presses for each of two lines; the angle between the lines", keys: ["Z"])],
        drawing: ToolDrawing(kind: .cobb, tool: .cobb, caption: AngleTool.degrees, rubberBand: { points, cursor, onOwnPlane in
            guard onOwnPlane else { return [] }
            let all = points + [cursor]
            var lines: [Overlay.Shape] = [.line(from: all[0], to: all[min(1, all.count - 1)])]
            if all.count >= 4 { lines.append(.line(from: all[2], to: all[3])) }
            return all.count >= 2 ? lines : []
        }, hint: { pending, key in
            let next = ["the first line's first end", "the first line's other end",
                        "the second line's first end", "the second line's other end"][min(pending.points.count, 3)]
            return " Cobb angle: move to \(next) and press \(key) · u removes the last point · Esc cancels"
        })
    ) { state, action in
        AnnotationActions.edit(&state, action) { session, voxel, plane, volume in
            session.click(.cobb, at: voxel, plane: plane, volume: volume)
        }
    }
}
