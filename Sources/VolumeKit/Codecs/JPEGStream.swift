/// The marker segments of one JPEG interchange stream (ITU-T T.81 Annex B), read without
/// decoding any entropy-coded data: the frame header, Huffman tables, restart interval and
/// each scan with the byte range of its entropy-coded segment.
struct JPEGStream {
    struct Component {
        var id: Int
        var horizontal: Int
        var vertical: Int
        var quantizationTable: Int
    }

    struct Frame {
        /// The SOF marker's low nibble: 0 baseline, 1 extended, 2 progressive, 3 lossless, …
        var process: Int
        var precision: Int
        var rows: Int
        var columns: Int
        var components: [Component]
    }

    struct ScanComponent {
        /// Index into `Frame.components`.
        var index: Int
        var dcTable: Int
        var acTable: Int
    }

    struct Scan {
        var components: [ScanComponent]
        /// Predictor selection value in lossless mode, spectral start otherwise.
        var spectralStart: Int
        var spectralEnd: Int
        var approximationHigh: Int
        /// Point transform in lossless mode.
        var approximationLow: Int
        /// The entropy-coded data, restart markers included.
        var data: Range<Int>
        /// Huffman tables, quantization tables (64 values in zigzag order) and restart interval
        /// in force for this scan.
        var dcTables: [HuffmanTable?]
        var acTables: [HuffmanTable?]
        var quantizationTables: [[Int32]?]
        var restartInterval: Int
    }

    var frame: Frame
    var scans: [Scan]

    /// Reads every marker segment; `codec` names the transfer syntax in errors.
    init(_ bytes: UnsafeRawBufferPointer, codec: String) throws(CodecError) {
        func corrupt(_ detail: String) -> CodecError { .corrupt(codec: codec, detail: detail) }
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else {
            throw corrupt("the frame does not start with a JPEG start-of-image marker (FFD8)")
        }
        var frame: Frame?
        var scans: [Scan] = []
        var dcTables = [HuffmanTable?](repeating: nil, count: 4)
        var acTables = [HuffmanTable?](repeating: nil, count: 4)
        var quantizationTables = [[Int32]?](repeating: nil, count: 4)
        var restartInterval = 0
        var position = 2
        while true {
            // Fill bytes (FF FF …) may precede a marker.
            guard position + 1 < bytes.count else {
                if frame != nil, !scans.isEmpty { break }  // end-of-image marker missing: tolerated
                throw corrupt("the stream ends at byte \(position) before any image data")
            }
            guard bytes[position] == 0xFF else {
                throw corrupt(String(format: "expected a marker at byte %d, found %02X", position, bytes[position]))
            }
            let marker = Int(bytes[position + 1])
            position += 2
            if marker == 0xFF { position -= 1; continue }
            if marker == 0xD9 { break }
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { continue }
            guard position + 2 <= bytes.count else { throw corrupt(String(format: "marker FF%02X at byte %d is cut short", marker, position - 2)) }
            let length = bytes.bigEndianUInt16(at: position)
            guard length >= 2, position + length <= bytes.count else {
                throw corrupt(String(format: "marker segment FF%02X at byte %d claims %d bytes, beyond the end of the frame", marker, position - 2, length))
            }
            let segment = UnsafeRawBufferPointer(rebasing: bytes[(position + 2)..<(position + length)])
            position += length
            switch marker {
            case 0xC0...0xCF where marker != 0xC4 && marker != 0xC8 && marker != 0xCC:
                guard frame == nil else { throw corrupt("the stream has more than one frame header (hierarchical JPEG is not used by DICOM)") }
                frame = try Self.readFrame(segment, process: marker - 0xC0, corrupt: corrupt)
            case 0xC4:
                try Self.readHuffmanTables(segment, dc: &dcTables, ac: &acTables, corrupt: corrupt)
            case 0xDB:
                try Self.readQuantizationTables(segment, into: &quantizationTables, corrupt: corrupt)
            case 0xDD:
                guard segment.count >= 2 else { throw corrupt("the restart interval segment is too short") }
                restartInterval = segment.bigEndianUInt16(at: 0)
            case 0xDA:
                guard let frame else { throw corrupt("a scan starts before the frame header") }
                var scan = try Self.readScanHeader(segment, frame: frame, corrupt: corrupt)
                let end = Self.endOfEntropyData(bytes, from: position)
                scan.data = position..<end
                scan.dcTables = dcTables
                scan.acTables = acTables
                scan.quantizationTables = quantizationTables
                scan.restartInterval = restartInterval
                scans.append(scan)
                position = end
            default:
                break  // APPn, COM, DNL, …
            }
        }
        guard let frame else { throw corrupt("the stream has no frame header (SOF marker)") }
        guard !scans.isEmpty else { throw corrupt("the stream has no scan (SOS marker)") }
        self.frame = frame
        self.scans = scans
    }

