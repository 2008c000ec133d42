import Foundation

/// A colour as DICOM stores it in Recommended Display CIELab Value (0062,000D), and its sRGB.
///
/// Encoding (PS3.3 C.10.7.1.1): three unsigned 16-bit values; L* 0…100 maps linearly onto
/// 0…65535, a* and b* −128…127 onto 0…65535 (so 0x8080 is 0).
///
/// To sRGB: CIELab → XYZ with the D65 white point (95.047, 100, 108.883), XYZ → linear sRGB
/// with the IEC 61966-2-1 matrix, the sRGB transfer curve, ×255, rounded, and clamped to
/// 0…255 when the colour lies outside the sRGB gamut. This is the conversion of DCMTK,
/// pixelmed and highdicom (`CIELabColor.to_rgb(clip=True)`), which the tests compare against.
public struct CIELabColor: Sendable, Equatable, Hashable {
    /// The three stored values, L*, a*, b*.
    public var dicomValue: SIMD3<UInt16>

    public init(dicomValue: SIMD3<UInt16>) { self.dicomValue = dicomValue }

    public var lightness: Double { Double(dicomValue.x) * 100 / 65535 }
    public var a: Double { Double(dicomValue.y) * 255 / 65535 - 128 }
    public var b: Double { Double(dicomValue.z) * 255 / 65535 - 128 }

    /// 8-bit sRGB.
    public var sRGB: SIMD3<UInt8> {
        let fy = (lightness + 16) / 116
        let fx = a / 500 + fy
        let fz = fy - b / 200
        func inverse(_ t: Double) -> Double {
            let t3 = t * t * t
            return t3 > 0.008856 ? t3 : (t - 16.0 / 116) / 7.787
        }
        let x = 0.95047 * inverse(fx), y = inverse(fy), z = 1.08883 * inverse(fz)
        let linear = SIMD3(x * 3.2406 + y * -1.5372 + z * -0.4986,
                           x * -0.9689 + y * 1.8758 + z * 0.0415,
                           x * 0.0557 + y * -0.2040 + z * 1.0570)
        func encode(_ c: Double) -> UInt8 {
            let v = (c > 0.0031308 ? 1.055 * Foundation.pow(c, 1 / 2.4) - 0.055 : 12.92 * c) * 255
            let r = v.rounded()
            return r <= 0 || r.isNaN ? 0 : r >= 255 ? 255 : UInt8(r)
        }
        return SIMD3(encode(linear.x), encode(linear.y), encode(linear.z))
    }
}
