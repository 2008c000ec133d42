/// What the header phase reads from one DICOM file: the file meta group, the dataset up to
/// Pixel Data, and where the pixel data is. The pixel bytes themselves are read later.
struct DICOMHeader: Sendable {
    let path: String
    let fileSize: Int
    let transferSyntax: DICOMTransferSyntax
    /// True when no file meta group declared the transfer syntax (it was inferred from the bytes).
    let transferSyntaxInferred: Bool
    let meta: DICOMDataset?
    let dataset: DICOMDataset
    let pixelData: PixelDataLocation?
    /// True when `dataset.storage` holds the whole (for deflate: inflated) dataset, so pixel
    /// bytes are there; false when they must be read from the file at `pixelData.offset`.
    let holdsWholeDataset: Bool

    /// Bytes read before the first parse attempt; enough for nearly every classic header
    /// (larger ones, like enhanced multi-frame headers, are read whole on a second try).
    static let headSize = 16 * 1024

    static func read(path: String) throws(VolumeKitError) -> DICOMHeader {
        let file = try ReadableFile(path: path)
        return try read(file)
    }

    static func read(_ file: ReadableFile) throws(VolumeKitError) -> DICOMHeader {
        if file.size == 0 { throw .emptyFile(path: file.path) }
        return try read(file, head: try file.bytes(offset: 0, count: headSize))
    }

    /// Header of an open file whose first bytes (`head`, up to `headSize`) are already read.
    static func read(_ file: ReadableFile, head: [UInt8]) throws(VolumeKitError) -> DICOMHeader {
        var bytes = head
        // Headers longer than the first read (enhanced multi-frame, big private blocks): read
        // 16 times more each time rather than the whole file at once.
        while true {
            do {
                return try parse(DICOMBytes(bytes), path: file.path, fileSize: file.size, complete: bytes.count == file.size, file: file)
            } catch .needMoreData {
                guard bytes.count < file.size else { throw DICOMParseFailure.needMoreData.error(path: file.path) }
                bytes = try file.bytes(offset: 0, count: min(file.size, max(bytes.count, headSize) * 16))
            } catch {
                throw error.error(path: file.path)
            }
        }
    }

    /// Header of a file already in memory (tests, and the scanner's small files).
    static func parse(bytes: [UInt8], path: String) throws(VolumeKitError) -> DICOMHeader {
        if bytes.isEmpty { throw .emptyFile(path: path) }
        do {
            return try parse(DICOMBytes(bytes), path: path, fileSize: bytes.count, complete: true, file: nil)
        } catch {
            throw error.error(path: path)
        }
    }

    private static func parse(_ storage: DICOMBytes, path: String, fileSize: Int, complete: Bool,
                              file: ReadableFile?) throws(DICOMParseFailure) -> DICOMHeader {
        let b = storage.bytes
        var metaStart: Int?
        if b.count >= 132, b[128] == 0x44, b[129] == 0x49, b[130] == 0x43, b[131] == 0x4D {
            metaStart = 132
        } else if b.count >= 4, b[0] == 0x44, b[1] == 0x49, b[2] == 0x43, b[3] == 0x4D {
            metaStart = 4
        } else if b.count >= 8, b[0] == 0x02, b[1] == 0x00 {
            metaStart = 0
        }

        var meta: DICOMDataset?
        var datasetStart = 0
        var declared: String?
        if let metaStart {
            guard metaStart + 8 <= b.count else {
                throw complete ? .truncated(offset: metaStart, tag: nil, detail: "the file meta information is missing") : .needMoreData
            }
            let explicitMeta = DICOMValueRepresentation(code: UInt16(b[metaStart + 4]) << 8 | UInt16(b[metaStart + 5])).isPlausible
            let parser = DICOMParser(storage: storage, explicitVR: explicitMeta, bigEndian: false, isComplete: complete)
            let (group, end, _) = try parser.parse(from: metaStart, to: nil, groupLimit: 0x0002)
            meta = group
            datasetStart = end
            declared = group.string(.transferSyntaxUID)
        }

        var syntax: DICOMTransferSyntax
        var inferred = false
        if let declared {
            syntax = DICOMTransferSyntax.named(declared)
            // Trust the bytes over a wrong declaration between the two uncompressed LE forms.
            if !syntax.isDeflated, !syntax.isBigEndian, let guess = guessEncoding(b, at: datasetStart),
               guess.explicit != syntax.isExplicitVR, !guess.bigEndian {
                if syntax.isEncapsulated {
                    syntax = DICOMTransferSyntax(uid: syntax.uid, name: syntax.name, isExplicitVR: guess.explicit,
                                                 isBigEndian: false, isDeflated: false, isEncapsulated: true)
                } else {
                    syntax = guess.explicit ? .explicitLittle : .implicitLittle
                }
            }
        } else {
            inferred = true
            let guess = guessEncoding(b, at: datasetStart) ?? (explicit: false, bigEndian: false)
            syntax = guess.bigEndian ? .explicitBig : guess.explicit ? .explicitLittle : .implicitLittle
        }

        var storage = storage
        var start = datasetStart
        var whole = complete
        if syntax.isDeflated {
            var all = storage.bytes
            if !complete {
                guard let file else { throw .needMoreData }
                do { all = try file.bytes(offset: 0, count: fileSize) } catch { throw .needMoreData }
            }
            guard let inflated = DICOMInflate.inflateRaw(all[datasetStart...]) else {
                throw .malformed(offset: datasetStart, tag: nil, detail: "the deflated dataset cannot be inflated")
            }
            storage = DICOMBytes(inflated)
            start = 0
            whole = true
        }

        let parser = DICOMParser(storage: storage, explicitVR: syntax.isExplicitVR, bigEndian: syntax.isBigEndian,
                                 isComplete: whole)
        let (dataset, _, pixelData) = try parser.parse(from: start, to: nil, stopAtPixelData: true)
        if pixelData == nil && !whole { throw .needMoreData }
        return DICOMHeader(path: path, fileSize: fileSize, transferSyntax: syntax, transferSyntaxInferred: inferred,
                           meta: meta, dataset: dataset, pixelData: pixelData, holdsWholeDataset: whole)
    }

    /// Explicit or implicit, little or big endian, from the first element's bytes.
    static func guessEncoding(_ b: [UInt8], at q: Int) -> (explicit: Bool, bigEndian: Bool)? {
        guard q + 8 <= b.count else { return nil }
        let bigEndian = b[q] == 0 && b[q + 1] != 0
        let vr = DICOMValueRepresentation(code: UInt16(b[q + 4]) << 8 | UInt16(b[q + 5]))
        guard vr.isPlausible else { return (false, bigEndian) }
        // Two letters that name a VR: explicit (an implicit length would have to be ≥ 16705
        // with letter bytes, which no first element of a real dataset has).
        guard DICOMValueRepresentation.known.contains(vr) else { return (false, bigEndian) }
        return (true, bigEndian)
    }
}