    private static func readFrame(_ s: UnsafeRawBufferPointer, process: Int, corrupt: (String) -> CodecError) throws(CodecError) -> Frame {
        guard s.count >= 6 else { throw corrupt("the frame header is too short") }
        let count = Int(s[5])
        guard count >= 1, s.count >= 6 + 3 * count else { throw corrupt("the frame header lists \(count) components but is \(s.count + 2) bytes long") }
        let components = (0..<count).map { i in
            Component(id: Int(s[6 + 3 * i]), horizontal: Int(s[7 + 3 * i] >> 4), vertical: Int(s[7 + 3 * i] & 15),
                      quantizationTable: Int(s[8 + 3 * i]))
        }
        return Frame(process: process, precision: Int(s[0]), rows: s.bigEndianUInt16(at: 1),
                     columns: s.bigEndianUInt16(at: 3), components: components)
    }

    private static func readHuffmanTables(_ s: UnsafeRawBufferPointer, dc: inout [HuffmanTable?], ac: inout [HuffmanTable?],
                                          corrupt: (String) -> CodecError) throws(CodecError) {
        var position = 0
        while position < s.count {
            guard position + 17 <= s.count else { throw corrupt("a Huffman table definition is cut short") }
            let kind = Int(s[position] >> 4), slot = Int(s[position] & 15)
            guard kind <= 1, slot <= 3 else { throw corrupt("a Huffman table has class \(kind) and number \(slot); JPEG allows class 0–1 and number 0–3") }
            let counts = (0..<16).map { Int(s[position + 1 + $0]) }
            let total = counts.reduce(0, +)
            guard position + 17 + total <= s.count else { throw corrupt("a Huffman table lists \(total) codes but the segment ends first") }
            let symbols = (0..<total).map { s[position + 17 + $0] }
            let table = try HuffmanTable(counts: counts, symbols: symbols, corrupt: corrupt)
            if kind == 0 { dc[slot] = table } else { ac[slot] = table }
            position += 17 + total
        }
    }

    private static func readQuantizationTables(_ s: UnsafeRawBufferPointer, into tables: inout [[Int32]?],
                                               corrupt: (String) -> CodecError) throws(CodecError) {
        var position = 0
        while position < s.count {
            let wide = s[position] >> 4 != 0, slot = Int(s[position] & 15)
            let size = wide ? 128 : 64
            guard slot <= 3, position + 1 + size <= s.count else { throw corrupt("a quantization table definition is cut short or numbered above 3") }
            tables[slot] = (0..<64).map { k in
                Int32(wide ? s.bigEndianUInt16(at: position + 1 + 2 * k) : Int(s[position + 1 + k]))
            }
            position += 1 + size
        }
    }

    private static func readScanHeader(_ s: UnsafeRawBufferPointer, frame: Frame, corrupt: (String) -> CodecError) throws(CodecError) -> Scan {
        guard s.count >= 1 else { throw corrupt("the scan header is empty") }
        let count = Int(s[0])
        guard count >= 1, count <= 4, s.count >= 4 + 2 * count else { throw corrupt("the scan header lists \(count) components but is \(s.count + 2) bytes long") }
        var components: [ScanComponent] = []
        for i in 0..<count {
            let id = Int(s[1 + 2 * i])
            guard let index = frame.components.firstIndex(where: { $0.id == id }) else {
                throw corrupt("the scan names component \(id), which the frame header does not have")
            }
            components.append(ScanComponent(index: index, dcTable: Int(s[2 + 2 * i] >> 4), acTable: Int(s[2 + 2 * i] & 15)))
        }
        let tail = 1 + 2 * count
        return Scan(components: components, spectralStart: Int(s[tail]), spectralEnd: Int(s[tail + 1]),
                    approximationHigh: Int(s[tail + 2] >> 4), approximationLow: Int(s[tail + 2] & 15),
                    data: 0..<0, dcTables: [], acTables: [], quantizationTables: [], restartInterval: 0)
    }

    /// The first marker after `start` that is neither a stuffed FF00 nor a restart marker.
    private static func endOfEntropyData(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        var i = start
        let count = bytes.count
        while i + 1 < count {
            if bytes[i] == 0xFF {
                let next = bytes[i + 1]
                if next == 0x00 || next == 0xFF || (0xD0...0xD7).contains(next) { i += next == 0xFF ? 1 : 2; continue }
                return i
            }
            i += 1
        }
        return count
    }
}
