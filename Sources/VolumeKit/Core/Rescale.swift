/// Stored value → real-world value (DICOM modality LUT slope/intercept, NIfTI scl_slope/scl_inter).
public struct Rescale: Sendable, Equatable, Codable {
    public var slope: Double
    public var intercept: Double

    public init(slope: Double = 1, intercept: Double = 0) {
        self.slope = slope
        self.intercept = intercept
    }

    public static let identity = Rescale()

    public var isIdentity: Bool { slope == 1 && intercept == 0 }

    @inlinable
    public func apply(_ stored: Double) -> Double { stored * slope + intercept }
}
