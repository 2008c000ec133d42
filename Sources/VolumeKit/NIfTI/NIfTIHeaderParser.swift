/// Turns the first bytes of a file into a `NIfTIHeader`: layout (NIfTI-1, NIfTI-2, Analyze) and
/// byte order come from `sizeof_hdr` (348 or 540, in either byte order) and the magic string.
enum NIfTIHeaderParser {
    /// The layout and byte order the bytes announce, or nil when they are not such a header.
    /// At least 348 bytes are needed to recognise a NIfTI-1/Analyze header, 12 for NIfTI-2.
    static func recognise(_ bytes: [UInt8]) -> (kind: NIfTIHeader.Kind, bigEndian: Bool)? {
        guard bytes.count >= 12 else { return nil }
        let little = HeaderBytes(bytes: bytes, bigEndian: false).int32(0)
        let big = HeaderBytes(bytes: bytes, bigEndian: true).int32(0)
        if little == 540 || big == 540 {
            let magic = Array(bytes[4..<8])
            if magic == Array("n+2\0".utf8) || magic == Array("ni2\0".utf8) { return (.nifti2, big == 540) }
            return nil
        }
        if (little == 348 || big == 348), bytes.count >= 348 {
            let magic = Array(bytes[344..<348])
            let kind: NIfTIHeader.Kind =
                magic == Array("n+1\0".utf8) || magic == Array("ni1\0".utf8) ? .nifti1 : .analyze
            return (kind, big == 348 && little != 348)
        }
        return nil
    }

    /// True for the start of a NIfTI-1/Analyze header (`sizeof_hdr` 348) too short to hold one.
    static func isCutShortHeader(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4, bytes.count < 348 else { return false }
        return HeaderBytes(bytes: bytes, bigEndian: false).int32(0) == 348
            || HeaderBytes(bytes: bytes, bigEndian: true).int32(0) == 348
    }

    /// Parses a header that `recognise` accepted. `bytes` may be longer than the header.
    static func parse(_ bytes: [UInt8], path: String) throws -> NIfTIHeader {
        guard let (kind, bigEndian) = recognise(bytes) else {
            if bytes.count < 348 {
                throw VolumeKitError.truncated(path: path, detail: "\(bytes.count) bytes, less than a NIfTI or Analyze header (348 bytes)")
            }
            throw VolumeKitError.notAnImage(path: path)
        }
        guard bytes.count >= kind.headerSize else {
            throw VolumeKitError.truncated(path: path, detail: "the NIfTI-2 header needs 540 bytes, the file has \(bytes.count)")
        }
        let h = HeaderBytes(bytes: bytes, bigEndian: bigEndian)
        switch kind {
        case .nifti2: return nifti2(h)
        case .nifti1: return nifti1(h)
        case .analyze: return analyze(h)
        }
    }

    private static func nifti1(_ h: HeaderBytes) -> NIfTIHeader {
        let magic = h.text(344, 4)
        var header = NIfTIHeader(
            kind: .nifti1, bigEndian: h.bigEndian, isSingleFile: magic == "n+1", magic: magic,
            dim: (0..<8).map { h.int16(40 + 2 * $0) },
            pixdim: (0..<8).map { h.float32(76 + 4 * $0) },
            datatype: h.int16(70), bitpix: h.int16(72), voxOffset: h.float32(108),
            sclSlope: h.float32(112), sclInter: h.float32(116),
            calMin: h.float32(128), calMax: h.float32(124),
            glMin: h.int32(144), glMax: h.int32(140),
            descrip: h.text(148, 80), auxFile: h.text(228, 24))
        header.intentParameters = [h.float32(56), h.float32(60), h.float32(64)]
        header.intentCode = h.int16(68)
        header.intentName = h.text(328, 16)
        header.dimInfo = h.uint8(39)
        header.sliceStart = h.int16(74)
        header.sliceEnd = h.int16(120)
        header.sliceCode = h.uint8(122)
        header.xyztUnits = h.uint8(123)
        header.sliceDuration = h.float32(132)
        header.toffset = h.float32(136)
        header.qformCode = h.int16(252)
        header.sformCode = h.int16(254)
        header.quaternion = SIMD3(h.float32(256), h.float32(260), h.float32(264))
        header.qoffset = SIMD3(h.float32(268), h.float32(272), h.float32(276))
        header.srow = (0..<3).map { r in (0..<4).map { c in h.float32(280 + 16 * r + 4 * c) } }
        return header
    }

    private static func nifti2(_ h: HeaderBytes) -> NIfTIHeader {
        let magic = h.text(4, 4)
        var header = NIfTIHeader(
            kind: .nifti2, bigEndian: h.bigEndian, isSingleFile: magic == "n+2", magic: magic,
            dim: (0..<8).map { h.int64(16 + 8 * $0) },
            pixdim: (0..<8).map { h.float64(104 + 8 * $0) },
            datatype: h.int16(12), bitpix: h.int16(14), voxOffset: Double(h.int64(168)),
            sclSlope: h.float64(176), sclInter: h.float64(184),
            calMin: h.float64(200), calMax: h.float64(192),
            glMin: 0, glMax: 0,
            descrip: h.text(240, 80), auxFile: h.text(320, 24))
        header.intentParameters = [h.float64(80), h.float64(88), h.float64(96)]
        header.sliceDuration = h.float64(208)
        header.toffset = h.float64(216)
        header.sliceStart = h.int64(224)
        header.sliceEnd = h.int64(232)
        header.qformCode = h.int32(344)
        header.sformCode = h.int32(348)
        header.quaternion = SIMD3(h.float64(352), h.float64(360), h.float64(368))
        header.qoffset = SIMD3(h.float64(376), h.float64(384), h.float64(392))
        header.srow = (0..<3).map { r in (0..<4).map { c in h.float64(400 + 32 * r + 8 * c) } }
        header.sliceCode = h.int32(496)
        header.xyztUnits = h.int32(500)
        header.intentCode = h.int32(504)
        header.intentName = h.text(508, 16)
        header.dimInfo = h.uint8(524)
        return header
    }

    private static func analyze(_ h: HeaderBytes) -> NIfTIHeader {
        var header = NIfTIHeader(
            kind: .analyze, bigEndian: h.bigEndian, isSingleFile: false, magic: "",
            dim: (0..<8).map { h.int16(40 + 2 * $0) },
            pixdim: (0..<8).map { h.float32(76 + 4 * $0) },
            datatype: h.int16(70), bitpix: h.int16(72), voxOffset: h.float32(108),
            // SPM keeps a scale factor in funused1 and (SPM2) an intercept in funused2.
            sclSlope: h.float32(112), sclInter: h.float32(116),
            calMin: h.float32(128), calMax: h.float32(124),
            glMin: h.int32(144), glMax: h.int32(140),
            descrip: h.text(148, 80), auxFile: h.text(228, 24))
        header.analyzeFields = NIfTIHeader.AnalyzeFields(
            dataType: h.text(4, 10), dbName: h.text(14, 18), orient: h.uint8(252),
            spmOrigin: (0..<5).map { h.int16(253 + 2 * $0) },
            generated: h.text(263, 10), scanNumber: h.text(273, 10), patientID: h.text(283, 10),
            expDate: h.text(293, 10), expTime: h.text(303, 10))
        return header
    }
}
