import Testing
@testable import VolumeKit

/// Tiny streams written out by hand from the standards, for what the sample files lack.
@Suite struct CodecHandMadeStreamTests {
    static func description(rows: Int, columns: Int, bits: Int, uid: String) -> FrameDescription {
        FrameDescription(rows: rows, columns: columns, samplesPerPixel: 1, bitsAllocated: bits, bitsStored: bits,
                         pixelRepresentation: 0, planarConfiguration: 0, photometric: "MONOCHROME2", transferSyntaxUID: uid)
    }

    // A 4 × 2, 8-bit lossless JPEG (predictor 1) with a restart interval of one row. Huffman
    // table: "0" → category 0, "10" → category 2. Row 1: 128+3, +0, +0, −2; after RST0 the
    // prediction starts again from 128 (T.81 H.1.2.1): +2, +0, +0, +3.
    static let header: [UInt8] = [
        0xFF, 0xD8,
        0xFF, 0xC4, 0x00, 0x15, 0x00, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x02,
        0xFF, 0xDD, 0x00, 0x04, 0x00, 0x04,
        0xFF, 0xC3, 0x00, 0x0B, 8, 0x00, 0x02, 0x00, 0x04, 1, 1, 0x11, 0,
        0xFF, 0xDA, 0x00, 0x08, 1, 1, 0x00, 1, 0, 0x00,
    ]
    static let firstRow: [UInt8] = [0xB2, 0x7F]
    static let secondRow: [UInt8] = [0xA2, 0xFF, 0x00]  // 0xFF stuffed with 0x00
    static let lossless = description(rows: 2, columns: 4, bits: 8, uid: "1.2.840.10008.1.2.4.57")

    @Test func losslessJPEGRestartsItsPredictionAfterARestartMarker() throws {
        let stream = Self.header + Self.firstRow + [0xFF, 0xD0] + Self.secondRow + [0xFF, 0xD9]
        let frame = try decode(stream, Self.lossless)
        #expect(frame.bytes == [131, 131, 131, 129, 130, 130, 130, 133])
    }

    @Test func aMissingRestartMarkerIsReported() {
        let stream = Self.header + Self.firstRow + Self.secondRow + [0xFF, 0xD9]
        let error = catchError { try decode(stream, Self.lossless) }
        #expect(error == .corrupt(codec: "JPEG Lossless", detail: "scan 1: the restart marker expected at row 2, column 1 is missing"))
    }

    @Test func losslessJPEGWithAnUndefinedHuffmanTableIsReported() {
        var stream = Self.header + Self.firstRow + [0xFF, 0xD0] + Self.secondRow + [0xFF, 0xD9]
        stream[stream.count - 13] = 0x10  // the scan asks for DC table 1
        #expect(catchError { try decode(stream, Self.lossless) }
            == .corrupt(codec: "JPEG Lossless", detail: "scan 1 uses Huffman table 1, which the stream never defines"))
    }

    @Test func anOverfullHuffmanTableIsReported() {
        // Three codes of length 1 cannot exist (found by the damaged-copies test).
        let table: [UInt8] = [0xFF, 0xC4, 0x00, 0x16, 0x00, 3] + [UInt8](repeating: 0, count: 15) + [0, 1, 2]
        let stream = [0xFF, 0xD8] + table + Self.header.dropFirst(25) + Self.firstRow + [0xFF, 0xD9]
        #expect(catchError { try decode(stream, Self.lossless) }
            == .corrupt(codec: "JPEG Lossless", detail: "a Huffman table has more codes of length 1 than fit in 1 bits"))
    }

    @Test func losslessJPEGWithOneScanPerComponent() throws {
        // A 2 × 1 RGB image whose components are coded in three separate scans (predictor 1):
        // R 128+3, +0 · G +0, +0 · B −2, +2.
        let table: [UInt8] = [0xFF, 0xC4, 0x00, 0x15, 0x00, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x02]
        let frameHeader: [UInt8] = [0xFF, 0xC3, 0x00, 0x11, 8, 0x00, 0x01, 0x00, 0x02, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]
        func scan(_ component: UInt8, _ data: [UInt8]) -> [UInt8] { [0xFF, 0xDA, 0x00, 0x08, 1, component, 0x00, 1, 0, 0x00] + data }
        let stream = [0xFF, 0xD8] + table + frameHeader + scan(1, [0xB7]) + scan(2, [0x3F]) + scan(3, [0x9A]) + [0xFF, 0xD9]
        var rgb = Self.lossless
        rgb.rows = 1
        rgb.columns = 2
        rgb.samplesPerPixel = 3
        rgb.photometric = "RGB"
        let frame = try decode(stream, rgb)
        #expect(frame.bytes == [131, 128, 126, 131, 128, 128])
    }

    static func rleHeader(_ offsets: [UInt32]) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 64)
        let fields = [UInt32(offsets.count)] + offsets
        for (i, value) in fields.enumerated() {
            for k in 0..<4 { bytes[4 * i + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(k))) }
        }
        return bytes
    }

    @Test func rleLiteralAndRepeatRuns() throws {
        // 3 literal bytes (header 2), then 0x07 three times (header −2 = 0xFE), then a no-op (−128).
        let frame = Self.rleHeader([64]) + [0x02, 10, 11, 12, 0xFE, 7, 0x80]
        let decoded = try decode(frame, Self.description(rows: 2, columns: 3, bits: 8, uid: "1.2.840.10008.1.2.5"))
        #expect(decoded.bytes == [10, 11, 12, 7, 7, 7])
    }

    @Test func rleSixteenBitSegmentsAreMostSignificantByteFirst() throws {
        // Pixels 0x0102 and 0x0304: segment 1 holds the high bytes, segment 2 the low bytes.
        let frame = Self.rleHeader([64, 67]) + [0x01, 0x01, 0x03] + [0x01, 0x02, 0x04]
        let decoded = try decode(frame, Self.description(rows: 1, columns: 2, bits: 16, uid: "1.2.840.10008.1.2.5"))
        #expect(decoded.bytes == [0x02, 0x01, 0x04, 0x03])
    }

    @Test func rleWithTheWrongNumberOfSegmentsIsReported() {
        let frame = Self.rleHeader([64]) + [0x01, 0x01, 0x03]
        #expect(catchError { try decode(frame, Self.description(rows: 1, columns: 2, bits: 16, uid: "1.2.840.10008.1.2.5")) }
            == .corrupt(codec: "RLE Lossless", detail: "the header lists 1 segments, but 1 samples of 16 bits need 2"))
    }

    @Test func rleSegmentOffsetsOutsideTheFrameAreReported() {
        let frame = Self.rleHeader([64, 500]) + [0x01, 0x01, 0x03]
        #expect(catchError { try decode(frame, Self.description(rows: 1, columns: 2, bits: 16, uid: "1.2.840.10008.1.2.5")) }
            == .corrupt(codec: "RLE Lossless", detail: "segment 2 starts at byte 500, outside the frame of 67 bytes or before the previous segment ends"))
    }

    @Test func everyCompressedTransferSyntaxOfTheIssueHasADecoder() {
        let uids = ["1.2.840.10008.1.2.5", "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57",
                    "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81", "1.2.840.10008.1.2.4.90",
                    "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203"]
        #expect(FrameDecoders.supportedTransferSyntaxes.map(\.uid).sorted() == uids.sorted())
        #expect(FrameDecoders.decoder(for: "1.2.840.10008.1.2.4.100") == nil)  // MPEG-2: not an image codec here
    }
}
