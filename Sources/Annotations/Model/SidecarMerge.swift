import Foundation

extension SidecarDocument {
    /// Combines two versions of one image's sidecar (the one on disk and a session's) so that
    /// no change of either is lost: per id, the latest change wins, where a deletion (tombstone)
    /// is a change like any other. A stale copy of something deleted later is therefore not
    /// brought back, while an edit made after the deletion (redo, say) is kept. At equal times
    /// a deletion beats an edit, and `self`'s edit beats `other`'s.
    ///
    /// Image identity and geometry are taken from `self`.
    public func merged(with other: SidecarDocument) -> SidecarDocument {
        var tombstones: [UUID: Tombstone] = [:]
        for t in deleted + other.deleted where tombstones[t.id].map({ $0.deleted < t.deleted }) ?? true {
            tombstones[t.id] = t
        }
        var result = self
        result.annotations = Self.merge(annotations, other.annotations, tombstones: &tombstones)
        result.labels = Self.merge(labels, other.labels, tombstones: &tombstones)
        result.notes = Self.merge(notes, other.notes, tombstones: &tombstones)
        result.deleted = tombstones.values.sorted { ($0.deleted, $0.id.uuidString) < ($1.deleted, $1.id.uuidString) }
        return result
    }

    static func merge<R: SidecarRecord>(_ mine: [R], _ theirs: [R], tombstones: inout [UUID: Tombstone]) -> [R] {
        var latest: [UUID: R] = [:]
        for record in theirs { latest[record.id] = record }
        for record in mine where latest[record.id].map({ $0.modified <= record.modified }) ?? true {
            latest[record.id] = record
        }
        var kept: [R] = []
        for record in latest.values {
            if let tombstone = tombstones[record.id] {
                if tombstone.deleted >= record.modified { continue }
                tombstones[record.id] = nil
            }
            kept.append(record)
        }
        return kept.sorted { ($0.created, $0.id.uuidString) < ($1.created, $1.id.uuidString) }
    }
}
