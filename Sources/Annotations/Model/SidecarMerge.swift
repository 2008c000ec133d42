import Foundation

/// The same record changed on both sides of a merge without one seeing the other's change:
/// the version kept and the one that lost, each as written in the sidecar (a record or a
/// tombstone). The store writes it into the audit log, so nothing is silently dropped.
public struct MergeConflict: Sendable, Equatable {
    public var id: UUID
    public var record: AuditEvent.Record
    public var kept: JSONValue
    public var lost: JSONValue
}

extension SidecarDocument {
    /// Combines two versions of one image's sidecar (the one on disk and a session's) so that
    /// no record of either is lost. Per id, the later change wins, where a deletion (tombstone)
    /// is a change like any other, and "later" is decided by:
    ///
    /// 1. the higher `revision` (see `SidecarRecord`): a change made after seeing another wins,
    ///    even from a machine whose clock is behind;
    /// 2. for changes that did not see each other (equal revisions), the later `modified`
    ///    (`deleted` of a tombstone); then a deletion over an edit; then the greater
    ///    `modifiedBy`; then `self`.
    ///
    /// A stale copy of something deleted later is therefore not brought back, while an edit
    /// made after the deletion (undo, say) is kept. Image identity and geometry are `self`'s;
    /// top-level keys this slicemark does not know are `other`'s where both have them (this
    /// slicemark never changes them, so the file on disk has the newest).
    public func merged(with other: SidecarDocument) -> SidecarDocument {
        merge(with: other, changed: [:]).document
    }

    /// `merged(with:)`, also reporting conflicts: `changed` maps each record `self` changed
    /// since it last saw `other` to the revision its change replaced (0 for a new record). Such
    /// a record that `other` also changed (to a higher revision than that) is a conflict.
    public func merge(with other: SidecarDocument, changed: [UUID: Int]) -> (document: SidecarDocument, conflicts: [MergeConflict]) {
        var context = MergeContext(mine: Dictionary(deleted.map { ($0.id, $0) }, uniquingKeysWith: Self.later),
                                   theirs: Dictionary(other.deleted.map { ($0.id, $0) }, uniquingKeysWith: Self.later),
                                   changed: changed)
        var result = self
        result.annotations = context.merge(annotations, other.annotations)
        result.labels = context.merge(labels, other.labels)
        result.notes = context.merge(notes, other.notes)
        result.reviews = context.merge(reviews, other.reviews)
        result.segmentations = context.merge(segmentations, other.segmentations)
        // Deletions of ids no record list holds on either side (or whose deletion won).
        var tombstones = context.keptTombstones
        for (id, t) in context.mine.merging(context.theirs, uniquingKeysWith: Self.later) where !context.handled.contains(id) {
            tombstones[id] = t
        }
        result.deleted = tombstones.values.sorted { ($0.deleted, $0.id.uuidString) < ($1.deleted, $1.id.uuidString) }
        result.unknown = unknown.merging(other.unknown) { _, theirs in theirs }
        return (result, context.conflicts)
    }

    /// The version of record `id` in this document, whatever its kind: its revision, its kind
    /// for the audit log, and its JSON (a tombstone when it was deleted).
    public func version(of id: UUID) -> (revision: Int, record: AuditEvent.Record, json: JSONValue)? {
        func found<R: SidecarRecord>(_ list: [R]) -> (Int, AuditEvent.Record, JSONValue)? {
            list.first { $0.id == id }.map { ($0.revision, R.auditRecord, Version<R>.record($0).json) }
        }
        if let v = found(annotations) ?? found(labels) ?? found(notes) ?? found(reviews) ?? found(segmentations) { return v }
        return deleted.first { $0.id == id }.map { ($0.revision, .annotation, Version<Annotation>.deleted($0).json) }
    }

    static func later(_ a: Tombstone, _ b: Tombstone) -> Tombstone {
        (b.revision, b.deleted) > (a.revision, a.deleted) ? b : a
    }
}

/// One id's version on one side of a merge.
private enum Version<R: SidecarRecord> {
    case record(R)
    case deleted(Tombstone)

    var revision: Int {
        switch self { case .record(let r): r.revision; case .deleted(let t): t.revision }
    }

    /// The order of `SidecarDocument.merged(with:)`, minus the final "self wins".
    func sortsAfter(_ other: Version) -> Bool {
        func key(_ v: Version) -> (Int, Int64, Int, String) {
            switch v {
            case .record(let r): return (r.revision, r.modified.millisecondsSince1970, 0, r.modifiedBy)
            case .deleted(let t): return (t.revision, t.deleted.millisecondsSince1970, 1, t.deletedBy)
            }
        }
        return key(self) > key(other)
    }

    func isSame(as other: Version) -> Bool {
        switch (self, other) {
        case (.record(let a), .record(let b)): return a == b
        case (.deleted(let a), .deleted(let b)): return a == b
        default: return false
        }
    }

    var json: JSONValue {
        let encoder = JSONEncoder()
        let data: Data?
        switch self {
        case .record(let r): data = try? encoder.encode(r)
        case .deleted(let t): data = try? encoder.encode(t)
        }
        return data.flatMap { try? JSONDecoder().decode(JSONValue.self, from: $0) } ?? .null
    }
}

private struct MergeContext {
    var mine: [UUID: Tombstone]
    var theirs: [UUID: Tombstone]
    var changed: [UUID: Int]
    var keptTombstones: [UUID: Tombstone] = [:]
    var handled: Set<UUID> = []
    var conflicts: [MergeConflict] = []

    init(mine: [UUID: Tombstone], theirs: [UUID: Tombstone], changed: [UUID: Int]) {
        self.mine = mine
        self.theirs = theirs
        self.changed = changed
    }

    mutating func merge<R: SidecarRecord>(_ myRecords: [R], _ theirRecords: [R]) -> [R] {
        let my = Dictionary(myRecords.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let their = Dictionary(theirRecords.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var kept: [R] = []
        for id in Set(my.keys).union(their.keys) {
            handled.insert(id)
            let mineVersion = Self.version(my[id], mine[id])
            let theirVersion = Self.version(their[id], theirs[id])
            let winner: Version<R>
            switch (mineVersion, theirVersion) {
            case (let m?, let t?): winner = t.sortsAfter(m) ? t : m
            case (let m?, nil): winner = m
            case (nil, let t?): winner = t
            case (nil, nil): continue
            }
            if let base = changed[id], let m = mineVersion, let t = theirVersion, t.revision > base, !m.isSame(as: t),
               !(Self.isDeletion(m) && Self.isDeletion(t)) {
                let loser = winner.isSame(as: m) ? t : m
                conflicts.append(MergeConflict(id: id, record: R.auditRecord, kept: winner.json, lost: loser.json))
            }
            switch winner {
            case .record(let r): kept.append(r)
            case .deleted(let t): keptTombstones[id] = t
            }
        }
        return kept.sorted { ($0.created, $0.id.uuidString) < ($1.created, $1.id.uuidString) }
    }

    private static func isDeletion<R>(_ v: Version<R>) -> Bool {
        if case .deleted = v { return true }
        return false
    }

    /// A side's version of an id: its record, or its tombstone, whichever is later.
    private static func version<R: SidecarRecord>(_ record: R?, _ tombstone: Tombstone?) -> Version<R>? {
        switch (record, tombstone) {
        case (let r?, let t?):
            let a = Version<R>.record(r), b = Version<R>.deleted(t)
            return b.sortsAfter(a) ? b : a
        case (let r?, nil): return .record(r)
        case (nil, let t?): return .deleted(t)
        case (nil, nil): return nil
        }
    }
}
