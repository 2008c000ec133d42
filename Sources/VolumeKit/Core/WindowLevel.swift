import Foundation

/// How a window maps values to greys: DICOM's VOI LUT Function (0028,1056), PS3.3 C.11.2.1.2.
public enum WindowFunction: String, Sendable, Equatable, Codable, CaseIterable {
    /// DICOM's default: `((x − (c − 0.5)) / (w − 1) + 0.5)`, 0 at or below
    /// `c − 0.5 − (w − 1)/2`, full scale above `c − 0.5 + (w − 1)/2`. The width counts the
    /// stored values the ramp covers, so `w − 1` steps separate its ends. The standard asks
    /// for w ≥ 1; a narrower window (only meaningful on non-integer data) is taken as exact.
    case linear = "LINEAR"
    /// `(x − c) / w + 0.5`, 0 at or below `c − w/2`, full scale above `c + w/2`.
    case linearExact = "LINEAR_EXACT"
    /// `1 / (1 + exp(−4 (x − c) / w))`.
    case sigmoid = "SIGMOID"
}

/// A display window on real-world values: `center` ± `width`/2 maps to black … white, by the
/// window function; or, for a file's VOI LUT Sequence (0028,3010), a table of greys.
public struct WindowLevel: Sendable, Equatable, Codable {
    public var center: Double
    public var width: Double
    public var name: String
    public var function: WindowFunction
    /// A VOI LUT table: when present it maps values to greys and `center`/`width` only describe
    /// the values it covers.
    public var lut: LookupTable?

    public init(center: Double, width: Double, name: String = "", function: WindowFunction = .linear) {
        self.center = center
        self.width = Swift.max(width, 1e-6)
        self.name = name
        self.function = function
        self.lut = nil
    }

    public init(minimum: Double, maximum: Double, name: String = "", function: WindowFunction = .linear) {
        self.init(center: (minimum + maximum) / 2, width: maximum - minimum, name: name, function: function)
    }

    /// A VOI LUT as a window: its centre and width span the stored values it maps.
    public init(lut: LookupTable, name: String) {
        let range = lut.inputRange
        self.init(center: (range.lowerBound + range.upperBound + 1) / 2,
                  width: range.upperBound - range.lowerBound + 1, name: name)
        self.lut = lut
    }

    public var lower: Double { center - width / 2 }
    public var upper: Double { center + width / 2 }

    /// The window function in effect: LINEAR narrower than 1 is LINEAR_EXACT.
    @inlinable
    public var effectiveFunction: WindowFunction {
        function == .linear && width < 1 ? .linearExact : function
    }

    /// For the two linear functions (and no table): the value that maps to 0 and the span to
    /// full scale, so that grey = clamp((x − lower) / span) × 255 with x ≤ lower → 0 and
    /// x > lower + span → 255. Both functions put 0 at `c − w/2`; LINEAR spans `w − 1`.
    public var linearRamp: (lower: Double, span: Double)? {
        guard lut == nil else { return nil }
        switch effectiveFunction {
        case .linear: return (center - width / 2, width - 1)
        case .linearExact: return (center - width / 2, width)
        case .sigmoid: return nil
        }
    }

    /// Grey level 0…255 for a real-world value.
    @inlinable
    public func apply(_ value: Double) -> UInt8 {
        if let lut {
            let g = Double(lut.map(value)) / lut.outputMaximum * 255
            return g >= 255 ? 255 : UInt8(g.rounded())
        }
        switch effectiveFunction {
        case .linear:
            let c = center - 0.5, w = width - 1
            if value <= c - w / 2 { return 0 }
            if value > c + w / 2 { return 255 }
            return Self.scaled((value - c) / w + 0.5)
        case .linearExact:
            if value <= center - width / 2 { return 0 }
            if value > center + width / 2 { return 255 }
            return Self.scaled((value - center) / width + 0.5)
        case .sigmoid:
            guard value.isFinite else { return value > 0 ? 255 : 0 }
            return Self.scaled(1 / (1 + exp(-4 * (value - center) / width)))
        }
    }

    @inlinable
    static func scaled(_ t: Double) -> UInt8 {
        if !(t > 0) { return 0 }
        if t >= 1 { return 255 }
        return UInt8((t * 255).rounded())
    }

    private enum CodingKeys: String, CodingKey { case center, width, name, function, lut }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(center: try c.decode(Double.self, forKey: .center), width: try c.decode(Double.self, forKey: .width),
                  name: try c.decodeIfPresent(String.self, forKey: .name) ?? "",
                  function: try c.decodeIfPresent(WindowFunction.self, forKey: .function) ?? .linear)
        lut = try c.decodeIfPresent(LookupTable.self, forKey: .lut)
    }
}
