/// What can go wrong with annotations, phrased for the person at the keyboard: each case
/// names the file, says what is wrong and what slicemark did about it.
public enum AnnotationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The image was not read from a file (the built-in demo): there is nowhere to save.
    case noImageFile
    case identityMismatch(path: String, detail: String)
    case invalidSidecar(path: String, detail: String)
    case unsupportedSchema(path: String, found: String)
    /// A file slicemark needs (the image, to hash it; a label set; a template) cannot be read.
    case unreadable(path: String, reason: String)
    /// The sidecar exists but cannot be read (permissions, I/O error).
    case unreadableSidecar(path: String, reason: String)
    case readOnly(path: String, reason: String)
    case writeFailed(path: String, reason: String)
    /// The new sidecar is in place but the folder could not be flushed to disk.
    case notDurable(path: String, reason: String)
    case lockFailed(path: String, reason: String)
    /// A sidecar, audit log, lock or temporary file is a symbolic link: slicemark never reads or
    /// writes annotations through one (it could point anywhere).
    case symbolicLink(path: String)
    /// A sidecar or audit log that is a FIFO, a device or a folder: refused, never waited on.
    case notRegularFile(path: String, kind: String)
    case invalidLabelSet(path: String, detail: String)
    case invalidTemplate(path: String, detail: String)

    public var description: String {
        switch self {
        case .noImageFile:
            return "the demo volume has no file to keep annotations beside; they are not saved"
        case .identityMismatch(let p, let detail):
            return "\(p): this sidecar belongs to a different image (\(detail)); it is left untouched and annotations are not saved"
        case .invalidSidecar(let p, let detail):
            return "\(p): not a valid slicemark sidecar (\(detail)); the file is kept as it is and nothing is written to it"
        case .unsupportedSchema(let p, let found):
            return "\(p): sidecar schema \"\(found)\" is not one this slicemark reads (slicemark/1, slicemark/2); the file is kept as it is"
        case .unreadable(let p, let reason):
            return "\(p): cannot be read (\(reason))"
        case .unreadableSidecar(let p, let reason):
            return "\(p): the sidecar cannot be read (\(reason)); the file is kept as it is and nothing is written to it"
        case .readOnly(let p, let reason):
            return "\(p): annotations cannot be saved here (\(reason))"
        case .writeFailed(let p, let reason):
            return "\(p): saving annotations failed (\(reason)); the last saved sidecar is intact"
        case .notDurable(let p, let reason):
            return "\(p): annotations were saved but the folder could not be flushed to disk (\(reason)); a power cut now could lose the last change"
        case .lockFailed(let p, let reason):
            return "\(p): cannot lock the sidecar for saving (\(reason)); the last saved sidecar is intact"
        case .symbolicLink(let p):
            return "\(p): is a symbolic link; slicemark does not read or write annotations through a link, so it is left alone and nothing is saved"
        case .notRegularFile(let p, let kind):
            return "\(p): is \(kind), not a regular file; it is left alone and nothing is saved"
        case .invalidLabelSet(let p, let detail):
            return "\(p): not a valid label set: \(detail)"
        case .invalidTemplate(let p, let detail):
            return "\(p): not a valid landmark template: \(detail)"
        }
    }
}
