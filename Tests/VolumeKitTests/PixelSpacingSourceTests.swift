import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// Where the in-plane spacing comes from (PS3.3 10.7.1.1), on hand-made datasets for every
/// combination and on real files: no millimetres are made up when the file gives none.
@Suite struct PixelSpacingSourceTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var pixel: String?
        var imager: String?
        var calibration: String?
        var expected: SpacingSource
        var value: SIMD2<Double>?
        var testDescription: String { "PS \(pixel ?? "-") IPS \(imager ?? "-") cal \(calibration ?? "-")" }
    }

    static let cases: [Case] = [
        Case(pixel: "0.5\\0.4", expected: .pixelSpacing, value: [0.5, 0.4]),
        Case(imager: "0.2\\0.2", expected: .imagerPixelSpacing, value: [0.2, 0.2]),
        Case(pixel: "0.2\\0.2", imager: "0.2\\0.2", expected: .imagerPixelSpacing, value: [0.2, 0.2]),
        Case(pixel: "0.16\\0.16", imager: "0.2\\0.2", expected: .calibrated, value: [0.16, 0.16]),
        Case(pixel: "0.2\\0.2", imager: "0.2\\0.2", calibration: "FIDUCIAL", expected: .calibrated, value: [0.2, 0.2]),
        Case(pixel: "0.3\\0.3", calibration: "GEOMETRY", expected: .calibrated, value: [0.3, 0.3]),
        Case(pixel: "0\\0", expected: .unknown, value: nil),
        Case(pixel: "0\\0", imager: "0.15\\0.15", expected: .imagerPixelSpacing, value: [0.15, 0.15]),
        Case(expected: .unknown, value: nil),
    ]

    @Test(arguments: cases)
    func spacingAndItsSource(_ c: Case) throws {
        var d = DICOMTestBytes()
        if let imager = c.imager { d.text(0x0018, 0x1164, "DS", imager) }
        if let pixel = c.pixel { d.text(0x0028, 0x0030, "DS", pixel) }
        if let calibration = c.calibration { d.text(0x0028, 0x0A02, "CS", calibration) }
        let header = try DICOMHeader.parse(bytes: d.part10(transferSyntax: "1.2.840.10008.1.2.1"), path: "test.dcm")
        let spacing = DICOMPixelSpacing(header.dataset)
        #expect(spacing.source == c.expected)
        #expect(spacing.value == c.value)
    }

    /// Pydicom's Pixel Spacing of a file, or nil when it has none.
    static func pydicomPixelSpacing(_ path: String) throws -> [Double]? {
        let script = "import pydicom,sys,json; d=pydicom.dcmread(sys.argv[1]); v=d.get('PixelSpacing'); print(json.dumps([float(x) for x in v] if v else None))"
        let result = try runProcess(Fixtures.path("venv/bin/python"), ["-c", script, path])
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8), options: .fragmentsAllowed) as? [Double]
    }

    @Test func aFileWithPixelSpacingKeepsItInMillimetres() throws {
        let path = Fixtures.path("pydicom/MR_small.dcm")
        let volume = try VolumeLoader.load(path: path)
        let reference = try #require(try Self.pydicomPixelSpacing(path))
        #expect(volume.geometry.spacingSource == .pixelSpacing)
        #expect(volume.geometry.spacing.x == reference[1] && volume.geometry.spacing.y == reference[0])
        #expect(!volume.metadata.warnings.contains { $0.contains("pixel size is unknown") })
    }

    @Test func anUltrasoundImageWithoutSpacingIsInPixelsAndSaysSo() throws {
        let path = Fixtures.path("pydicom/examples_rgb_color.dcm")
        #expect(try Self.pydicomPixelSpacing(path) == nil)
        let volume = try VolumeLoader.load(path: path)
        #expect(volume.geometry.spacingSource == .unknown)
        #expect(!volume.geometry.spacingKnown)
        #expect(volume.geometry.spacing.x == 1 && volume.geometry.spacing.y == 1)
        #expect(volume.metadata.warnings.contains { $0.contains("no Pixel Spacing (0028,0030)") && $0.contains("px²") })
    }

    /// MR_small.dcm with its Pixel Spacing value overwritten by `0\0` (same length, space padded).
    @Test func zeroPixelSpacingIsUnknownNotOneMillimetre() throws {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.path("pydicom/MR_small.dcm"))))
        let old = Array("0.3125\\0.3125".utf8)
        let at = try #require((0...(bytes.count - old.count)).first { bytes[$0..<($0 + old.count)].elementsEqual(old) })
        let replacement = Array("0\\0".utf8) + [UInt8](repeating: 0x20, count: old.count - 3)
        bytes.replaceSubrange(at..<(at + old.count), with: replacement)
        let path = try DICOMTestBytes.write(bytes, name: "zero-spacing.dcm")
        #expect(try Self.pydicomPixelSpacing(path) == [0, 0])
        let volume = try VolumeLoader.load(path: path)
        #expect(volume.geometry.spacingSource == .unknown)
        #expect(volume.geometry.spacing.x == 1 && volume.geometry.spacing.y == 1)
        #expect(volume.metadata.warnings.contains { $0.contains("Pixel Spacing (0028,0030) is 0\\0") })
    }
}
