import Annotations
import Foundation
import VolumeKit

/// What the loading thread found of an image's label maps: the annotator's own (to go on
/// painting), the others' drawn beside it, and one line for each that could not be used.
public struct LabelMapsFound: Sendable {
    public var own: LabelMapContext?
    public var references: [ReferenceLabelMap] = []
    public var problems: [String] = []
    /// Why your own label map, which exists, cannot be used (then painting is refused).
    public var ownRefusal: String?

    public init(own: LabelMapContext? = nil, references: [ReferenceLabelMap] = [], problems: [String] = []) {
        self.own = own
        self.references = references
        self.problems = problems
    }
}

extension LabelMapsFound {
    /// A DICOM Segmentation of the series shown, laid on its grid.
    mutating func add(dicomSegmentation path: String, on volume: Volume) {
        let name = (path as NSString).lastPathComponent
        do {
            let segmentation = try DICOMSegmentation.read(path: path)
            let labels = try segmentation.labelMap(on: volume)
            references.append(ReferenceLabelMap(name: name, path: path, map: labels.labelMap,
                                                table: LabelMapReading.table(of: labels.segments), kind: .file))
            if labels.overlappingVoxels > 0 {
                problems.append("\(name): \(labels.overlappingVoxels) voxels belong to two segments; each shows the higher segment number")
            }
        } catch {
            problems.append("\(error)".replacingOccurrences(of: path, with: name))
        }
    }
}
