import Rendering

extension Action {
    static let rectangle = Action("annotate.rectangle")
}

/// A rectangle ROI: one press at a corner, one at the opposite corner.
enum RectangleTool {
    static let unit = ViewerUnit(
        name: "rectangle",
        actions: [ActionSpec(.rectangle, .annotation, "rectangle ROI: press at one corner, then at the other", keys: ["r"])],
        drawing: ToolDrawing(kind: .rectangle, tool: .rectangle, rubberBand: { points, cursor, onOwnPlane in
            guard onOwnPlane, let first = points.first else { return [] }
            return [.rectangle(from: pointwiseMin(first, cursor) - 0.5, to: pointwiseMax(first, cursor) + 0.5)]
        }, hint: AnnotationActions.twoPressHint)
    ) { state, action in
        AnnotationActions.edit(&state, action) { session, voxel, plane, volume in
            session.click(.rectangle, at: voxel, plane: plane, volume: volume)
        }
    }
}
