import Annotations
import Foundation

/// An edit of a proposal still open (moved, renamed, reshaped by any tool) accepts it: after
/// each action, a proposal whose points or label changed while it stayed `proposed` is
/// accepted as `fix-accept` (a second undo step: undo takes the acceptance back first). Undo and
/// redo themselves never accept anything.
enum ProposalEdits {
    typealias Snapshot = [UUID: (points: [SIMD3<Int>], label: String)]

    static func snapshot(_ state: ViewerState) -> Snapshot {
        guard let document = state.annotation?.session.document else { return [:] }
        var out: Snapshot = [:]
        for a in document.annotations where a.status == .proposed { out[a.id] = (a.points.map(\.voxel), a.label) }
        return out
    }

    static func acceptEdited(_ state: inout ViewerState, since before: Snapshot, action: Action) -> [Effect] {
        guard !before.isEmpty, action != .undo, action != .redo, var context = state.annotation else { return [] }
        let edited = context.session.document.annotations.filter { a in
            guard a.status == .proposed, let old = before[a.id] else { return false }
            return old.points != a.points.map(\.voxel) || old.label != a.label
        }.map(\.id)
        guard !edited.isEmpty else { return [] }
        let message = state.message
        context.session.now = state.now
        let change = context.session.decideProposals(edited, .fixAccept)
        context.recordEdit(.annotations)
        let effects = AnnotationActions.apply(change, context, to: &state)
        if let first = message?.text, let text = change.message { state.message = .init(text: first + " · " + text, isError: false) }
        return effects
    }
}
