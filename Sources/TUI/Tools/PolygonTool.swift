import Rendering

extension Action {
    static let polygon = Action("annotate.polygon")
    static let finishShape = Action("annotate.finish")
}

/// A polygon ROI: a vertex at the cursor on each press, closed with Enter.
enum PolygonTool {
    static let unit = ViewerUnit(
        name: "polygon",
        actions: [
            ActionSpec(.polygon, .annotation, "polygon ROI: a point at the cursor on each press; Enter closes it", keys: ["v"]),
            ActionSpec(.finishShape, .annotation, "close the polygon being drawn", keys: ["Enter"]),
        ],
        drawing: ToolDrawing(kind: .polygon, tool: .polygon, rubberBand: { points, cursor, onOwnPlane in
            guard onOwnPlane else { return [] }
            return zip(points, points.dropFirst() + [cursor]).map { .line(from: $0, to: $1) }
        }, hint: { pending, key in
            " polygon: \(pending.points.count) points · \(key) adds a point · Enter closes · u removes the last · Esc cancels"
        })
    ) { state, action in
        AnnotationActions.edit(&state, action) { session, voxel, plane, volume in
            action == .finishShape ? session.closePolygon(volume: volume)
                                   : session.click(.polygon, at: voxel, plane: plane, volume: volume)
        }
    }
}
