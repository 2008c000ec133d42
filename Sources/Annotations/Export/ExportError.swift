/// Why an export cannot be made, with the file and what is wrong.
public enum ExportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An option's value cannot be used (exit code 2).
    case usage(String)
    /// An output file or folder cannot be written.
    case writeFailed(path: String, reason: String)
    /// An output path is a symbolic link: nothing is written through it.
    case symbolicLink(path: String)
    /// A label map named by a sidecar cannot be read or is not on its image's grid.
    case labelMap(path: String, reason: String)
    /// Two images would write the same output file.
    case nameClash(path: String, first: String, second: String)

    public var description: String {
        switch self {
        case .usage(let text): return text
        case .writeFailed(let p, let reason): return "\(p): cannot write the export: \(reason)"
        case .symbolicLink(let p): return "\(p): is a symbolic link; the export writes nothing through one"
        case .labelMap(let p, let reason): return "\(p): label map not exported: \(reason)"
        case .nameClash(let p, let first, let second):
            return "\(p): \(first) and \(second) would both be written here; export them separately"
        }
    }

    /// Option mistakes are exit code 2, file problems 1 (as for every command).
    public var isUsage: Bool { if case .usage = self { return true } else { return false } }
}
