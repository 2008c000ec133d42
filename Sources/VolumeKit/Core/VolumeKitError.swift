/// What can go wrong reading an image, phrased for the person at the keyboard:
/// every case names the file and says what is wrong and, where it helps, where.
public enum VolumeKitError: Error, Equatable, Sendable, CustomStringConvertible {
    case fileNotFound(path: String)
    case unreadable(path: String, reason: String)
    case emptyFile(path: String)
    case notAnImage(path: String)
    case truncated(path: String, detail: String)
    case malformed(path: String, detail: String)
    case unsupported(path: String, detail: String)
    case noImagesFound(path: String)
    /// The read was stopped by its `LoadCancellation` (the viewer moved on to another image).
    case cancelled(path: String)

    public var path: String {
        switch self {
        case .fileNotFound(let p), .unreadable(let p, _), .emptyFile(let p), .notAnImage(let p),
             .truncated(let p, _), .malformed(let p, _), .unsupported(let p, _), .noImagesFound(let p), .cancelled(let p):
            return p
        }
    }

    public var description: String {
        switch self {
        case .fileNotFound(let p): return "\(p): no such file or folder"
        case .unreadable(let p, let reason): return "\(p): cannot be read (\(reason))"
        case .emptyFile(let p): return "\(p): the file is empty"
        case .notAnImage(let p): return "\(p): not a DICOM, NIfTI or Analyze image"
        case .truncated(let p, let detail): return "\(p): the file is cut short: \(detail)"
        case .malformed(let p, let detail): return "\(p): \(detail)"
        case .unsupported(let p, let detail): return "\(p): not supported: \(detail)"
        case .noImagesFound(let p): return "\(p): no DICOM, NIfTI or Analyze images found in this folder"
        case .cancelled(let p): return "\(p): reading was cancelled"
        }
    }
}
