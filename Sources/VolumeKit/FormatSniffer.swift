import Foundation

/// Tells DICOM, NIfTI and Analyze apart from a file's first bytes.
enum FormatSniffer {
    static func format(of head: Data, path: String) throws -> ImageFormat {
        let bytes = [UInt8](head)
        if bytes.count >= 2, bytes[0] == 0x1f, bytes[1] == 0x8b {
            // gzip: only NIfTI/Analyze are read gzipped.
            return try NIfTIReader.sniffGzip(path: path)
        }
        if bytes.count >= 132, bytes[128..<132].elementsEqual("DICM".utf8) { return .dicom }
        if let format = NIfTIReader.sniff(header: bytes, path: path) { return format }
        if DICOMSniffer.looksLikeBareDataset(bytes) { return .dicom }
        throw VolumeKitError.notAnImage(path: path)
    }
}
