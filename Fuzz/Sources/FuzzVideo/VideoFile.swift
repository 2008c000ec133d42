/// A DICOM file (explicit VR little endian meta, then the transfer syntax of the codec) around
/// a fuzzed elementary stream, as scripts/expected/video.py wraps the real ones: encapsulated
/// pixel data, an empty Basic Offset Table, the stream cut into 1–3 fragments.
struct VideoFile {
    /// Transfer syntax, samples per pixel, bits allocated, bits stored.
    static let variants: [(syntax: String, samples: Int, allocated: Int, stored: Int)] = [
        ("1.2.840.10008.1.2.4.100", 3, 8, 8),   // MPEG-2 MP@ML
        ("1.2.840.10008.1.2.4.102", 3, 8, 8),   // H.264 High Profile 4.1
        ("1.2.840.10008.1.2.4.104", 1, 8, 8),   // H.264, grey
        ("1.2.840.10008.1.2.4.107", 3, 8, 8),   // HEVC Main
        ("1.2.840.10008.1.2.4.108", 3, 16, 10), // HEVC Main 10
        ("1.2.840.10008.1.2.4.108", 1, 16, 10), // HEVC Main 10, grey
    ]
    static let headerSize = 7

    let dicom: [UInt8]
    let seed: UInt8

    init(_ input: UnsafeRawBufferPointer) {
        func u16(_ i: Int) -> Int { Int(input[i]) | Int(input[i + 1]) << 8 }
        let variant = Self.variants[Int(input[0] % 8)]
        let columns = u16(1) % 1024 + 1, rows = u16(3) % 1024 + 1
        let frames = Int(input[5]) % 64 + 1
        let pieces = Int(input[6]) % 3 + 1
        seed = input[6]
        let stream = Array(input[Self.headerSize...])

        var meta = Writer()
        meta.element(0x0002, 0x0001, "OB", [0, 1])
        meta.text(0x0002, 0x0002, "UI", "1.2.840.10008.5.1.4.1.1.3.1")
        meta.text(0x0002, 0x0003, "UI", "1.2.826.0.1.3680043.8.498.1")
        meta.text(0x0002, 0x0010, "UI", variant.syntax)
        var body = Writer()
        body.text(0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.3.1")
        body.text(0x0008, 0x0018, "UI", "1.2.826.0.1.3680043.8.498.1")
        body.text(0x0008, 0x0060, "CS", "US")
        body.text(0x0020, 0x000D, "UI", "1.2.826.0.1.3680043.8.498.2")
        body.text(0x0020, 0x000E, "UI", "1.2.826.0.1.3680043.8.498.3")
        body.short(0x0028, 0x0002, variant.samples)
        body.text(0x0028, 0x0004, "CS", variant.samples == 3 ? "YBR_PARTIAL_420" : "MONOCHROME2")
        if variant.samples == 3 { body.short(0x0028, 0x0006, 0) }
        body.text(0x0028, 0x0008, "IS", String(frames))
        body.short(0x0028, 0x0010, rows)
        body.short(0x0028, 0x0011, columns)
        body.short(0x0028, 0x0100, variant.allocated)
        body.short(0x0028, 0x0101, variant.stored)
        body.short(0x0028, 0x0102, variant.stored - 1)
        body.short(0x0028, 0x0103, 0)
        body.tag(0x7FE0, 0x0010)
        body.bytes += Array("OB".utf8) + [0, 0] + [0xFF, 0xFF, 0xFF, 0xFF]
        body.item([])
        let size = (stream.count + pieces - 1) / pieces
        for piece in 0..<pieces {
            let part = Array(stream[min(stream.count, piece * size)..<min(stream.count, (piece + 1) * size)])
            // Fragments have even lengths (PS3.5 A.4); the last is padded.
            if !part.isEmpty { body.item(part.count % 2 == 0 ? part : part + [0]) }
        }
        body.tag(0xFFFE, 0xE0DD)
        body.u32(0)

        var file = Writer()
        file.bytes = [UInt8](repeating: 0, count: 128) + Array("DICM".utf8)
        file.tag(0x0002, 0x0000)
        file.bytes += Array("UL".utf8)
        file.u16(4)
        file.u32(meta.bytes.count)
        dicom = file.bytes + meta.bytes + body.bytes
    }
}

private struct Writer {
    var bytes: [UInt8] = []

    mutating func u16(_ value: Int) { bytes += [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
    mutating func u32(_ value: Int) { u16(value & 0xFFFF); u16(value >> 16 & 0xFFFF) }
    mutating func tag(_ group: Int, _ element: Int) { u16(group); u16(element) }

    mutating func element(_ group: Int, _ element: Int, _ vr: String, _ value: [UInt8]) {
        tag(group, element)
        bytes += Array(vr.utf8)
        if vr == "OB" { u16(0); u32(value.count) } else { u16(value.count) }
        bytes += value
    }

    /// A text value, padded to even length (NUL for UIDs, space otherwise).
    mutating func text(_ group: Int, _ element: Int, _ vr: String, _ value: String) {
        var encoded = Array(value.utf8)
        if encoded.count % 2 == 1 { encoded.append(vr == "UI" ? 0 : 0x20) }
        self.element(group, element, vr, encoded)
    }

    mutating func short(_ group: Int, _ element: Int, _ value: Int) {
        self.element(group, element, "US", [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)])
    }

    mutating func item(_ value: [UInt8]) {
        tag(0xFFFE, 0xE000)
        u32(value.count)
        bytes += value
    }
}
