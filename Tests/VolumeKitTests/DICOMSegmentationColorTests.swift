import Testing
@testable import VolumeKit

/// Recommended Display CIELab Value → 8-bit sRGB, against highdicom's `CIELabColor.to_rgb(clip=True)`.
@Suite struct DICOMSegmentationColorTests {
    @Test func matchesHighdicom() throws {
        let colors = ExpectedSegmentation.colors
        try #require(colors.count > 40)
        for c in colors {
            let lab = CIELabColor(dicomValue: SIMD3(UInt16(c.value[0]), UInt16(c.value[1]), UInt16(c.value[2])))
            let rgb = lab.sRGB
            #expect([Int(rgb.x), Int(rgb.y), Int(rgb.z)] == c.rgb, "CIELab \(c.value)")
        }
    }

    @Test func encodingEnds() {
        // PS3.3 C.10.7.1.1: L* 0…100 and a*, b* −128…127 over 0…0xFFFF; 0x8080 is a* = b* = 0.
        let white = CIELabColor(dicomValue: SIMD3(0xFFFF, 0x8080, 0x8080))
        #expect(white.lightness == 100)
        #expect(abs(white.a) < 1e-9 && abs(white.b) < 1e-9)
        #expect(white.sRGB == SIMD3(255, 255, 255))
        let corner = CIELabColor(dicomValue: SIMD3(0, 0, 0xFFFF))
        #expect(corner.a == -128 && corner.b == 127)
    }
}
