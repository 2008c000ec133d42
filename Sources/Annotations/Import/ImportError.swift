/// Why an import wrote nothing, in one line naming the file and what is wrong.
public enum ImportError: Error, Equatable, Sendable, CustomStringConvertible {
    case badModel(String, reason: String)
    /// The file cannot be read, or is not the format its name says.
    case unreadable(path: String, reason: String)
    /// The file is not one of the formats `import` takes.
    case unknownFormat(path: String)
    /// The file is for another image (grid, UIDs, file names), or a point lies off this image.
    case anotherImage(path: String, reason: String)
    /// A label table (`--labels`) that cannot be used.
    case badLabels(path: String, reason: String)
    /// `--labels` given for a file that has no values to name.
    case labelsNotApplicable(path: String)
    /// The file holds nothing that can become a proposal.
    case nothingToImport(path: String, reason: String)
    /// Writing the proposals failed.
    case store(AnnotationError)

    public var description: String {
        switch self {
        case .badModel(let text, let reason): return "--as \(text): \(reason)"
        case .unreadable(let path, let reason): return "\(path): \(reason)"
        case .unknownFormat(let path):
            return "\(path): not a format import reads (a NIfTI label map .nii/.nii.gz, a 3D Slicer .mrk.json, a CSV of points, a COCO .json)"
        case .anotherImage(let path, let reason): return "\(path) is for another image: \(reason); nothing was imported"
        case .badLabels(let path, let reason): return "--labels \(path): \(reason)"
        case .labelsNotApplicable(let path): return "--labels is for a label map; \(path) is not one"
        case .nothingToImport(let path, let reason): return "\(path): nothing to import (\(reason))"
        case .store(let error): return error.description
        }
    }

    /// Whether the mistake is in the command line (exit 2) rather than in a file (exit 1).
    public var isUsage: Bool {
        switch self {
        case .badModel, .labelsNotApplicable: return true
        default: return false
        }
    }
}
