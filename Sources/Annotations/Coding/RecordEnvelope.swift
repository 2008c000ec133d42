import Foundation

/// The keys every record kind carries (`SidecarRecord`): read and written here once.
extension ObjectReader {
    /// `id`, `annotator`, `created`, `modified`, and `modifiedBy` and `revision` (absent in
    /// slicemark/1: the annotator and 0).
    mutating func recordEnvelope() throws
        -> (id: UUID, annotator: String, created: Timestamp, modified: Timestamp, modifiedBy: String, revision: Int) {
        let annotator: String = try self("annotator")
        return (try self("id"), annotator, try self("created"), try self("modified"),
                try optional("modifiedBy") ?? annotator, try optional("revision") ?? 0)
    }
}

extension ObjectWriter {
    mutating func recordEnvelope(_ record: some SidecarRecord) throws {
        try self("id", record.id)
        try self("annotator", record.annotator)
        try self("created", record.created)
        try self("modified", record.modified)
        try self("modifiedBy", record.modifiedBy)
        try self("revision", record.revision)
    }
}
