/// What an annotation is. Regions (rectangle, ellipse, polygon) carry statistics; a distance
/// its length; an angle and a Cobb angle their angle in degrees.
public enum AnnotationKind: String, Sendable, Codable, CaseIterable {
    case landmark, rectangle, ellipse, polygon, distance, angle, cobb

    public var isRegion: Bool { self == .rectangle || self == .ellipse || self == .polygon }

    /// Kinds whose points all lie on the slice of the first one (drawn and shown on that plane).
    public var staysOnOneSlice: Bool { isRegion || self == .angle || self == .cobb }

    /// How many points the kind has: a landmark one; a rectangle or ellipse the two opposite
    /// corners of its box, a distance its two ends; an angle three (the vertex in the middle);
    /// a Cobb angle four (two lines, two points each); a polygon three or more vertices.
    public var pointCount: ClosedRange<Int> {
        switch self {
        case .landmark: return 1...1
        case .rectangle, .ellipse, .distance: return 2...2
        case .angle: return 3...3
        case .cobb: return 4...4
        case .polygon: return 3...Int.max
        }
    }
}
