import Annotations
import Foundation

/// Saving, as the reducer sees it: `.save` from any unit becomes one `write` of the session's
/// document and audit events (nothing at all when nothing changed, so viewing writes no file);
/// the saving thread's answers (`saved`, `saveFailed`) and other sessions' saves found by polling
/// (`externalChange`) are merged back into the session. No file is touched here.
enum AnnotationSaving {
    /// Replaces each `.save` with the `write` it stands for, and puts a last `write` before
    /// `.quit` so that quitting saves everything.
    static func resolve(_ effects: [Effect], _ state: inout ViewerState) -> [Effect] {
        guard effects.contains(where: { $0 == .save || $0 == .quit }) else { return effects }
        var out: [Effect] = []
        for effect in effects {
            switch effect {
            case .save:
                if let request = request(&state) { out.append(.write(request)) }
            case .quit:
                if let request = request(&state) { out.append(.write(request)) }
                out.append(.quit)
            default:
                out.append(effect)
            }
        }
        return out
    }

    /// A write of the image shown, or nil when it has nothing new or is not saved anywhere.
    static func request(_ state: inout ViewerState) -> SaveRequest? {
        guard var context = state.annotation, let store = context.store, context.notSavedReason == nil else { return nil }
        let audit = context.auditBacklog + context.session.takeAuditEvents()
        guard context.unsavedChanges > 0 || !audit.isEmpty else { return nil }
        context.auditBacklog = []
        context.unsavedChanges = 0
        context.requested += 1
        var labelMap: LabelMapSave?
        if var labels = context.labelMap, labels.hasUnsavedStrokes, let path = labels.path,
           let record = context.session.segmentation(of: context.session.annotator) {
            labelMap = LabelMapSave(path: path, map: labels.map, table: labels.table, recordID: record.id, revision: labels.revision)
            labels.requestedRevision = labels.revision
            context.labelMap = labels
        }
        state.annotation = context
        return SaveRequest(store: store, document: context.session.document, audit: audit,
                           generation: state.documentGeneration, sequence: context.requested, labelMap: labelMap)
    }

    /// The saving thread wrote the sidecar: take in what it merged from other sessions.
    static func saved(_ state: inout ViewerState, _ result: SaveResult) -> [Effect] {
        guard result.generation == state.documentGeneration, var context = state.annotation else { return [] }
        context.session.adopt(context.session.document.merged(with: result.snapshot.document))
        context.seen = result.snapshot.stamp
        context.confirmed = max(context.confirmed, result.sequence)
        if context.confirmed == context.requested { context.saveFailed = false }
        state.annotation = context
        return []
    }

    /// A write failed: the status line says so, and the next save carries its audit events.
    static func failed(_ state: inout ViewerState, _ failure: SaveFailure) -> [Effect] {
        state.message = .init(text: "annotations not saved: \(failure.reason)", isError: true)
        guard failure.generation == state.documentGeneration, var context = state.annotation else { return [] }
        context.auditBacklog = failure.audit + context.auditBacklog
        context.unsavedChanges += 1
        // The label map goes with the next save again.
        context.labelMap?.requestedRevision = -1
        context.confirmed = max(context.confirmed, failure.sequence)
        context.saveFailed = true
        state.annotation = context
        return []
    }

    /// Once a second: look for other sessions' saves, unless a save of ours is still under way.
    static func tick(_ state: inout ViewerState) -> [Effect] {
        guard let context = state.annotation, let store = context.store, context.isSaving,
              context.confirmed == context.requested, !context.opening else { return [] }
        return [.poll(PollRequest(store: store, seen: context.seen, generation: state.documentGeneration))]
    }

    /// Another session saved this image's sidecar: merge its work into ours.
    static func external(_ state: inout ViewerState, _ snapshot: SidecarSnapshot, generation: Int) -> [Effect] {
        guard generation == state.documentGeneration, var context = state.annotation else { return [] }
        let before = context.session.document
        context.session.adopt(before.merged(with: snapshot.document))
        context.seen = snapshot.stamp
        state.annotation = context
        if context.session.document != before {
            state.message = .init(text: ReviewStatus.news(before: before, after: context.session.document, state)
                                  ?? "annotations merged with another session's save", isError: false)
        }
        return []
    }
}
