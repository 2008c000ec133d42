import Foundation
import VolumeKit

/// One annotator's editing session on one image: the sidecar document, the selection, the
/// shape being drawn, and undo/redo. A value type with no I/O and no hidden inputs: the time of
/// a change is `now`, which the caller sets before each call, and new record ids come from the
/// seeded `RecordIDs` given at init, so the same inputs always give the same document. The
/// viewer keeps it in its state, calls it from its reducer, and saves `document` (with
/// `takeAuditEvents()`) through an `AnnotationStore` whenever a call returns `documentChanged`.
///
/// ```swift
/// var session = AnnotationSession(document: store.load().document, annotator: "dr.a",
///                                 ids: RecordIDs(seed: .random(in: 0 ... .max)), now: .now())
/// session.now = .now()
/// let change = session.placeLandmark(at: [120, 88, 40], plane: .axial, volume: volume)
/// if change.documentChanged { let saved = try store.save(session.document, audit: session.takeAuditEvents())
///                             session.adopt(saved.document) }
/// ```
///
/// Every change is undoable: undo writes the earlier state back as a new change (a higher
/// revision than anything it replaces), so it also wins when merged with other sessions' work.
public struct AnnotationSession: Sendable {
    public private(set) var document: SidecarDocument
    public let annotator: String
    public var labelSet: LabelSet?
    public var template: LandmarkTemplate?
    /// Label given to new regions; nil names them "rectangle 1", "ellipse 2", ….
    public var regionLabel: String?
    /// The timepoint the viewer shows (4D images): new annotations record it and region
    /// statistics are taken from it.
    public var timepoint: Int = 0
    /// The frames of a cine (nil for an image of slices): new annotations record their frame
    /// and its time, and annotations can be tracks.
    public var frameTiming: FrameTiming?
    public internal(set) var selection: UUID?
    public internal(set) var pending: PendingShape?
    /// The time of the next change: set it before each call that may edit.
    public var now: Timestamp
    /// Where new record ids come from.
    public internal(set) var ids: RecordIDs
    /// The Lamport clock: the highest revision this session has seen or made.
    public private(set) var clock: Int
    var undoStack: [Edit] = []
    /// The annotation the last edits moved, while nothing else has been done since.
    var movingRun: UUID?
    /// The frame of a cine a run of moves of a track was on: a move on another frame starts a
    /// new undo step (each key frame's move is undone on its own).
    var movingRunFrame: Int?
    var redoStack: [Edit] = []
    var audit: [AuditEvent] = []

    public init(document: SidecarDocument, annotator: String, ids: RecordIDs, now: Timestamp,
                labelSet: LabelSet? = nil, template: LandmarkTemplate? = nil) {
        self.document = document
        self.annotator = annotator
        self.ids = ids
        self.now = now
        self.clock = document.highestRevision
        self.labelSet = labelSet
        self.template = template
    }

    public var selectedAnnotation: Annotation? { selection.flatMap { document.annotation($0) } }

    /// Takes in the document as saved or reloaded (others' work merged in). The selection is
    /// kept while its annotation exists; undo history is kept. A change of this session not yet
    /// saved that lost to another session's change in `merged` is recorded as a `conflict`
    /// audit event (both versions), written with the next save.
    public mutating func adopt(_ merged: SidecarDocument) {
        var seen: Set<UUID> = []
        for event in audit where event.action != .conflict && seen.insert(event.id).inserted {
            guard let mine = document.version(of: event.id), let theirs = merged.version(of: event.id),
                  mine.json != theirs.json, theirs.revision >= mine.revision else { continue }
            audit.append(AuditEvent(time: now, annotator: annotator, action: .conflict, cause: .merge, record: mine.record,
                                    id: event.id, summary: "changed in two sessions at once: the later change (by revision) is kept",
                                    kept: theirs.json, lost: mine.json))
        }
        document = merged
        clock = max(clock, merged.highestRevision)
        if let id = selection, merged.annotation(id) == nil { selection = nil }
    }

    /// The audit events since the last call, for `AnnotationStore.save`.
    public mutating func takeAuditEvents() -> [AuditEvent] {
        defer { audit.removeAll() }
        return audit
    }

    // MARK: Selection

    /// Annotations in the order `Tab` visits them: by creation time.
    public var annotationsInOrder: [Annotation] {
        document.annotations.sorted { ($0.created, $0.id.uuidString) < ($1.created, $1.id.uuidString) }
    }

    /// Ends a run of moves: the next move is an undo step of its own (move mode ended).
    public mutating func endMoveRun() { movingRun = nil }

    public mutating func select(_ id: UUID?) {
        selection = id.flatMap { document.annotation($0) == nil ? nil : $0 }
    }

    public mutating func selectNext() -> SessionChange { cycleSelection(by: 1) }
    public mutating func selectPrevious() -> SessionChange { cycleSelection(by: -1) }

    private mutating func cycleSelection(by step: Int) -> SessionChange {
        let ordered = annotationsInOrder
        guard !ordered.isEmpty else { selection = nil; return .info("no annotations to select") }
        let current = selection.flatMap { id in ordered.firstIndex { $0.id == id } }
        let index = current.map { (($0 + step) % ordered.count + ordered.count) % ordered.count }
            ?? (step > 0 ? 0 : ordered.count - 1)
        selection = ordered[index].id
        return .info("selected \(Self.describe(ordered[index])) (\(index + 1)/\(ordered.count))")
    }

    // MARK: Undo and redo

