import Foundation
import Rendering

extension Action {
    static let distance = Action("annotate.distance")
}

/// A distance ruler between two presses, on any slices; its length in millimetres (pixels when
/// the image has no pixel spacing).
enum DistanceTool {
    static let unit = ViewerUnit(
        name: "distance",
        actions: [ActionSpec(.distance, .annotation, "distance ruler: press at one end, then at the other (any slice)", keys: ["d"])],
        drawing: ToolDrawing(kind: .distance, tool: .distance, caption: { a in
            a.lengthCaption
        }, rubberBand: { points, cursor, _ in
            points.first.map { [.line(from: $0, to: cursor)] } ?? []
        }, hint: { pending, key in
            " distance: move to the other end and press \(key) · Esc cancels"
        })
    ) { state, action in
        AnnotationActions.edit(&state, action) { session, voxel, plane, volume in
            session.click(.distance, at: voxel, plane: plane, volume: volume)
        }
    }
}
