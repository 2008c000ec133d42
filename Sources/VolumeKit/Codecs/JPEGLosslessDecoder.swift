/// JPEG Lossless, Non-Hierarchical (Process 14), both transfer syntaxes (1.2.840.10008.1.2.4.57
/// any predictor, .70 Selection Value 1), in Swift: the libjpeg-turbo 2.1 on Debian cannot
/// decode lossless JPEG.
///
/// Handles precisions 2–16, all seven predictors, the point transform, restart intervals,
/// and one or more components, interleaved in one scan or each in its own scan.
struct JPEGLosslessDecoder: FrameDecoder {
    var name: String { "JPEG Lossless" }

    func decode(_ frame: UnsafeRawBufferPointer, _ description: FrameDescription) throws(CodecError) -> DecodedFrame {
        let layout = try FrameLayout(description, codec: name)
        let stream = try JPEGStream(frame, codec: name)
        let header = stream.frame
        guard header.process == 3 else {
            // Some archives label DCT-coded frames with a lossless transfer syntax.
            if [0, 1, 2, 9, 10].contains(header.process) { return try LibJPEGDecoder().decode(frame, description) }
            throw .unsupported(codec: name, detail: "the frame uses JPEG process SOF\(header.process), not lossless (SOF3)")
        }
        guard (2...16).contains(header.precision) else {
            throw .corrupt(codec: name, detail: "the frame header gives a precision of \(header.precision) bits; lossless JPEG allows 2–16")
        }
        guard header.precision <= layout.bytesPerSample * 8 else {
            throw .corrupt(codec: name, detail: "\(header.precision)-bit samples do not fit Bits Allocated \(description.bitsAllocated)")
        }
        try layout.expect(columns: header.columns, rows: header.rows, components: header.components.count, codec: name)
        guard header.components.allSatisfy({ $0.horizontal == 1 && $0.vertical == 1 }) else {
            throw .unsupported(codec: name, detail: "lossless JPEG with subsampled components")
        }

        var values = [Int32](repeating: 0, count: layout.sampleCount)
        var pointTransform = [Int](repeating: 0, count: layout.samplesPerPixel)
        var decoded = [Bool](repeating: false, count: layout.samplesPerPixel)
        for (number, scan) in stream.scans.enumerated() {
            try values.withUnsafeMutableBufferPointer { (output) throws(CodecError) in
                try decodeScan(scan, number: number + 1, precision: header.precision, layout: layout, frame: frame, into: output)
            }
            for component in scan.components {
                pointTransform[component.index] = scan.approximationLow
                decoded[component.index] = true
            }
        }
        if let missing = decoded.firstIndex(of: false) {
            throw .corrupt(codec: name, detail: "component \(missing + 1) of \(layout.samplesPerPixel) is in no scan")
        }
        return DecodedFrame(bytes: pack(values, layout: layout, pointTransform: pointTransform), photometric: description.photometric)
    }

    private func decodeScan(_ scan: JPEGStream.Scan, number: Int, precision: Int, layout: FrameLayout,
                            frame: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<Int32>) throws(CodecError) {
        let predictor = scan.spectralStart
        guard (1...7).contains(predictor) else {
            throw .corrupt(codec: name, detail: "scan \(number) selects predictor \(predictor); lossless JPEG has predictors 1–7")
        }
        let pointTransform = scan.approximationLow
        guard pointTransform < precision else {
            throw .corrupt(codec: name, detail: "scan \(number) has a point transform of \(pointTransform) bits for \(precision)-bit samples")
        }
        var tables: [HuffmanTable] = []
        for component in scan.components {
            guard component.dcTable < 4, let table = scan.dcTables[component.dcTable] else {
                throw .corrupt(codec: name, detail: "scan \(number) uses Huffman table \(component.dcTable), which the stream never defines")
            }
            tables.append(table)
        }
        let offsets = scan.components.map(\.index)
        let stride = layout.samplesPerPixel
        let columns = layout.columns
        let initial = Int32(1 << (precision - pointTransform - 1))
        let interval = scan.restartInterval
        var reader = JPEGBitReader(frame, range: scan.data)
        if interval == 0, offsets.count == 1 {
            return try decodeSingleComponent(&reader, table: tables[0], predictor: predictor, initial: initial,
                                             number: number, layout: layout, offset: offsets[0], into: output)
        }
        var resetRow = 0, resetColumn = 0
        var unitsLeft = interval

        for y in 0..<layout.rows {
            for x in 0..<columns {
                if interval > 0 {
                    if unitsLeft == 0 {
                        guard reader.restart() else {
                            throw .corrupt(codec: name, detail: "scan \(number): the restart marker expected at row \(y + 1), column \(x + 1) is missing")
                        }
                        unitsLeft = interval
                        resetRow = y
                        resetColumn = x
                    }
                    unitsLeft -= 1
                }
                let pixel = (y * columns + x) * stride
                for (k, offset) in offsets.enumerated() {
                    let here = pixel + offset
                    let prediction: Int32
                    if y == resetRow && x >= resetColumn {
                        prediction = x == resetColumn ? initial : output[here - stride]
                    } else if x == 0 {
                        prediction = output[here - columns * stride]
                    } else {
                        let a = output[here - stride], b = output[here - columns * stride]
                        let c = output[here - columns * stride - stride]
                        switch predictor {
                        case 1: prediction = a
                        case 2: prediction = b
                        case 3: prediction = c
                        case 4: prediction = a + b - c
                        case 5: prediction = a + ((b - c) >> 1)
                        case 6: prediction = b + ((a - c) >> 1)
                        default: prediction = (a + b) >> 1
                        }
                    }
                    guard let category = reader.symbol(tables[k]), category <= 16 else {
                        throw .corrupt(codec: name, detail: "scan \(number): an invalid Huffman code at row \(y + 1), column \(x + 1)")
                    }
                    let difference: Int
                    switch category {
                    case 0: difference = 0
                    case 16: difference = 32768
                    default: difference = jpegExtend(reader.bits(category), category)
                    }
                    output[here] = (prediction + Int32(difference)) & 0xFFFF
                }
            }
            if reader.overran {
                throw .corrupt(codec: name, detail: "scan \(number): the compressed data ends at row \(y + 1) of \(layout.rows)")
            }
        }
    }

