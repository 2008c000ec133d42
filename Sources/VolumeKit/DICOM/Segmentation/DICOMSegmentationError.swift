/// Why a DICOM Segmentation cannot be read or laid on an image, one line each, naming the file.
public enum DICOMSegmentationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file itself cannot be read as DICOM (missing, cut short, damaged).
    case unreadable(VolumeKitError)
    /// A DICOM file of another kind (its SOP Class UID, when it has one).
    case notASegmentation(path: String, sopClassUID: String?)
    /// Something the segmentation must hold is missing or contradicts itself.
    case malformed(path: String, detail: String)
    case unsupported(path: String, detail: String)
    /// Number of Frames, the per-frame functional groups and the pixel data disagree.
    case frameCountMismatch(path: String, detail: String)
    /// A frame names a segment that the Segment Sequence does not describe.
    case unknownSegment(path: String, frame: Int, segmentNumber: Int)
    /// The image it was asked to go on is another series than the one it references.
    case notReferenced(path: String, imageSeries: String, referenced: [String])
    /// None of the series it references is among the images at hand.
    case referencedSeriesMissing(path: String, referenced: [String])
    /// A frame does not lie on the image's grid (orientation, pixel spacing, position).
    case gridMismatch(path: String, frame: Int?, detail: String)

    public var path: String {
        switch self {
        case .unreadable(let error): return error.path
        case .notASegmentation(let p, _), .malformed(let p, _), .unsupported(let p, _), .frameCountMismatch(let p, _),
             .unknownSegment(let p, _, _), .notReferenced(let p, _, _), .referencedSeriesMissing(let p, _),
             .gridMismatch(let p, _, _):
            return p
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let error):
            return error.description
        case .notASegmentation(let p, let sop):
            return "\(p): not a DICOM Segmentation (SOP Class UID \(sop ?? "missing"), a segmentation is \(DICOMSegmentation.sopClassUID))"
        case .malformed(let p, let detail):
            return "\(p): damaged segmentation: \(detail)"
        case .unsupported(let p, let detail):
            return "\(p): segmentation not supported: \(detail)"
        case .frameCountMismatch(let p, let detail):
            return "\(p): segmentation frames do not add up: \(detail)"
        case .unknownSegment(let p, let frame, let number):
            return "\(p): frame \(frame + 1) belongs to segment \(number), which the Segment Sequence (0062,0002) does not describe"
        case .notReferenced(let p, let series, let referenced):
            return "\(p): the segmentation was made on series \(referenced.joined(separator: ", ")), not on this image (series \(series))"
        case .referencedSeriesMissing(let p, let referenced):
            let names = referenced.isEmpty ? "no series (Referenced Series Sequence (0008,1115) is empty)" : "series \(referenced.joined(separator: ", "))"
            return "\(p): the segmentation was made on \(names), which is not among the images here"
        case .gridMismatch(let p, let frame, let detail):
            return "\(p): \(frame.map { "frame \($0 + 1) " } ?? "")does not fit the image's grid: \(detail)"
        }
    }
}