    public mutating func undo() -> SessionChange {
        if var shape = pending {
            shape.points.removeLast()
            pending = shape.points.isEmpty ? nil : shape
            return .info(pending == nil ? "\(shape.tool.rawValue) cancelled" : "\(shape.tool.rawValue): point removed")
        }
        guard let edit = undoStack.popLast() else { return .info("nothing to undo") }
        movingRun = nil
        let ids = perform(edit, forward: false, cause: .undo)
        redoStack.append(edit)
        return SessionChange(documentChanged: true, message: "undone: \(edit.summary)", affected: ids)
    }

    public mutating func redo() -> SessionChange {
        guard let edit = redoStack.popLast() else { return .info("nothing to redo") }
        movingRun = nil
        let ids = perform(edit, forward: true, cause: .redo)
        undoStack.append(edit)
        return SessionChange(documentChanged: true, message: "redone: \(edit.summary)", affected: ids)
    }

    /// Applies a new edit, records it for undo, and reports it.
    mutating func commit(_ edit: Edit, message: String? = nil) -> SessionChange {
        let ids = perform(edit, forward: true, cause: .edit)
        undoStack.append(edit)
        redoStack.removeAll()
        movingRun = nil
        return SessionChange(documentChanged: true, message: message ?? edit.summary, affected: ids)
    }

    /// A move of annotation `id` right after moves of the same one: applied and audited like any
    /// change, but one undo step with them (a run of one-pixel nudges is undone at once).
    mutating func commitMove(_ edit: Edit, of id: UUID, message: String) -> SessionChange {
        guard movingRun == id, let last = undoStack.last, case .annotation(let first?, _)? = last.changes.first,
              case .annotation(_, let after?)? = edit.changes.first, last.changes.count == 1, edit.changes.count == 1 else {
            let change = commit(edit, message: message)
            movingRun = id
            return change
        }
        let ids = perform(edit, forward: true, cause: .edit)
        undoStack[undoStack.count - 1] = Edit(summary: edit.summary, changes: [.annotation(before: first, after: after)])
        redoStack.removeAll()
        return SessionChange(documentChanged: true, message: message, affected: ids)
    }

    /// Writes each record's `after` (forward) or `before` state into the document as a fresh
    /// change by this annotator, returning the ids touched.
    private mutating func perform(_ edit: Edit, forward: Bool, cause: AuditEvent.Cause) -> [UUID] {
        let changes = forward ? edit.changes : edit.changes.reversed()
        var ids: [UUID] = []
        for change in changes {
            switch change {
            case .annotation(let before, let after):
                let target = forward ? after : before, replaced = forward ? before : after
                let id = write(target, id: (before ?? after)!.id, in: \.annotations,
                               record: .annotation, cause: cause, summary: edit.summary)
                ids.append(id)
                // Something that appears (placed, or brought back by undo) becomes the selection.
                if target != nil, replaced == nil { selection = id }
            case .label(let before, let after):
                ids.append(write(forward ? after : before, id: (before ?? after)!.id, in: \.labels,
                                 record: .label, cause: cause, summary: edit.summary))
            case .note(let before, let after):
                ids.append(write(forward ? after : before, id: (before ?? after)!.id, in: \.notes,
                                 record: .note, cause: cause, summary: edit.summary))
            case .review(let before, let after):
                ids.append(write(forward ? after : before, id: (before ?? after)!.id, in: \.reviews,
                                 record: .review, cause: cause, summary: edit.summary))
            }
        }
        if let id = selection, document.annotation(id) == nil { selection = nil }
        return ids
    }

    mutating func write<R: SidecarRecord>(_ target: R?, id: UUID, in records: WritableKeyPath<SidecarDocument, [R]>,
                                                  record: AuditEvent.Record, cause: AuditEvent.Cause,
                                                  summary: String) -> UUID {
        let index = document[keyPath: records].firstIndex { $0.id == id }
        let current = index.map { document[keyPath: records][$0] }
        let tombstone = document.deleted.firstIndex { $0.id == id }
        let previous = [current?.modified, tombstone.map { document.deleted[$0].deleted }].compactMap { $0 }.max()
        let base = current?.revision ?? tombstone.map { document.deleted[$0].revision } ?? 0
        let time = now.after(previous)
        clock = max(clock, document.highestRevision) + 1
        if var target {
            target.touch(by: annotator, at: time, revision: clock)
            if let index { document[keyPath: records][index] = target } else { document[keyPath: records].append(target) }
            if let tombstone { document.deleted.remove(at: tombstone) }
            var e = event(for: target, action: current == nil ? .create : .update, record: record,
                          cause: cause, summary: summary, time: time, base: base)
            e.before = current.flatMap(AuditEvent.json)
            e.after = AuditEvent.json(target)
            audit.append(e)
        } else if let index, let current {
            document[keyPath: records].remove(at: index)
            let mark = Tombstone(id: id, deletedBy: annotator, deleted: time, revision: clock)
            if let tombstone { document.deleted[tombstone] = mark } else { document.deleted.append(mark) }
            var e = event(for: current, action: .delete, record: record, cause: cause, summary: summary, time: time, base: base)
            e.revision = clock
            e.before = AuditEvent.json(current)
            audit.append(e)
        }
        return id
    }

    private func event<R: SidecarRecord>(for r: R, action: AuditEvent.Action, record: AuditEvent.Record,
                                         cause: AuditEvent.Cause, summary: String, time: Timestamp, base: Int) -> AuditEvent {
        let (kind, label) = AuditEvent.describe(r)
        return AuditEvent(time: time, annotator: annotator, action: action, cause: cause, record: record,
                          id: r.id, kind: kind, label: label, summary: summary, revision: r.revision, baseRevision: base)
    }

    static func describe(_ a: Annotation) -> String {
        "\(a.kind.rawValue) \"\(a.label)\""
    }
}
