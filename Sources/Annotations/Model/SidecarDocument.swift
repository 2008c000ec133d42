import Foundation
import VolumeKit

/// The contents of one sidecar file (`"schema": "slicemark/1"`): the image it belongs to,
/// its grid, every annotator's annotations, labels and notes, and the ids of deleted ones.
public struct SidecarDocument: Sendable, Equatable, Codable {
    public static let schemaName = "slicemark/1"

    public var schema: String
    public var image: SidecarImage
    public var geometry: SidecarGeometry
    public var annotations: [Annotation]
    public var labels: [ImageLabel]
    public var notes: [Note]
    public var deleted: [Tombstone]

    public init(image: SidecarImage, geometry: SidecarGeometry, annotations: [Annotation] = [],
                labels: [ImageLabel] = [], notes: [Note] = [], deleted: [Tombstone] = []) {
        self.schema = Self.schemaName
        self.image = image
        self.geometry = geometry
        self.annotations = annotations
        self.labels = labels
        self.notes = notes
        self.deleted = deleted
    }

    public func annotation(_ id: UUID) -> Annotation? { annotations.first { $0.id == id } }

    /// A document for an image that has no sidecar store (the built-in demo, or a sidecar that
    /// was refused): annotations can be made and shown but are not saved. Nothing is hashed.
    public init(unsavedFor volume: Volume) {
        let id = volume.metadata.identity
        self.init(image: SidecarImage(format: volume.metadata.format, studyInstanceUID: id.studyInstanceUID,
                                      seriesInstanceUID: id.seriesInstanceUID, sopInstanceUIDs: id.sopInstanceUIDs),
                  geometry: SidecarGeometry(volume: volume))
    }
}
