/// What a decoder needs to know about one frame of encapsulated pixel data, from the dataset.
public struct FrameDescription: Sendable, Equatable {
    public var rows: Int
    public var columns: Int
    public var samplesPerPixel: Int
    public var bitsAllocated: Int
    public var bitsStored: Int
    /// 0 unsigned, 1 two's complement.
    public var pixelRepresentation: Int
    /// 0 interleaved (RGBRGB…), 1 planar (RR…GG…BB…), as the dataset declares it.
    public var planarConfiguration: Int
    public var photometric: String
    public var transferSyntaxUID: String

    public init(rows: Int, columns: Int, samplesPerPixel: Int, bitsAllocated: Int, bitsStored: Int,
                pixelRepresentation: Int, planarConfiguration: Int, photometric: String, transferSyntaxUID: String) {
        self.rows = rows
        self.columns = columns
        self.samplesPerPixel = samplesPerPixel
        self.bitsAllocated = bitsAllocated
        self.bitsStored = bitsStored
        self.pixelRepresentation = pixelRepresentation
        self.planarConfiguration = planarConfiguration
        self.photometric = photometric
        self.transferSyntaxUID = transferSyntaxUID
    }
}

/// A decoded frame, laid out exactly as native (uncompressed) little-endian pixel data would be:
/// `bitsAllocated` bits a sample (8 → 1 byte, 16 → 2 bytes, 32 → 4 bytes), samples of a pixel
/// interleaved (planar configuration 0), rows top to bottom; `photometric` says what the samples
/// now are (a codec that converted YBR to RGB says RGB).
public struct DecodedFrame: Sendable {
    public var bytes: [UInt8]
    public var photometric: String

    public init(bytes: [UInt8], photometric: String) {
        self.bytes = bytes
        self.photometric = photometric
    }
}

/// Why a frame could not be decoded; the DICOM reader adds the file name.
public enum CodecError: Error, Equatable, Sendable, CustomStringConvertible {
    case corrupt(codec: String, detail: String)
    case unsupported(codec: String, detail: String)

    public var description: String {
        switch self {
        case .corrupt(let codec, let detail): return "\(codec) pixel data is damaged: \(detail)"
        case .unsupported(let codec, let detail): return "\(codec) pixel data cannot be decoded: \(detail)"
        }
    }
}

/// Turns the bytes of one compressed frame into native pixel data. One per codec.
public protocol FrameDecoder: Sendable {
    /// Human name for messages ("JPEG Lossless", "RLE Lossless").
    var name: String { get }
    func decode(_ frame: UnsafeRawBufferPointer, _ description: FrameDescription) throws(CodecError) -> DecodedFrame
}
