import VolumeKit

/// The drawing tools that take more than one press: two for a rectangle, an ellipse (opposite
/// corners of its box) or a distance (its two ends), three for an angle (an arm's end, the
/// vertex, the other arm's end), four for a Cobb angle (two lines, two ends each), three or
/// more for a polygon (closed with `closePolygon`).
public enum AnnotationTool: String, Sendable, CaseIterable {
    case rectangle, ellipse, polygon, distance, angle, cobb

    public var kind: AnnotationKind {
        switch self {
        case .rectangle: return .rectangle
        case .ellipse: return .ellipse
        case .polygon: return .polygon
        case .distance: return .distance
        case .angle: return .angle
        case .cobb: return .cobb
        }
    }

    /// The press that finishes the shape (a polygon is finished by `closePolygon` instead).
    public var pointsToFinish: Int {
        switch self {
        case .rectangle, .ellipse, .distance: return 2
        case .angle: return 3
        case .cobb: return 4
        case .polygon: return Int.max
        }
    }
}

/// A shape being drawn: the tool, the plane it is drawn on and the points placed so far.
/// Points after the first all lie on the slice of the first point (later presses on another
/// slice are moved onto it), except a distance's second end, which may be on any slice.
public struct PendingShape: Sendable, Equatable {
    public var tool: AnnotationTool
    public var plane: Plane
    public var points: [SIMD3<Int>]

    public init(tool: AnnotationTool, plane: Plane, points: [SIMD3<Int>]) {
        self.tool = tool
        self.plane = plane
        self.points = points
    }
}
