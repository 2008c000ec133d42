import Foundation

/// A categorical label one annotator set on the image (`slice` absent: the whole series or
/// volume) or on one 2D image of it (`slice`: index k along the volume's third axis).
public struct ImageLabel: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var labelSet: String
    public var name: String
    public var slice: Int?
    public var annotator: String
    public var created: Timestamp
    public var modified: Timestamp

    public init(id: UUID = UUID(), labelSet: String, name: String, slice: Int? = nil,
                annotator: String, created: Timestamp, modified: Timestamp? = nil) {
        self.id = id
        self.labelSet = labelSet
        self.name = name
        self.slice = slice
        self.annotator = annotator
        self.created = created
        self.modified = modified ?? created
    }
}
