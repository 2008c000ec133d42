import Foundation

/// 12-bit JPEG Extended (1.2.840.10008.1.2.4.51, Process 4: sequential DCT, Huffman coding),
/// in Swift, because the libjpeg-turbo 2.1 on Debian is built for 8-bit samples only.
///
/// Components must not be subsampled (12-bit DICOM images are greyscale in practice). The
/// inverse DCT is computed in double precision and rounded, so values can differ by a unit or
/// two from an integer IDCT such as the one in pylibjpeg's libjpeg; that is the usual spread
/// between conforming JPEG decoders (ITU-T T.83 allows a tolerance).
struct JPEGExtended12BitDecoder: FrameDecoder {
    var name: String { "JPEG Extended (12-bit)" }

    func decode(_ frame: UnsafeRawBufferPointer, _ description: FrameDescription) throws(CodecError) -> DecodedFrame {
        let layout = try FrameLayout(description, codec: name)
        let stream = try JPEGStream(frame, codec: name)
        let header = stream.frame
        guard header.process <= 1, header.precision == 12 else {
            throw .unsupported(codec: name, detail: "this decoder handles sequential 12-bit DCT only (the frame is SOF\(header.process), \(header.precision)-bit)")
        }
        guard layout.bytesPerSample >= 2 else {
            throw .corrupt(codec: name, detail: "12-bit samples do not fit Bits Allocated \(description.bitsAllocated)")
        }
        try layout.expect(columns: header.columns, rows: header.rows, components: header.components.count, codec: name)
        guard header.components.allSatisfy({ $0.horizontal == 1 && $0.vertical == 1 }) else {
            throw .unsupported(codec: name, detail: "12-bit JPEG with subsampled components")
        }

        var bytes = [UInt8](repeating: 0, count: layout.byteCount)
        var decoded = [Bool](repeating: false, count: layout.samplesPerPixel)
        for (number, scan) in stream.scans.enumerated() {
            try bytes.withUnsafeMutableBufferPointer { (output) throws(CodecError) in
                try decodeScan(scan, number: number + 1, header: header, layout: layout, frame: frame,
                               into: UnsafeMutableRawBufferPointer(output))
            }
            for component in scan.components { decoded[component.index] = true }
        }
        if let missing = decoded.firstIndex(of: false) {
            throw .corrupt(codec: name, detail: "component \(missing + 1) of \(layout.samplesPerPixel) is in no scan")
        }
        return DecodedFrame(bytes: bytes, photometric: description.photometric)
    }

