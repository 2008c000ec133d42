import Annotations
import Foundation
import VolumeKit

/// A DICOM Segmentation opened on its own (its series is not in the folder): shown as its
/// labels, in its segments' colours, on the grid of its frames.
enum SegmentationImage {
    /// The image to show for a volume read from a segmentation file: its labels as the voxels
    /// (so the grid is the segmentation's own, frames placed by position), keeping the file's
    /// metadata. Nil for any other image.
    static func volume(replacing volume: Volume) -> Volume? {
        guard volume.metadata.format == .dicom, volume.metadata.sourceFiles.count == 1,
              let path = volume.metadata.sourceFiles.first, DICOMSegmentation.isSegmentation(path: path),
              let segmentation = try? DICOMSegmentation.read(path: path),
              let labels = try? segmentation.ownGrid() else { return nil }
        var shown = segmentation.labelVolume(labels)
        shown.metadata.fields = volume.metadata.fields
        return shown
    }

    /// The labels of a segmentation shown on its own (its volume made by `volume(replacing:)`),
    /// drawn over it in its segments' colours; nil for other images.
    static func labels(of volume: Volume) -> Result<ReferenceLabelMap, LabelMapReading.Problem>? {
        guard volume.metadata.format == .dicom, volume.metadata.sourceFiles.count == 1,
              let path = volume.metadata.sourceFiles.first, DICOMSegmentation.isSegmentation(path: path) else { return nil }
        let name = (path as NSString).lastPathComponent
        do {
            guard let summary = try DICOMSegmentation.summary(path: path) else { return nil }
            let map = try LabelMapReading.labels(ofImage: volume)
            return .success(ReferenceLabelMap(name: name, path: path, map: map, table: LabelMapReading.table(of: summary.segments),
                                              kind: .image))
        } catch {
            return .failure(.init(text: "\(error)".replacingOccurrences(of: path, with: name)))
        }
    }
}
