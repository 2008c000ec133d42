import Foundation

extension Annotation {
    /// One line for a list panel or the status bar:
    /// `landmark "L1 superior" [12, 40, 7]`, `rectangle "rectangle 1": 3.0 mm², 12 px, mean 46.5 ± 13.1, min 29.0, max 64.0`,
    /// `distance "distance 1": 5.22 mm`, `angle "angle 1": 37.5°`, `cobb "cobb 1": 23.4°`. On an
    /// image without pixel spacing: `distance "distance 1": 30.00 px`, `rectangle "rectangle 1": 651 px²`.
    public var summary: String {
        kind == .landmark ? "landmark \"\(label)\" \(measurementText)" : "\(kind.rawValue) \"\(label)\": \(measurementText)"
    }

    /// A region's size and values, a distance's length, an angle's degrees, or a landmark's voxel.
    public var measurementText: String { measurementText(unit: "") }

    /// The same, with the unit of the image's values after a region's statistics (`HU` for CT).
    public func measurementText(unit: String) -> String {
        if let length = lengthMM { return String(format: "%.2f mm", length) }
        if let length = lengthPx { return String(format: "%.2f px", length) }
        if kind == .angle || kind == .cobb {
            return angleDegrees.map { String(format: "%.1f°", $0) } ?? "no angle (two points coincide)"
        }
        guard let s = statistics else { return "[\(voxel.x), \(voxel.y), \(voxel.z)]" }
        var text = s.areaMM2.map { String(format: "%.1f mm², %d px", $0, s.pixelCount) }
            ?? String(format: "%.0f px²", s.areaPx2 ?? Double(s.pixelCount))
        if let mean = s.mean, let std = s.std, let min = s.min, let max = s.max {
            text += String(format: ", mean %.1f ± %.1f, min %.1f, max %.1f", mean, std, min, max) + (unit.isEmpty ? "" : " " + unit)
        }
        return text
    }

    /// A distance's length for the caption drawn beside it: `5.2 mm`, or `30.0 px` on an image
    /// without pixel spacing.
    public var lengthCaption: String? {
        if let length = lengthMM { return String(format: "%.1f mm", length) }
        return lengthPx.map { String(format: "%.1f px", $0) }
    }
}
