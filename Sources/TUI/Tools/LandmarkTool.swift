extension Action {
    static let landmark = Action("annotate.landmark")
}

/// A landmark at the cursor (named by the template's next point when a template is loaded).
enum LandmarkTool {
    static let unit = ViewerUnit(
        name: "landmark",
        actions: [ActionSpec(.landmark, .annotation, "landmark at the cursor", keys: ["m"])],
        drawing: ToolDrawing(kind: .landmark)
    ) { state, action in
        AnnotationActions.edit(&state, action) { session, voxel, plane, volume in
            session.placeLandmark(at: voxel, plane: plane, volume: volume)
        }
    }
}
