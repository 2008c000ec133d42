import Foundation

/// The records of one image that pass the filter, in a stable order (by kind, annotator,
/// label, id), and the latest `modified` among them (the manifest's time: taken from the
/// inputs, never from the clock, so two exports of unchanged sidecars are identical).
public struct ExportSelection: Sendable {
    public var annotations: [Annotation]
    public var labels: [ImageLabel]
    /// Each label map that goes out, with the segments kept.
    public var segmentations: [(record: Segmentation, segments: [Segmentation.Segment])]

    public init(_ document: SidecarDocument, filter: ExportFilter) {
        annotations = document.annotations.filter { filter.includes($0, in: document) }
            .sorted { ($0.kind.rawValue, $0.annotator, $0.label, $0.id.uuidString) < ($1.kind.rawValue, $1.annotator, $1.label, $1.id.uuidString) }
        labels = document.labels.filter { filter.includes($0, in: document) }
            .sorted { ($0.annotator, $0.labelSet, $0.name, $0.id.uuidString) < ($1.annotator, $1.labelSet, $1.name, $1.id.uuidString) }
        segmentations = document.segmentations.compactMap { s in filter.segments(of: s, in: document).map { (s, $0) } }
            .sorted { ($0.record.annotator, $0.record.file) < ($1.record.annotator, $1.record.file) }
    }

    public var isEmpty: Bool { annotations.isEmpty && labels.isEmpty && segmentations.isEmpty }
    public var recordCount: Int { annotations.count + labels.count + segmentations.count }

    public var latestModified: Timestamp? {
        (annotations.map(\.modified) + labels.map(\.modified) + segmentations.map(\.record.modified)).max()
    }
}
