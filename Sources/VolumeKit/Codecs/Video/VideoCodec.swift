import CVideoShim

/// The video codecs of the DICOM video transfer syntaxes (PS3.5 8.2.5–8.2.8): the encapsulated
/// pixel data, its fragments put end to end, is one elementary stream of the whole run of frames.
public enum VideoCodec: String, Sendable, CaseIterable {
    case mpeg2 = "MPEG-2"
    case h264 = "H.264"
    case hevc = "HEVC"

    /// The codec of a transfer syntax, or nil when it is not a video syntax.
    public init?(transferSyntaxUID uid: String) {
        switch uid {
        case "1.2.840.10008.1.2.4.100", "1.2.840.10008.1.2.4.101": self = .mpeg2
        case "1.2.840.10008.1.2.4.102", "1.2.840.10008.1.2.4.103", "1.2.840.10008.1.2.4.104",
             "1.2.840.10008.1.2.4.105", "1.2.840.10008.1.2.4.106": self = .h264
        case "1.2.840.10008.1.2.4.107", "1.2.840.10008.1.2.4.108": self = .hevc
        default: return nil
        }
    }

    /// Every video transfer syntax, for docs/formats.md and the tests.
    public static let transferSyntaxUIDs = (100...108).map { "1.2.840.10008.1.2.4.\($0)" }

    var shimCode: Int32 {
        switch self {
        case .mpeg2: return Int32(SLICEMARK_VIDEO_MPEG2)
        case .h264: return Int32(SLICEMARK_VIDEO_H264)
        case .hevc: return Int32(SLICEMARK_VIDEO_HEVC)
        }
    }
}
