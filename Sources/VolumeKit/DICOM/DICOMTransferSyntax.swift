/// How a dataset is encoded: byte order, explicit or implicit VRs, deflate, and whether the
/// pixel data is encapsulated (compressed frames) or native.
public struct DICOMTransferSyntax: Sendable, Equatable {
    public let uid: String
    public let name: String
    public let isExplicitVR: Bool
    public let isBigEndian: Bool
    public let isDeflated: Bool
    public let isEncapsulated: Bool

    public static let implicitLittle = DICOMTransferSyntax(
        uid: "1.2.840.10008.1.2", name: "Implicit VR Little Endian",
        isExplicitVR: false, isBigEndian: false, isDeflated: false, isEncapsulated: false)
    public static let explicitLittle = DICOMTransferSyntax(
        uid: "1.2.840.10008.1.2.1", name: "Explicit VR Little Endian",
        isExplicitVR: true, isBigEndian: false, isDeflated: false, isEncapsulated: false)
    public static let explicitBig = DICOMTransferSyntax(
        uid: "1.2.840.10008.1.2.2", name: "Explicit VR Big Endian",
        isExplicitVR: true, isBigEndian: true, isDeflated: false, isEncapsulated: false)
    public static let deflatedExplicitLittle = DICOMTransferSyntax(
        uid: "1.2.840.10008.1.2.1.99", name: "Deflated Explicit VR Little Endian",
        isExplicitVR: true, isBigEndian: false, isDeflated: true, isEncapsulated: false)

    /// Compressed transfer syntaxes by UID: all Explicit VR Little Endian with encapsulated pixels.
    static let encapsulatedNames: [String: String] = [
        "1.2.840.10008.1.2.4.50": "JPEG Baseline (Process 1)",
        "1.2.840.10008.1.2.4.51": "JPEG Extended (Process 2 & 4)",
        "1.2.840.10008.1.2.4.57": "JPEG Lossless, Non-Hierarchical (Process 14)",
        "1.2.840.10008.1.2.4.70": "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, Selection Value 1)",
        "1.2.840.10008.1.2.4.80": "JPEG-LS Lossless",
        "1.2.840.10008.1.2.4.81": "JPEG-LS Near-Lossless",
        "1.2.840.10008.1.2.4.90": "JPEG 2000 Lossless",
        "1.2.840.10008.1.2.4.91": "JPEG 2000",
        "1.2.840.10008.1.2.4.92": "JPEG 2000 Part 2 Multi-component Lossless",
        "1.2.840.10008.1.2.4.93": "JPEG 2000 Part 2 Multi-component",
        "1.2.840.10008.1.2.4.94": "JPIP Referenced",
        "1.2.840.10008.1.2.4.95": "JPIP Referenced Deflate",
        "1.2.840.10008.1.2.4.100": "MPEG2 Main Profile / Main Level",
        "1.2.840.10008.1.2.4.101": "MPEG2 Main Profile / High Level",
        "1.2.840.10008.1.2.4.102": "MPEG-4 AVC/H.264 High Profile",
        "1.2.840.10008.1.2.4.103": "MPEG-4 AVC/H.264 BD-compatible High Profile",
        "1.2.840.10008.1.2.4.104": "MPEG-4 AVC/H.264 High Profile For 2D Video",
        "1.2.840.10008.1.2.4.105": "MPEG-4 AVC/H.264 High Profile For 3D Video",
        "1.2.840.10008.1.2.4.106": "MPEG-4 AVC/H.264 Stereo High Profile",
        "1.2.840.10008.1.2.4.107": "HEVC/H.265 Main Profile",
        "1.2.840.10008.1.2.4.108": "HEVC/H.265 Main 10 Profile",
        "1.2.840.10008.1.2.4.201": "High-Throughput JPEG 2000 Lossless",
        "1.2.840.10008.1.2.4.202": "High-Throughput JPEG 2000 with RPCL Options Lossless",
        "1.2.840.10008.1.2.4.203": "High-Throughput JPEG 2000",
        "1.2.840.10008.1.2.5": "RLE Lossless",
    ]

    /// The transfer syntax of a UID; unknown UIDs are taken as encapsulated Explicit VR Little
    /// Endian (what every newer syntax is), so their metadata still reads.
    public static func named(_ uid: String) -> DICOMTransferSyntax {
        switch uid {
        case implicitLittle.uid: return implicitLittle
        case explicitLittle.uid: return explicitLittle
        case explicitBig.uid: return explicitBig
        case deflatedExplicitLittle.uid: return deflatedExplicitLittle
        default:
            return DICOMTransferSyntax(uid: uid, name: encapsulatedNames[uid] ?? "unknown transfer syntax",
                                       isExplicitVR: true, isBigEndian: false, isDeflated: false,
                                       isEncapsulated: true)
        }
    }

    /// "JPEG 2000 Lossless (1.2.840.10008.1.2.4.90)", for messages.
    public var label: String { "\(name) (\(uid))" }
}
