import Rendering

extension Action {
    static let ellipse = Action("annotate.ellipse")
}

/// An ellipse ROI inscribed in the box between two presses.
enum EllipseTool {
    static let unit = ViewerUnit(
        name: "ellipse",
        actions: [ActionSpec(.ellipse, .annotation, "ellipse ROI: press at one corner, then at the other", keys: ["e"])],
        drawing: ToolDrawing(kind: .ellipse, tool: .ellipse, rubberBand: { points, cursor, onOwnPlane in
            guard onOwnPlane, let first = points.first else { return [] }
            let low = pointwiseMin(first, cursor), high = pointwiseMax(first, cursor)
            return [.ellipse(center: (low + high) / 2, radii: (high - low + 1) / 2)]
        }, hint: AnnotationActions.twoPressHint)
    ) { state, action in
        AnnotationActions.edit(&state, action) { session, voxel, plane, volume in
            session.click(.ellipse, at: voxel, plane: plane, volume: volume)
        }
    }
}
