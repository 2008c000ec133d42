import Testing
@testable import VolumeKit

/// Encapsulated frames go through a decoder and land in the volume's layout: a stand-in codec
/// whose "compressed" frame is the native frame itself shows the plumbing around real codecs.
@Suite struct DICOMEncapsulatedReadingTests {
    struct CopyDecoder: FrameDecoder {
        var name = "copy"
        var photometric: String
        func decode(_ frame: UnsafeRawBufferPointer, _ description: FrameDescription) throws(CodecError) -> DecodedFrame {
            DecodedFrame(bytes: Array(frame), photometric: photometric)
        }
    }

    /// A 2 × 1 RGB (or YBR) two-frame image, frames as fragments after an empty offset table.
    func file(photometric: String, frames: [[UInt8]], oneFragment: Bool = false) -> [UInt8] {
        var d = DICOMTestBytes()
        d.us(0x0028, 0x0002, 3)
        d.text(0x0028, 0x0004, "CS", photometric)
        d.us(0x0028, 0x0006, 0)
        d.text(0x0028, 0x0008, "IS", "\(frames.count)")
        d.us(0x0028, 0x0010, 1)
        d.us(0x0028, 0x0011, 2)
        d.us(0x0028, 0x0100, 8)
        d.us(0x0028, 0x0101, 8)
        d.us(0x0028, 0x0103, 0)
        d.tag(0x7FE0, 0x0010); d.bytes += Array("OB".utf8); d.u16(0); d.u32(DICOMTestBytes.undefined)
        d.item([], undefinedLength: false)
        if oneFragment { d.item(frames.flatMap { $0 }, undefinedLength: false) } else { for f in frames { d.item(f, undefinedLength: false) } }
        d.sequenceDelimiter()
        return d.part10(transferSyntax: "1.2.840.10008.1.2.5")
    }

    func read(_ bytes: [UInt8], decoder: CopyDecoder) throws -> [[UInt8]] {
        let header = try DICOMHeader.parse(bytes: bytes, path: "enc.dcm")
        let layout = try DICOMPixelLayout(header.dataset, pixelTag: .pixelData, path: "enc.dcm")
        let reader = try DICOMPixelReader(header: header, layout: layout, decoders: { _ in decoder })
        return try (0..<layout.frames).map { n in
            var out = [UInt8](repeating: 0, count: layout.frameBytes)
            try out.withUnsafeMutableBytes { try reader.readFrame(n, into: $0.baseAddress!, output: .uint8, rescale: .identity) }
            return out
        }
    }

    @Test func framesArePlacedInOrder() throws {
        let frames: [[UInt8]] = [[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]]
        #expect(try read(file(photometric: "RGB", frames: frames), decoder: CopyDecoder(photometric: "RGB")) == frames)
    }

    @Test func decoderOutputStillInYBRIsConvertedToRGB() throws {
        // Y 128 with neutral chroma is mid grey; Y 76, Cb 85, Cr 255 is (near) pure red.
        let frames: [[UInt8]] = [[128, 128, 128, 76, 85, 255]]
        let rgb = try read(file(photometric: "YBR_FULL", frames: frames), decoder: CopyDecoder(photometric: "YBR_FULL"))
        #expect(Array(rgb[0][0..<3]) == [128, 128, 128])
        #expect(rgb[0][3] >= 250 && rgb[0][4] <= 2 && rgb[0][5] <= 2)
    }

    @Test func missingDecoderNamesTheSyntax() throws {
        let bytes = file(photometric: "RGB", frames: [[1, 2, 3, 4, 5, 6]])
        let header = try DICOMHeader.parse(bytes: bytes, path: "enc.dcm")
        let layout = try DICOMPixelLayout(header.dataset, pixelTag: .pixelData, path: "enc.dcm")
        #expect(throws: VolumeKitError.unsupported(path: "enc.dcm", detail: "pixel data compressed as RLE Lossless (1.2.840.10008.1.2.5) cannot be decoded by this build")) {
            _ = try DICOMPixelReader(header: header, layout: layout, decoders: { _ in nil })
        }
    }

    @Test func shortDecoderOutputIsAnError() throws {
        struct Short: FrameDecoder {
            var name = "short"
            func decode(_ frame: UnsafeRawBufferPointer, _ description: FrameDescription) throws(CodecError) -> DecodedFrame {
                DecodedFrame(bytes: [1], photometric: "RGB")
            }
        }
        let bytes = file(photometric: "RGB", frames: [[1, 2, 3, 4, 5, 6]])
        let header = try DICOMHeader.parse(bytes: bytes, path: "enc.dcm")
        let layout = try DICOMPixelLayout(header.dataset, pixelTag: .pixelData, path: "enc.dcm")
        let reader = try DICOMPixelReader(header: header, layout: layout, decoders: { _ in Short() })
        var out = [UInt8](repeating: 0, count: 6)
        #expect(throws: VolumeKitError.self) {
            try out.withUnsafeMutableBytes { try reader.readFrame(0, into: $0.baseAddress!, output: .uint8, rescale: .identity) }
        }
    }
}
