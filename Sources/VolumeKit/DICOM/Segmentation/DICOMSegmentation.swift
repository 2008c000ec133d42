import Foundation

/// A DICOM Segmentation (Segmentation Storage, SOP Class 1.2.840.10008.5.1.4.1.1.66.4, PS3.3
/// A.51): segments with their labels and recommended colours, and one mask frame after another,
/// each belonging to one segment and lying at its own plane position.
///
/// ```swift
/// let seg = try DICOMSegmentation.read(path: "liver.dcm")
/// let labels = try seg.labelMap(on: ct)   // on the series it references
/// let alone = try seg.ownGrid()            // or on a grid of its own frames
/// ```
///
/// Label Map Segmentations (SOP Class …66.7), whose 8- or 16-bit pixels are segment numbers,
/// are read too.
///
/// - BINARY frames are 1 bit a pixel, packed across frame boundaries (a frame need not start
///   on a byte); FRACTIONAL frames hold 0…Maximum Fractional Value, and a pixel is taken to be
///   in the segment when its value is at least half the maximum (a probability ≥ 0.5).
/// - Native, deflated and encapsulated pixel data are read through the DICOM reader's own
///   pixel reader and codec registry (RLE, JPEG 2000, JPEG-LS, … as for images).
/// - Memory: one bit a pixel a frame, whatever the type.
public struct DICOMSegmentation: Sendable {
    public static let sopClassUID = "1.2.840.10008.5.1.4.1.1.66.4"
    /// Label Map Segmentation Storage (one frame a plane, pixel values = segment numbers).
    public static let labelMapSOPClassUID = "1.2.840.10008.5.1.4.1.1.66.7"

    public let summary: DICOMSegmentationSummary
    /// One mask a frame, in frame order: the pixels in the frame's segment (in a label map:
    /// in any segment).
    public let masks: [DICOMSegmentationMask]
    /// A label map's pixel values, one array a frame; empty for binary and fractional.
    let frameLabels: [[UInt16]]

    init(summary: DICOMSegmentationSummary, masks: [DICOMSegmentationMask], frameLabels: [[UInt16]] = []) {
        self.summary = summary
        self.masks = masks
        self.frameLabels = frameLabels
    }

    /// The segment the pixel at `offset` (row × columns + column) of frame `frame` is in, 0 none.
    public func segmentNumber(frame: Int, offset: Int) -> Int {
        guard masks[frame][offset] else { return 0 }
        return frameLabels.isEmpty ? frames[frame].segmentNumber : Int(frameLabels[frame][offset])
    }

    public var path: String { summary.path }
    public var segments: [DICOMSegment] { summary.segments }
    public var frames: [DICOMSegmentationFrame] { summary.frames }
    public var type: DICOMSegmentationType { summary.type }

    /// Reads the whole segmentation, masks included.
    public static func read(path: String) throws(DICOMSegmentationError) -> DICOMSegmentation {
        let header: DICOMHeader
        do { header = try DICOMHeader.read(path: path) } catch { throw .unreadable(error) }
        let summary = try DICOMSegmentationSummary(header)
        let (masks, labels) = try DICOMSegmentationPixels.read(header, summary)
        return DICOMSegmentation(summary: summary, masks: masks, frameLabels: labels)
    }

    /// The header only (no pixel data read): nil when the file is DICOM but no segmentation.
    /// Throws when it is a segmentation that cannot be read, or not a readable DICOM file.
    public static func summary(path: String) throws(DICOMSegmentationError) -> DICOMSegmentationSummary? {
        let header: DICOMHeader
        do { header = try DICOMHeader.read(path: path) } catch { throw .unreadable(error) }
        do {
            return try DICOMSegmentationSummary(header)
        } catch .notASegmentation(_, _) {
            return nil
        }
    }

    /// Whether the file is a DICOM Segmentation (binary, fractional or label map), from its
    /// header; false for anything unreadable.
    public static func isSegmentation(path: String) -> Bool {
        guard let header = try? DICOMHeader.read(path: path) else { return false }
        let sop = header.dataset.string(.sopClassUID)
        return sop == sopClassUID || sop == labelMapSOPClassUID
            || (sop == nil && header.dataset.string(.modality) == "SEG" && header.dataset.contains(.segmentSequence))
    }
}
