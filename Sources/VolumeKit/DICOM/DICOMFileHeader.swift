/// The header of one DICOM file for code outside VolumeKit (dataset checks): the top-level
/// attributes up to Pixel Data, read by the same parser as the viewer's (header only: pixel
/// bytes are not read until `forEachPixelDataChunk` asks for them).
public struct DICOMFileHeader: Sendable {
    private let header: DICOMHeader

    public var path: String { header.path }
    public var fileSize: Int { header.fileSize }
    public var transferSyntaxUID: String { header.transferSyntax.uid }
    public var hasPixelData: Bool { header.pixelData != nil }
    /// Where the Pixel Data value lies in the file (to the end of the file for encapsulated data
    /// of undefined length); nil without pixel data, or when the dataset is deflated (then
    /// `forEachPixelDataChunk` gives the inflated bytes).
    public var pixelDataFileRange: Range<Int>? {
        guard let location = header.pixelData, !header.transferSyntax.isDeflated else { return nil }
        return location.offset..<(location.length.map { location.offset + $0 } ?? header.fileSize)
    }
    /// Top-level tags in file order (the file meta group not included).
    public var tags: [DICOMTag] { header.dataset.elements.map(\.tag) }

    /// Reads the header of the file at `path`; throws when it is not DICOM or is damaged.
    public static func read(path: String) throws(VolumeKitError) -> DICOMFileHeader {
        DICOMFileHeader(header: try DICOMHeader.read(path: path))
    }

    /// Whether `path` starts like a DICOM file (preamble and "DICM", or a bare dataset).
    public static func looksLikeDICOM(_ head: [UInt8]) -> Bool {
        if head.count >= 132, head[128] == 0x44, head[129] == 0x49, head[130] == 0x43, head[131] == 0x4D { return true }
        return DICOMSniffer.looksLikeBareDataset(head)
    }

    public func string(_ tag: DICOMTag) -> String? { header.dataset.string(tag) }
    public func strings(_ tag: DICOMTag) -> [String] { header.dataset.strings(tag) }
    public func numbers(_ tag: DICOMTag) -> [Double] { header.dataset.numbers(tag) }
    /// Present at the top level with a value (Type 1 means present and not empty).
    public func hasValue(_ tag: DICOMTag) -> Bool {
        if tag == .pixelData { return hasPixelData }
        guard let e = header.dataset.element(tag) else { return false }
        return e.vr == .SQ ? !e.items.isEmpty : e.length > 0
    }

    /// The Pixel Data element's value as stored (compressed fragments included, undecoded), in
    /// pieces of at most `chunkSize` bytes; returns how many bytes were passed. Encapsulated
    /// data of undefined length runs to the end of the file.
    @discardableResult
    public func forEachPixelDataChunk(chunkSize: Int = 1 << 20,
                                      _ body: (UnsafeRawBufferPointer) -> Void) throws(VolumeKitError) -> Int {
        guard let location = header.pixelData else { return 0 }
        if header.transferSyntax.isDeflated {
            // The inflated dataset is in memory and holds the pixel data.
            let bytes = header.dataset.storage.bytes
            let end = location.length.map { min(bytes.count, location.offset + $0) } ?? bytes.count
            guard location.offset <= end else { return 0 }
            bytes[location.offset..<end].withUnsafeBytes(body)
            return end - location.offset
        }
        let file = try ReadableFile(path: header.path)
        let end = location.length.map { location.offset + $0 } ?? file.size
        if end > file.size {
            throw .truncated(path: header.path, detail:
                "the pixel data (\(end - location.offset) bytes from byte \(location.offset)) runs past the end of the file at byte \(file.size)")
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, min(chunkSize, end - location.offset)), alignment: 16)
        defer { buffer.deallocate() }
        var at = location.offset
        while at < end {
            let n = min(buffer.count, end - at)
            try file.read(into: buffer.baseAddress!, offset: at, count: n)
            body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            at += n
        }
        return end - location.offset
    }
}
