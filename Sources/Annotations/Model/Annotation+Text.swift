import Foundation

extension Annotation {
    /// One line for a list panel or the status bar:
    /// `landmark "L1 superior" [12, 40, 7]`, `rectangle "rectangle 1": 3.0 mm², 12 px, mean 46.5 ± 13.1, min 29.0, max 64.0`,
    /// `distance "distance 1": 5.22 mm`, `angle "angle 1": 37.5°`, `cobb "cobb 1": 23.4°`.
    public var summary: String {
        kind == .landmark ? "landmark \"\(label)\" \(measurementText)" : "\(kind.rawValue) \"\(label)\": \(measurementText)"
    }

    /// A region's size and values, a distance's length, an angle's degrees, or a landmark's voxel.
    public var measurementText: String {
        if let length = lengthMM { return String(format: "%.2f mm", length) }
        if kind == .angle || kind == .cobb {
            return angleDegrees.map { String(format: "%.1f°", $0) } ?? "no angle (two points coincide)"
        }
        guard let s = statistics else { return "[\(voxel.x), \(voxel.y), \(voxel.z)]" }
        var text = String(format: "%.1f mm², %d px", s.areaMM2, s.pixelCount)
        if let mean = s.mean, let std = s.std, let min = s.min, let max = s.max {
            text += String(format: ", mean %.1f ± %.1f, min %.1f, max %.1f", mean, std, min, max)
        }
        return text
    }
}