    private func decodeScan(_ scan: JPEGStream.Scan, number: Int, header: JPEGStream.Frame, layout: FrameLayout,
                            frame: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(CodecError) {
        // A sequential scan must say spectral selection 0–63, but some writers leave 0–0
        // (pydicom's JPEG-lossy.dcm); like IJG libjpeg (dcmtk, GDCM), the values are ignored.
        var dcTables: [HuffmanTable] = [], acTables: [HuffmanTable] = [], quantization: [[Int32]] = []
        for component in scan.components {
            guard component.dcTable < 4, component.acTable < 4,
                  let dc = scan.dcTables[component.dcTable], let ac = scan.acTables[component.acTable] else {
                throw .corrupt(codec: name, detail: "scan \(number) uses a Huffman table the stream never defines")
            }
            let slot = header.components[component.index].quantizationTable
            guard slot < 4, let table = scan.quantizationTables[slot] else {
                throw .corrupt(codec: name, detail: "component \(component.index + 1) uses quantization table \(slot), which the stream never defines")
            }
            dcTables.append(dc)
            acTables.append(ac)
            quantization.append(table)
        }
        let blocksAcross = (layout.columns + 7) / 8, blocksDown = (layout.rows + 7) / 8
        let spp = layout.samplesPerPixel
        var reader = JPEGBitReader(frame, range: scan.data)
        var predictions = [Int](repeating: 0, count: scan.components.count)
        var unitsLeft = scan.restartInterval
        var coefficients = [Double](repeating: 0, count: 64)
        var samples = [Double](repeating: 0, count: 64)
        var scratch = [Double](repeating: 0, count: 64)

        for blockRow in 0..<blocksDown {
            for blockColumn in 0..<blocksAcross {
                if scan.restartInterval > 0 {
                    if unitsLeft == 0 {
                        guard reader.restart() else {
                            throw .corrupt(codec: name, detail: "scan \(number): a restart marker is missing at block row \(blockRow + 1)")
                        }
                        unitsLeft = scan.restartInterval
                        for k in predictions.indices { predictions[k] = 0 }
                    }
                    unitsLeft -= 1
                }
                for (k, component) in scan.components.enumerated() {
                    for i in 0..<64 { coefficients[i] = 0 }
                    guard let dcCategory = reader.symbol(dcTables[k]), dcCategory <= 15 else {
                        throw .corrupt(codec: name, detail: "scan \(number): an invalid Huffman code at block row \(blockRow + 1)")
                    }
                    if dcCategory > 0 { predictions[k] += jpegExtend(reader.bits(dcCategory), dcCategory) }
                    coefficients[0] = Double(predictions[k] * Int(quantization[k][0]))
                    var index = 1
                    while index < 64 {
                        guard let symbol = reader.symbol(acTables[k]) else {
                            throw .corrupt(codec: name, detail: "scan \(number): an invalid Huffman code at block row \(blockRow + 1)")
                        }
                        let run = symbol >> 4, size = symbol & 15
                        if size == 0 {
                            if run != 15 { break }
                            index += 16
                            continue
                        }
                        index += run
                        guard index < 64 else { throw .corrupt(codec: name, detail: "scan \(number): a block has more than 64 coefficients") }
                        coefficients[Self.zigzag[index]] = Double(jpegExtend(reader.bits(size), size) * Int(quantization[k][index]))
                        index += 1
                    }
                    Self.inverseDCT(coefficients, into: &samples, scratch: &scratch)
                    for y in 0..<8 {
                        let row = blockRow * 8 + y
                        guard row < layout.rows else { break }
                        for x in 0..<8 {
                            let column = blockColumn * 8 + x
                            guard column < layout.columns else { break }
                            let value = min(max(Int(samples[y * 8 + x].rounded()) + 2048, 0), 4095)
                            SampleConversion.store(UInt32(value), at: (row * layout.columns + column) * spp + component.index,
                                                   in: output, bytes: layout.bytesPerSample)
                        }
                    }
                }
            }
            if reader.overran {
                throw .corrupt(codec: name, detail: "scan \(number): the compressed data ends at block row \(blockRow + 1) of \(blocksDown)")
            }
        }
    }

    /// Natural (row-major) position of each zigzag index.
    static let zigzag: [Int] = [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
        28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
        54, 47, 55, 62, 63,
    ]

    /// cosines[x * 8 + u] = C(u) / 2 · cos((2x + 1) u π / 16), with C(0) = 1/√2 and 1 otherwise.
    private static let cosines: [Double] = (0..<64).map { i in
        let x = Double(i / 8), u = Double(i % 8)
        return (u == 0 ? 1 / 2.0.squareRoot() : 1) / 2 * cos((2 * x + 1) * u * Double.pi / 16)
    }

    /// T.81 A.3.3 inverse DCT of one block, rows then columns.
    private static func inverseDCT(_ f: [Double], into out: inout [Double], scratch temporary: inout [Double]) {
        for v in 0..<8 {
            for x in 0..<8 {
                var sum = 0.0
                for u in 0..<8 { sum += cosines[x * 8 + u] * f[v * 8 + u] }
                temporary[v * 8 + x] = sum
            }
        }
        for y in 0..<8 {
            for x in 0..<8 {
                var sum = 0.0
                for v in 0..<8 { sum += cosines[y * 8 + v] * temporary[v * 8 + x] }
                out[y * 8 + x] = sum
            }
        }
    }
}
