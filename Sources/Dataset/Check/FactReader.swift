import Annotations
import Crypto
import Foundation
import VolumeKit

/// Reads the facts of one file: the DICOM or NIfTI header (the parsers the viewer uses), the
/// SHA-256 of the file and of its pixel data element in one streaming pass, or a sidecar's
/// identity of its image.
enum FactReader {
    struct Result: Sendable {
        var facts: FileFacts
        /// Bytes of pixel data (DICOM Pixel Data values, NIfTI files) read for this file.
        var pixelBytes: Int
    }

    static func read(_ file: DatasetFile, size: Int, modified: Int) -> Result {
        var facts = FileFacts(path: file.path, key: file.key, size: size, modifiedNanoseconds: modified, kind: .other)
        let name = (file.path as NSString).lastPathComponent
        let lower = name.lowercased()
        do {
            if lower.hasSuffix(SidecarLocation.suffix) {
                facts.kind = .sidecar
                facts.sidecar = try sidecar(file.path)
                return Result(facts: facts, pixelBytes: 0)
            }
            if lower.hasSuffix(".seg.nii.gz") || lower.hasSuffix(".seg.nii") {
                facts.kind = .labelMap
                facts.nifti = try nifti(file.path)
                facts.sha256 = try hashFile(file.path)
                return Result(facts: facts, pixelBytes: size)
            }
            if lower.hasSuffix(".nii") || lower.hasSuffix(".nii.gz") || lower.hasSuffix(".hdr") || lower.hasSuffix(".hdr.gz") {
                facts.kind = .nifti
                var header = try nifti(file.path)
                facts.sha256 = try hashFile(file.path)
                var bytes = size
                if let paired = header.pairedImage {
                    let path = ((file.path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(paired)
                    header.pairedSHA256 = try hashFile(path)
                    bytes += (try? ReadableFile.size(path)) ?? 0
                }
                facts.nifti = header
                return Result(facts: facts, pixelBytes: bytes)
            }
            if lower.hasSuffix(".img") || lower.hasSuffix(".img.gz") || lower.hasSuffix(".audit.jsonl")
                || lower.hasSuffix(".seg.txt") || name.uppercased() == "DICOMDIR" {
                return Result(facts: facts, pixelBytes: 0)
            }
            let head = try ReadableFile.prefix(file.path, count: 132)
            guard DICOMFileHeader.looksLikeDICOM(head) else {
                guard lower.hasSuffix(".dcm") else { return Result(facts: facts, pixelBytes: 0) }
                throw VolumeKitError.malformed(path: file.path, detail:
                    "named .dcm but not DICOM: no \"DICM\" after a 128-byte preamble and no dataset at the start")
            }
            let header = try DICOMFileHeader.read(path: file.path)
            guard !header.tags.isEmpty else {
                throw VolumeKitError.malformed(path: file.path, detail: "a DICOM file with no data elements")
            }
            // A DICOMDIR under any name: its class is in the file meta group, its records in (0004,1220).
            if header.string(CheckTags.sopClassUID) == CheckTags.directoryRecordClass || header.tags.contains(CheckTags.directoryRecordSequence) {
                return Result(facts: facts, pixelBytes: 0)
            }
            facts.kind = .dicom
            var d = dicomFacts(header)
            let (whole, pixels, pixelBytes) = try hashDICOM(header)
            facts.sha256 = whole
            d.pixelSHA256 = pixels
            facts.dicom = d
            return Result(facts: facts, pixelBytes: pixelBytes)
        } catch {
            facts.kind = .unreadable
            facts.dicom = nil
            facts.nifti = nil
            facts.sidecar = nil
            facts.problem = describe(error)
            return Result(facts: facts, pixelBytes: 0)
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let e = error as? VolumeKitError { return e.description }
        if let e = error as? AnnotationError { return e.description }
        return "\(error)"
    }

    static func dicomFacts(_ h: DICOMFileHeader) -> DICOMFacts {
        var d = DICOMFacts()
        d.sopClassUID = h.string(CheckTags.sopClassUID)
        d.sopInstanceUID = h.string(CheckTags.sopInstanceUID)
        d.seriesInstanceUID = h.string(CheckTags.seriesInstanceUID)
        d.studyInstanceUID = h.string(CheckTags.studyInstanceUID)
        d.modality = h.string(CheckTags.modality)
        d.seriesNumber = h.string(CheckTags.seriesNumber)
        d.seriesDescription = h.string(CheckTags.seriesDescription)
        for (keyword, tag) in CheckTags.identity {
            if let value = h.string(tag) { d.identity[keyword] = value }
        }
        d.rows = h.numbers(CheckTags.rows).first.map { Int($0) }
        d.columns = h.numbers(CheckTags.columns).first.map { Int($0) }
        d.frames = h.numbers(CheckTags.numberOfFrames).first.map { max(1, Int($0)) } ?? 1
        let position = h.numbers(CheckTags.imagePosition)
        d.imagePosition = position.count >= 3 ? Array(position.prefix(3)) : nil
        let orientation = h.numbers(CheckTags.imageOrientation)
        d.imageOrientation = orientation.count >= 6 ? Array(orientation.prefix(6)) : nil
        let spacing = h.numbers(CheckTags.pixelSpacing)
        d.pixelSpacing = spacing.count >= 2 ? Array(spacing.prefix(2)) : nil
        d.sliceThickness = h.numbers(CheckTags.sliceThickness).first
        d.manufacturer = h.string(CheckTags.manufacturer)
        d.model = h.string(CheckTags.model)
        d.fieldStrength = h.numbers(CheckTags.fieldStrength).first
        d.kvp = h.numbers(CheckTags.kvp).first
        d.repetitionTime = h.numbers(CheckTags.repetitionTime).first
        d.echoTime = h.numbers(CheckTags.echoTime).first
        d.hasPixelData = h.hasPixelData
        if let sop = d.sopClassUID, let requirement = IODRequirements.bySOPClass[sop] {
            d.missing = requirement.tags.filter { !h.hasValue($0) }.map(IODRequirements.keyword)
        } else {
            let basic = [CheckTags.sopClassUID, CheckTags.sopInstanceUID, CheckTags.seriesInstanceUID,
                         CheckTags.studyInstanceUID, CheckTags.modality]
            d.missing = basic.filter { !h.hasValue($0) }.map(IODRequirements.keyword)
        }
        let pseudonyms = h.string(CheckTags.patientIdentityRemoved)?.uppercased() == "YES"
        d.identifying = CheckTags.identifying
            .filter { !(pseudonyms && CheckTags.pseudonymised.contains($0.0)) && h.string($0.1) != nil }
            .map(\.0)
        return d
    }

    /// SHA-256 of the whole file and of the Pixel Data value, in one pass over the file.
    static func hashDICOM(_ h: DICOMFileHeader) throws -> (whole: String, pixels: String?, pixelBytes: Int) {
        guard h.hasPixelData else { return (try hashFile(h.path), nil, 0) }
        if let range = h.pixelDataFileRange {
            if range.upperBound > h.fileSize {
                throw VolumeKitError.truncated(path: h.path, detail:
                    "the pixel data (\(range.count) bytes from byte \(range.lowerBound)) runs past the end of the file at byte \(h.fileSize)")
            }
            var whole = SHA256(), pixels = SHA256()
            var offset = 0
            try stream(h.path) { chunk in
                whole.update(bufferPointer: chunk)
                let lo = max(range.lowerBound, offset), hi = min(range.upperBound, offset + chunk.count)
                if lo < hi { pixels.update(bufferPointer: UnsafeRawBufferPointer(rebasing: chunk[(lo - offset)..<(hi - offset)])) }
                offset += chunk.count
            }
            return (hex(whole.finalize()), hex(pixels.finalize()), range.count)
        }
        var pixels = SHA256()
        let n = try h.forEachPixelDataChunk { pixels.update(bufferPointer: $0) }
        return (try hashFile(h.path), hex(pixels.finalize()), n)
    }

    static func hashFile(_ path: String) throws -> String {
        var hasher = SHA256()
        try stream(path) { hasher.update(bufferPointer: $0) }
        return hex(hasher.finalize())
    }

    private static func stream(_ path: String, _ body: (UnsafeRawBufferPointer) -> Void) throws {
        let file = try ReadableFile(path: path)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var offset = 0
        while offset < file.size {
            let n = try file.read(at: offset, into: buffer)
            if n == 0 { break }
            body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            offset += n
        }
    }

    static func hex<D: Sequence<UInt8>>(_ digest: D) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func nifti(_ path: String) throws -> NIfTIFacts {
        let h = try NIfTIFileHeader.read(path: path)
        let g = h.geometry
        var facts = NIfTIFacts(format: h.format.rawValue, dimensions: h.dimensions,
                               spacing: [g.spacing.x, g.spacing.y, g.spacing.z], origin: [g.origin.x, g.origin.y, g.origin.z],
                               direction: g.direction.columns.map { [$0.x, $0.y, $0.z] }, datatype: h.datatypeName)
        if h.files.count > 1 { facts.pairedImage = (h.files[1] as NSString).lastPathComponent }
        let text = [("descrip", h.descrip), ("aux_file", h.auxFile), ("intent_name", h.intentName)]
            .filter { !$0.1.trimmingCharacters(in: .whitespaces).isEmpty }.map(\.0)
        facts.textFields = text.isEmpty ? nil : text
        return facts
    }

    static func sidecar(_ path: String) throws -> SidecarFacts {
        let bytes: [UInt8]
        switch POSIXFile.readFile(path) {
        case .success(let b): bytes = b
        case .failure(let e): throw AnnotationError.unreadable(path: path, reason: e.description)
        }
        let document = try SidecarCoding.decode(bytes, path: path)
        let image = document.image, geometry = document.geometry
        let records = document.annotations.count + document.labels.count + document.notes.count + document.segmentations.count
        return SidecarFacts(format: image.format.rawValue, studyInstanceUID: image.studyInstanceUID,
                            seriesInstanceUID: image.seriesInstanceUID, sopInstanceUIDs: image.sopInstanceUIDs,
                            files: image.files.map { [$0.name, $0.sha256] }, dimensions: geometry.dimensions,
                            spacing: geometry.spacing, records: records, labelMaps: document.segmentations.map(\.file))
    }
}
