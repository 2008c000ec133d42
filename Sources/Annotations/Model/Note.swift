import Foundation

/// A free-text note on the image; each annotator has at most one.
public struct Note: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var annotator: String
    public var text: String
    public var created: Timestamp
    public var modified: Timestamp

    public init(id: UUID = UUID(), annotator: String, text: String, created: Timestamp, modified: Timestamp? = nil) {
        self.id = id
        self.annotator = annotator
        self.text = text
        self.created = created
        self.modified = modified ?? created
    }
}