    /// The common case (one component in the scan, no restart intervals) with the predictor
    /// chosen once per row instead of once per sample; twice as fast as the general loop.
    private func decodeSingleComponent(_ reader: inout JPEGBitReader, table: HuffmanTable, predictor: Int, initial: Int32,
                                       number: Int, layout: FrameLayout, offset: Int,
                                       into output: UnsafeMutableBufferPointer<Int32>) throws(CodecError) {
        let step = layout.samplesPerPixel
        let columns = layout.columns
        let rowStep = columns * step

        @inline(__always)
        func difference(_ y: Int, _ x: Int) throws(CodecError) -> Int32 {
            guard let category = reader.symbol(table), category <= 16 else {
                throw .corrupt(codec: name, detail: "scan \(number): an invalid Huffman code at row \(y + 1), column \(x + 1)")
            }
            switch category {
            case 0: return 0
            case 16: return 32768
            default: return Int32(jpegExtend(reader.bits(category), category))
            }
        }

        @inline(__always)
        func row(_ y: Int, _ predict: (_ a: Int32, _ b: Int32, _ c: Int32) -> Int32) throws(CodecError) {
            var here = y * rowStep + offset
            output[here] = (output[here - rowStep] + (try difference(y, 0))) & 0xFFFF
            for x in 1..<max(columns, 1) {
                here += step
                let prediction = predict(output[here - step], output[here - rowStep], output[here - rowStep - step])
                output[here] = (prediction + (try difference(y, x))) & 0xFFFF
            }
        }

        var here = offset
        output[here] = (initial + (try difference(0, 0))) & 0xFFFF
        for x in 1..<max(columns, 1) {
            here += step
            output[here] = (output[here - step] + (try difference(0, x))) & 0xFFFF
        }
        for y in 0..<layout.rows {
            if y > 0 {
                switch predictor {
                case 1: try row(y) { a, _, _ in a }
                case 2: try row(y) { _, b, _ in b }
                case 3: try row(y) { _, _, c in c }
                case 4: try row(y) { a, b, c in a + b - c }
                case 5: try row(y) { a, b, c in a + ((b - c) >> 1) }
                case 6: try row(y) { a, b, c in b + ((a - c) >> 1) }
                default: try row(y) { a, b, _ in (a + b) >> 1 }
                }
            }
            if reader.overran {
                throw .corrupt(codec: name, detail: "scan \(number): the compressed data ends at row \(y + 1) of \(layout.rows)")
            }
        }
    }

    private func pack(_ values: [Int32], layout: FrameLayout, pointTransform: [Int]) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: layout.byteCount)
        let spp = layout.samplesPerPixel
        bytes.withUnsafeMutableBytes { raw in
            switch layout.bytesPerSample {
            case 1:
                let out = raw.bindMemory(to: UInt8.self)
                for i in 0..<values.count { out[i] = UInt8(truncatingIfNeeded: values[i] << Int32(pointTransform[i % spp])) }
            case 2:
                let out = raw.bindMemory(to: UInt16.self)
                for i in 0..<values.count { out[i] = UInt16(truncatingIfNeeded: values[i] << Int32(pointTransform[i % spp])).littleEndian }
            default:
                let out = raw.bindMemory(to: UInt32.self)
                for i in 0..<values.count { out[i] = UInt32(truncatingIfNeeded: values[i] << Int32(pointTransform[i % spp])).littleEndian }
            }
        }
        return bytes
    }
}
