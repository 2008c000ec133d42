import Foundation

/// What can go wrong reading or writing a label-map file, phrased for the person at the
/// keyboard: the file, what is wrong, and where.
public enum LabelMapFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be read as an image at all (the reader's own message).
    case unreadable(VolumeKitError)
    /// An image, but not a NIfTI/Analyze one (a DICOM file, say).
    case notNIfTI(path: String, format: ImageFormat)
    /// RGB voxels: colours, not labels.
    case colour(path: String)
    /// More than one timepoint (or volume along dimensions 5–7).
    case timepoints(path: String, count: Int)
    /// A value (after the file's scaling) that is no label: not whole, negative, above 65535,
    /// or not a number. `voxel` is its zero-based [i, j, k].
    case notALabel(path: String, value: Double, voxel: [Int])
    /// A grid too large for NIfTI-1's 16-bit dimensions.
    case tooLargeForNIfTI1(dimensions: [Int])
    case compressionFailed(GzipCompressionError)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let error):
            return error.description
        case .notNIfTI(let path, let format):
            return "\(path): a \(format == .dicom ? "DICOM" : format.rawValue) file, not a NIfTI or Analyze label map"
        case .colour(let path):
            return "\(path): an RGB colour image, not a label map (one label value per voxel)"
        case .timepoints(let path, let count):
            return "\(path): \(count) volumes (4D), but a label map is a single 3D volume"
        case .notALabel(let path, let value, let voxel):
            return "\(path): label values must be whole numbers from 0 to 65535; found \(Self.number(value)) at voxel "
                + "[\(voxel.map(String.init).joined(separator: ", "))]"
        case .tooLargeForNIfTI1(let dimensions):
            return "a label map of \(dimensions.map(String.init).joined(separator: "×")) voxels is too large for NIfTI-1 "
                + "(at most 32767 along each axis)"
        case .compressionFailed(let error):
            return "the label map could not be compressed: \(error)"
        case .writeFailed(let path, let reason):
            return "\(path): the label map could not be written (\(reason))"
        }
    }

    /// A value as a person reads it: −3, 2.5, NaN (a true minus sign, as elsewhere in messages).
    static func number(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "−infinity" : "infinity" }
        let text = v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(format: "%.6g", v)
        return text.hasPrefix("-") ? "−" + text.dropFirst() : text
    }
}
