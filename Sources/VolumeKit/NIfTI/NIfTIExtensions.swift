/// NIfTI header extensions: the blocks between the header and the voxels (or after the header
/// of a `.hdr`), each `esize` bytes long (8 of them `esize` and `ecode`, then the content).
struct NIfTIExtension: Sendable, Equatable {
    var code: Int
    /// Bytes on disk, `esize`.
    var size: Int
    /// The start of the content (up to `previewLimit` bytes).
    var preview: [UInt8]

    static let previewLimit = 4096

    static let codeNames: [Int: String] = [
        0: "ignore", 2: "DICOM", 4: "AFNI", 6: "comment", 8: "XCEDE", 10: "Jim's dimension info",
        12: "workflow forwards", 14: "FreeSurfer", 16: "Python pickle", 18: "MiND ident", 20: "b-value",
        22: "spherical direction", 24: "DT component", 26: "SHC degree order", 28: "VoxBo", 30: "Caret",
        32: "CIFTI", 34: "variable frame timing", 38: "eval", 40: "MATLAB", 42: "Quantiphyse", 44: "MRS",
    ]

    var name: String { Self.codeNames[code] ?? "unknown" }

    /// The content as text when it is text (comments, XML, JSON), else nil.
    var text: String? {
        var bytes = preview[...]
        while let last = bytes.last, last == 0 || last == 0x20 || last == 0x0a { bytes = bytes.dropLast() }
        guard !bytes.isEmpty, let text = String(validating: bytes, as: UTF8.self),
              text.unicodeScalars.allSatisfy({ $0.value >= 0x20 || $0 == "\n" || $0 == "\r" || $0 == "\t" }) else { return nil }
        return text
    }

    /// The extensions in `bytes` (the file's start), after a header of `headerSize` bytes.
    /// Stops quietly at the first block that does not fit: extensions never stop an image opening.
    static func parse(_ bytes: [UInt8], headerSize: Int, bigEndian: Bool) -> [NIfTIExtension] {
        guard bytes.count >= headerSize + 4, bytes[headerSize] != 0 else { return [] }
        let h = HeaderBytes(bytes: bytes, bigEndian: bigEndian)
        var found: [NIfTIExtension] = []
        var at = headerSize + 4
        while at + 8 <= bytes.count {
            let size = h.int32(at), code = h.int32(at + 4)
            guard size >= 8, size <= bytes.count - at else { break }
            let content = bytes[(at + 8)..<(at + min(size, 8 + previewLimit))]
            found.append(NIfTIExtension(code: code, size: size, preview: Array(content)))
            at += size
        }
        return found
    }
}
