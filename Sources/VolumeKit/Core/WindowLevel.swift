/// A display window on real-world values: `center` ± `width`/2 maps to black … white.
public struct WindowLevel: Sendable, Equatable, Codable {
    public var center: Double
    public var width: Double
    public var name: String

    public init(center: Double, width: Double, name: String = "") {
        self.center = center
        self.width = Swift.max(width, 1e-6)
        self.name = name
    }

    public init(minimum: Double, maximum: Double, name: String = "") {
        self.init(center: (minimum + maximum) / 2, width: maximum - minimum, name: name)
    }

    public var lower: Double { center - width / 2 }
    public var upper: Double { center + width / 2 }

    /// Grey level 0…255 for a real-world value (linear, clamped).
    @inlinable
    public func apply(_ value: Double) -> UInt8 {
        let t = (value - (center - width / 2)) / width
        if !(t > 0) { return 0 }
        if t >= 1 { return 255 }
        return UInt8((t * 255).rounded())
    }
}
