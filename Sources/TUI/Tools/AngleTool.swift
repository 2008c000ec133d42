import Annotations
import Foundation
import Rendering

extension Action {
    static let angle = Action("annotate.angle")
}

/// An angle: one arm's end, the vertex, the other arm's end; its size in degrees, measured in
/// patient space (so anisotropic voxels give the true angle).
enum AngleTool {
    static let unit = ViewerUnit(
        name: "angle",
        actions: [ActionSpec(.angle, .annotation, "angle: press at one arm's end, at the vertex, then at the other arm's end", keys: ["z"])],
        drawing: ToolDrawing(kind: .angle, tool: .angle, caption: AngleTool.degrees, rubberBand: { points, cursor, onOwnPlane in
            guard onOwnPlane else { return [] }
            let arms = points + [cursor]
            return zip(arms, arms.dropFirst()).map { .line(from: $0, to: $1) }
        }, hint: { pending, key in
            let next = ["one arm's end", "the vertex", "the other arm's end"][min(pending.points.count, 2)]
            return " angle: move to \(next) and press \(key) · u removes the last point · Esc cancels"
        })
    ) { state, action in
        AnnotationActions.edit(&state, action) { session, voxel, plane, volume in
            session.click(.angle, at: voxel, plane: plane, volume: volume)
        }
    }

    /// The caption of an angle or Cobb angle: its degrees.
    @Sendable static func degrees(_ annotation: Annotation) -> String? {
        annotation.angleDegrees.map { String(format: "%.1f°", $0) }
    }
}
