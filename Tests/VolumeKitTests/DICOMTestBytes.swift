import Foundation
@testable import VolumeKit

/// Builds DICOM byte streams by hand for parser tests: the exact bytes a writer would produce.
struct DICOMTestBytes {
    var explicitVR = true
    var bigEndian = false
    var bytes: [UInt8] = []

    static let undefined: UInt32 = 0xFFFF_FFFF

    mutating func u16(_ v: UInt16) { bytes += bigEndian ? [UInt8(v >> 8), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8)] }
    mutating func u32(_ v: UInt32) {
        let le = [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)]
        bytes += bigEndian ? le.reversed() : le
    }

    mutating func tag(_ group: UInt16, _ element: UInt16) { u16(group); u16(element) }

    /// A whole element; `length` overrides the value's length (for undefined or lying lengths).
    mutating func element(_ group: UInt16, _ element: UInt16, _ vr: String, _ value: [UInt8], length: UInt32? = nil) {
        tag(group, element)
        let long = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"].contains(vr)
        let n = length ?? UInt32(value.count)
        if explicitVR {
            bytes += Array(vr.utf8)
            if long { u16(0); u32(n) } else { u16(UInt16(truncatingIfNeeded: n)) }
        } else {
            u32(n)
        }
        bytes += value
    }

    mutating func text(_ group: UInt16, _ element: UInt16, _ vr: String, _ string: String) {
        var value = Array(string.utf8)
        if value.count % 2 == 1 { value.append(vr == "UI" ? 0 : 0x20) }
        self.element(group, element, vr, value)
    }

    mutating func latin1(_ group: UInt16, _ element: UInt16, _ vr: String, _ string: String) {
        var value = string.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        if value.count % 2 == 1 { value.append(0x20) }
        self.element(group, element, vr, value)
    }

    mutating func us(_ group: UInt16, _ element: UInt16, _ v: UInt16) {
        var value = DICOMTestBytes(explicitVR: explicitVR, bigEndian: bigEndian)
        value.u16(v)
        self.element(group, element, "US", value.bytes)
    }

    mutating func item(_ content: [UInt8], undefinedLength: Bool) {
        tag(0xFFFE, 0xE000)
        u32(undefinedLength ? Self.undefined : UInt32(content.count))
        bytes += content
        if undefinedLength { tag(0xFFFE, 0xE00D); u32(0) }
    }

    mutating func sequenceDelimiter() { tag(0xFFFE, 0xE0DD); u32(0) }

    /// A Part 10 file: preamble, "DICM", a file meta group in Explicit VR LE, then this dataset.
    func part10(transferSyntax: String, preamble: Bool = true) -> [UInt8] {
        var meta = DICOMTestBytes()
        meta.element(0x0002, 0x0001, "OB", [0, 1])
        meta.text(0x0002, 0x0010, "UI", transferSyntax)
        var head = DICOMTestBytes()
        var length = DICOMTestBytes()
        length.u32(UInt32(meta.bytes.count))
        head.element(0x0002, 0x0000, "UL", length.bytes)
        return (preamble ? [UInt8](repeating: 0, count: 128) : []) + Array("DICM".utf8) + head.bytes + meta.bytes + bytes
    }

    /// A minimal 16-bit greyscale image dataset of `columns` × `rows` (pixels 0, 1, 2, …).
    static func image(columns: Int, rows: Int, explicitVR: Bool = true, claimedRows: Int? = nil,
                      pixelBytes: Int? = nil) -> DICOMTestBytes {
        var d = DICOMTestBytes(explicitVR: explicitVR)
        d.text(0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.7")
        d.text(0x0008, 0x0060, "CS", "OT")
        d.us(0x0028, 0x0002, 1)
        d.text(0x0028, 0x0004, "CS", "MONOCHROME2")
        d.us(0x0028, 0x0010, UInt16(claimedRows ?? rows))
        d.us(0x0028, 0x0011, UInt16(columns))
        d.us(0x0028, 0x0100, 16)
        d.us(0x0028, 0x0101, 16)
        d.us(0x0028, 0x0103, 0)
        var pixels: [UInt8] = []
        for n in 0..<(columns * rows) { pixels += [UInt8(n & 0xFF), UInt8(truncatingIfNeeded: n >> 8)] }
        if let pixelBytes { pixels = Array(pixels.prefix(pixelBytes)) }
        d.element(0x7FE0, 0x0010, "OW", pixels)
        return d
    }

    /// Writes bytes to a fresh temporary file and returns its path.
    static func write(_ bytes: [UInt8], name: String = "test.dcm") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slicemark-dicom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }
}
