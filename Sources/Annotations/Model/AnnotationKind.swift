/// What an annotation is. Regions (rectangle, ellipse, polygon) carry statistics; a distance
/// carries its length.
public enum AnnotationKind: String, Sendable, Codable, CaseIterable {
    case landmark, rectangle, ellipse, polygon, distance

    public var isRegion: Bool { self == .rectangle || self == .ellipse || self == .polygon }

    /// How many points the kind has: a landmark one, a rectangle or ellipse the two opposite
    /// corners of its box, a distance its two ends; a polygon three or more vertices.
    public var pointCount: ClosedRange<Int> {
        switch self {
        case .landmark: return 1...1
        case .rectangle, .ellipse, .distance: return 2...2
        case .polygon: return 3...Int.max
        }
    }
}
