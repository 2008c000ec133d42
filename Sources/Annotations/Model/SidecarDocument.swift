import Foundation
import VolumeKit

/// The contents of one sidecar file (`"schema": "slicemark/2"`): the image it belongs to, its
/// grid, every annotator's annotations, labels, notes, reviews and label maps, and the ids of
/// deleted records.
///
/// Reading a `slicemark/1` file upgrades it in memory (see `LegacyReview`); writing always
/// writes `slicemark/2`. Keys and record kinds this slicemark does not know are kept in the
/// `unknown` of the object they were found in and written back unchanged.
public struct SidecarDocument: Sendable, Equatable, Codable {
    public static let schemaName = "slicemark/2"
    public static let version1 = "slicemark/1"
    public static let readableSchemas = [version1, schemaName]

    public var schema: String
    public var image: SidecarImage
    public var geometry: SidecarGeometry
    public var annotations: [Annotation]
    public var labels: [ImageLabel]
    public var notes: [Note]
    public var reviews: [ReviewRecord]
    public var segmentations: [Segmentation]
    public var deleted: [Tombstone]
    /// Top-level keys of a newer slicemark (other record kinds, say), kept as they were.
    public var unknown: UnknownKeys = [:]

    public init(image: SidecarImage, geometry: SidecarGeometry, annotations: [Annotation] = [],
                labels: [ImageLabel] = [], notes: [Note] = [], reviews: [ReviewRecord] = [],
                segmentations: [Segmentation] = [], deleted: [Tombstone] = []) {
        self.schema = Self.schemaName
        self.image = image
        self.geometry = geometry
        self.annotations = annotations
        self.labels = labels
        self.notes = notes
        self.reviews = reviews
        self.segmentations = segmentations
        self.deleted = deleted
    }

    public func annotation(_ id: UUID) -> Annotation? { annotations.first { $0.id == id } }

    /// Whether there is nothing to keep: no record, no deletion, nothing unknown.
    public var isEmpty: Bool {
        annotations.isEmpty && labels.isEmpty && notes.isEmpty && reviews.isEmpty && segmentations.isEmpty
            && deleted.isEmpty && unknown.isEmpty
    }

    /// The highest revision of any record or deletion: the next change gets one more.
    public var highestRevision: Int {
        let all = annotations.map(\.revision) + labels.map(\.revision) + notes.map(\.revision)
            + reviews.map(\.revision) + segmentations.map(\.revision) + deleted.map(\.revision)
        return all.max() ?? 0
    }

    /// A document for an image that has no sidecar store (the built-in demo, or a sidecar that
    /// was refused): annotations can be made and shown but are not saved. Nothing is hashed.
    public init(unsavedFor volume: Volume) {
        let id = volume.metadata.identity
        self.init(image: SidecarImage(format: volume.metadata.format, studyInstanceUID: id.studyInstanceUID,
                                      seriesInstanceUID: id.seriesInstanceUID, sopInstanceUIDs: id.sopInstanceUIDs),
                  geometry: SidecarGeometry(volume: volume))
    }

    public init(from decoder: any Decoder) throws {
        var r = try ObjectReader(decoder)
        let found: String = try r("schema")
        schema = Self.schemaName
        image = try r("image")
        geometry = try r("geometry")
        annotations = try r.optional("annotations") ?? []
        labels = try r.optional("labels") ?? []
        notes = try r.optional("notes") ?? []
        reviews = try r.optional("reviews") ?? []
        segmentations = try r.optional("segmentations") ?? []
        deleted = try r.optional("deleted") ?? []
        unknown = try r.unknown()
        if found == Self.version1 { upgradeVersion1Reviews() }
    }

    public func encode(to encoder: any Encoder) throws {
        var w = ObjectWriter(encoder)
        try w("schema", Self.schemaName)
        try w("image", image)
        try w("geometry", geometry)
        try w("annotations", annotations)
        try w("labels", labels)
        try w("notes", notes)
        try w("reviews", reviews)
        try w("segmentations", segmentations)
        try w("deleted", deleted)
        try w.unknown(unknown)
    }
}
