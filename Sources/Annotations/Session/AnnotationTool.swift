import VolumeKit

/// The drawing tools that take more than one press: two for a rectangle, an ellipse (opposite
/// corners of its box) or a distance (its two ends), three or more for a polygon (closed with
/// `closePolygon`).
public enum AnnotationTool: String, Sendable, CaseIterable {
    case rectangle, ellipse, polygon, distance

    public var kind: AnnotationKind {
        switch self {
        case .rectangle: return .rectangle
        case .ellipse: return .ellipse
        case .polygon: return .polygon
        case .distance: return .distance
        }
    }
}

/// A shape being drawn: the tool, the plane it is drawn on and the points placed so far.
/// Region points all lie on the slice of the first point (later presses on another slice are
/// moved onto it); a distance's second end may be on any slice.
public struct PendingShape: Sendable, Equatable {
    public var tool: AnnotationTool
    public var plane: Plane
    public var points: [SIMD3<Int>]
}
