import Foundation

/// The in-plane spacing of a DICOM image and where it comes from, as PS3.3 10.7.1.1 defines the
/// spacing attributes (see `SpacingSource`). Values are (row spacing, column spacing) as stored.
struct DICOMPixelSpacing: Sendable, Equatable {
    var value: SIMD2<Double>?
    var source: SpacingSource

    static let calibrationType = DICOMTag(0x0028, 0x0A02)

    init(value: SIMD2<Double>?, source: SpacingSource) {
        self.value = value
        self.source = source
    }

    init(_ ds: DICOMDataset) {
        let pixel = Self.pair(ds.numbers(.pixelSpacing))
        let imager = Self.pair(ds.numbers(.imagerPixelSpacing))
        let calibration = ds.string(Self.calibrationType).map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        switch (pixel, imager) {
        case (let p?, _) where !calibration.isEmpty:
            self.init(value: p, source: .calibrated)
        case (let p?, let i?):
            self.init(value: p, source: Self.same(p, i) ? .imagerPixelSpacing : .calibrated)
        case (let p?, nil):
            self.init(value: p, source: .pixelSpacing)
        case (nil, let i?):
            self.init(value: i, source: .imagerPixelSpacing)
        case (nil, nil):
            self.init(value: nil, source: .unknown)
        }
    }

    /// Two positive values, or nil (absent, one value, `0\0`, negative).
    static func pair(_ values: [Double]) -> SIMD2<Double>? {
        guard values.count >= 2, values[0] > 0, values[1] > 0, values[0].isFinite, values[1].isFinite else { return nil }
        return SIMD2(values[0], values[1])
    }

    private static func same(_ a: SIMD2<Double>, _ b: SIMD2<Double>) -> Bool {
        abs(a.x - b.x) <= 1e-6 * max(a.x, b.x) && abs(a.y - b.y) <= 1e-6 * max(a.y, b.y)
    }

    /// What to say once when such an image opens, or nil when the spacing is the usual one.
    static func notice(_ source: SpacingSource, stored: [Double]) -> String? {
        switch source {
        case .pixelSpacing, .calibrated:
            return nil
        case .imagerPixelSpacing:
            return "pixel spacing is Imager Pixel Spacing (0018,1164), measured at the detector: lengths and areas are "
                + "at the detector, not corrected for magnification"
        case .unknown:
            let what = stored.isEmpty ? "no Pixel Spacing (0028,0030)"
                : "Pixel Spacing (0028,0030) is " + stored.map { String(format: "%g", $0) }.joined(separator: "\\")
            return "\(what): the pixel size is unknown, so lengths are in px and areas in px²"
        }
    }
}
