/// Finds the segmentations among the images of a folder scan and the series each was made on,
/// reading headers only.
public enum DICOMSegmentationPairing {
    public struct Pair: Sendable, Equatable {
        public var summary: DICOMSegmentationSummary
        /// The series it references, when it is among the sources.
        public var series: DICOMSeriesSource?
    }

    /// Splits `sources` (from `VolumeLoader.sources(at:)`) into images and segmentations. A
    /// segmentation that cannot be read as one (damaged, label map) stays among the images,
    /// where opening it says what is wrong.
    public static func split(_ sources: [ImageSource]) -> (images: [ImageSource], segmentations: [Pair]) {
        var images: [ImageSource] = []
        var found: [DICOMSegmentationSummary] = []
        for source in sources {
            let files: [String]
            switch source {
            case .file(let path, let format) where format == .dicom: files = [path]
            case .dicomSeries(let series): files = series.files
            default:
                images.append(source)
                continue
            }
            // A series' files are all segmentations or none (the scanner splits by SOP instance
            // only for multi-frame files): the first file decides.
            guard let first = files.first, DICOMSegmentation.isSegmentation(path: first) else {
                images.append(source)
                continue
            }
            let summaries = files.compactMap { try? DICOMSegmentation.summary(path: $0) }
            if summaries.count == files.count { found += summaries } else { images.append(source) }
        }
        let series = sources.compactMap { source -> DICOMSeriesSource? in
            if case .dicomSeries(let s) = source { return s }
            return nil
        }
        let pairs = found.map { summary in
            Pair(summary: summary, series: series.first { s in
                summary.referencedSeriesInstanceUIDs.contains(s.seriesInstanceUID)
                    && !found.contains { $0.seriesInstanceUID == s.seriesInstanceUID }
            })
        }
        return (images, pairs)
    }
}

extension DICOMSegmentationSummary {
    /// The series it references among `sources`; throws `.referencedSeriesMissing` when none is there.
    public func referencedSeries(in sources: [ImageSource]) throws(DICOMSegmentationError) -> DICOMSeriesSource {
        for source in sources {
            if case .dicomSeries(let s) = source, referencedSeriesInstanceUIDs.contains(s.seriesInstanceUID),
               s.seriesInstanceUID != seriesInstanceUID {
                return s
            }
        }
        throw .referencedSeriesMissing(path: path, referenced: referencedSeriesInstanceUIDs)
    }
}
