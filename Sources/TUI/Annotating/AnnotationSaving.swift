import Annotations
import Foundation

/// The I/O half of annotating, performed by the run loop (never by the reducer): saving the
/// session through its store after each change, and taking in what other sessions saved.
enum AnnotationSaving {
    /// Saves the session of the image on screen (lock, merge, audit, atomic write) and adopts
    /// the merged result. Failures go to the status line; the store never overwrites a
    /// sidecar it refused.
    static func save(_ state: inout ViewerState) {
        guard var context = state.annotation, let store = context.store, context.notSavedReason == nil else { return }
        let events = context.session.takeAuditEvents()
        do {
            let snapshot = try store.save(context.session.document, audit: events, after: context.saved)
            context.session.adopt(snapshot.document)
            context.saved = snapshot
            context.seen = snapshot.stamp
            context.unsavedChanges = 0
            context.saveFailed = false
        } catch {
            context.saveFailed = true
            state.message = .init(text: "annotations not saved: \(error)", isError: true)
        }
        state.annotation = context
    }

    /// When another session has saved the sidecar since we last saw it, merges its work into
    /// ours. Returns whether anything changed on screen.
    static func takeExternalChanges(_ state: inout ViewerState) -> Bool {
        guard var context = state.annotation, let store = context.store, store.hasChanged(since: context.seen) else {
            return false
        }
        context.seen = FileStamp.of(store.sidecarPath)
        do {
            let snapshot = try store.reload(merging: context.session.document)
            let before = context.session.document
            context.session.adopt(snapshot.document)
            // The merged document is not what is on disk: the next save must read the file again.
            context.saved = nil
            context.seen = snapshot.stamp
            state.annotation = context
            guard before != snapshot.document else { return false }
            state.message = .init(text: "annotations merged with another session's save", isError: false)
        } catch {
            state.annotation = context
            state.message = .init(text: "\(error)", isError: true)
        }
        return true
    }
}
