import Annotations
import Foundation

/// An edit of a proposal still open (moved, renamed, reshaped by any tool) accepts it: after
/// each action, a proposal whose points or label changed while it stayed `proposed` is
/// accepted as `fix-accept` (a second undo step: undo takes the acceptance back first). Undo and
/// redo themselves never accept anything.
enum ProposalEdits {
    typealias Snapshot = [UUID: (points: [SIMD3<Int>], label: String, status: ProposalStatus)]

    static func snapshot(_ state: ViewerState) -> Snapshot {
        guard let document = state.annotation?.session.document else { return [:] }
        var out: Snapshot = [:]
        for a in document.annotations {
            guard let status = a.status, status != .rejected else { continue }
            out[a.id] = (a.points.map(\.voxel), a.label, status)
        }
        return out
    }

    static func acceptEdited(_ state: inout ViewerState, since before: Snapshot, action: Action) -> [Effect] {
        guard !before.isEmpty, action != .undo, action != .redo, var context = state.annotation else { return [] }
        let changed = context.session.document.annotations.filter { a in
            guard let old = before[a.id], a.status == old.status else { return false }
            return old.points != a.points.map(\.voxel) || old.label != a.label
        }
        guard !changed.isEmpty else { return [] }
        let message = state.message
        context.session.now = state.now
        var effects: [Effect] = []
        let open = changed.filter { $0.status == .proposed }.map(\.id)
        if !open.isEmpty {
            let change = context.session.decideProposals(open, .fixAccept)
            context.recordEdit(.annotations)
            effects += AnnotationActions.apply(change, context, to: &state)
            if let first = message?.text, let text = change.message { state.message = .init(text: first + " · " + text, isError: false) }
            context = state.annotation ?? context
        }
        // Going on fixing one already fix-accepted: its review follows the edit.
        for a in changed where a.status == .accepted {
            guard let change = context.session.followFixAccept(a.id) else { continue }
            context.recordEdit(.annotations)
            let shown = state.message
            effects += AnnotationActions.apply(change, context, to: &state)
            state.message = shown
            context = state.annotation ?? context
        }
        return effects
    }
}
