import Annotations
import Foundation
import VolumeKit

extension Action {
    static let nextProposal = Action("proposal.next")
    static let previousProposal = Action("proposal.previous")
    static let acceptProposal = Action("proposal.accept")
    static let rejectProposal = Action("proposal.reject")
    static let acceptLabelOnSlice = Action("proposal.accept-label-slice")
    static let acceptLabelOnImage = Action("proposal.accept-label-image")
}

/// A model's proposals (`slicemark import`, `slicemark predict`): walk the ones not yet
/// decided, accept or reject the selected one, accept every proposal of its label on this
/// slice or the whole image. With no proposal selected, accept and reject act on the
/// label-map proposal under the cursor (its label is copied into your own label map). Editing
/// a proposal (moving, renaming) accepts it as `fix-accept` (`ProposalEdits`).
enum ProposalsUnit {
    static let unit = ViewerUnit(
        name: "proposals",
        actions: [
            ActionSpec(.nextProposal, .annotation, "select the next model proposal not yet decided", keys: ["'"]),
            ActionSpec(.previousProposal, .annotation, "select the previous model proposal not yet decided", keys: ["\""]),
            ActionSpec(.acceptProposal, .annotation, "accept the selected proposal (none selected: copy the label-map proposal's label under the cursor into your label map)", keys: ["Ctrl-K"]),
            ActionSpec(.rejectProposal, .annotation, "reject the selected proposal (none selected: reject the label-map proposal under the cursor)", keys: ["Ctrl-V"]),
            ActionSpec(.acceptLabelOnSlice, .annotation, "accept every proposal with the selected one's label on this slice", keys: ["Ctrl-T"]),
            ActionSpec(.acceptLabelOnImage, .annotation, "accept every proposal with the selected one's label on the whole image", keys: ["Ctrl-U"]),
        ],
        commands: [
            CommandSpec(["accept-proposals"], usage: "accept-proposals LABEL|all [slice]",
                        help: "accept the open proposals of LABEL (all: every label) on the image, or on this slice") { state, args in
                ProposalsUnit.decideMany(&state, args, .accept)
            },
            CommandSpec(["reject-proposals"], usage: "reject-proposals LABEL|all [slice]",
                        help: "reject the open proposals of LABEL (all: every label) on the image, or on this slice") { state, args in
                ProposalsUnit.decideMany(&state, args, .reject)
            },
            CommandSpec(["reject-proposal"], usage: "reject-proposal [REASON]",
                        help: "reject the selected proposal, saying why") { state, args in
                AnnotationActions.command(&state) { session in
                    guard let a = session.selectedAnnotation, a.status != nil else { return .info("select a proposal first (' walks them)") }
                    return session.decideProposals([a.id], .reject, comment: args.text.isEmpty ? nil : args.text)
                }
            },
            CommandSpec(["accept-labelmap"], usage: "accept-labelmap [MODEL] [LABEL|all]",
                        help: "copy a model's label-map proposal (one label, or all) into your own label map") { state, args in
                LabelMapProposals.acceptCommand(&state, args)
            },
        ]
    ) { state, action in
        switch action {
        case .nextProposal, .previousProposal:
            let effects = AnnotationActions.edit(&state, action) { session, _, _, _ in
                session.selectProposal(step: action == .nextProposal ? 1 : -1)
            }
            if let a = state.annotation?.session.selectedAnnotation { AnnotationActions.show(a, in: &state) }
            return effects
        case .acceptProposal, .rejectProposal:
            let decision: ReviewRecord.Decision = action == .acceptProposal ? .accept : .reject
            if let a = state.annotation?.session.selectedAnnotation, a.status != nil {
                return AnnotationActions.edit(&state, action) { session, _, _, _ in session.decideProposals([a.id], decision) }
            }
            return decision == .accept ? LabelMapProposals.acceptUnderCursor(&state, action)
                                       : LabelMapProposals.rejectUnderCursor(&state, action)
        default:
            guard let selected = state.annotation?.session.selectedAnnotation, selected.status != nil else {
                state.message = .init(text: "select a proposal first (' walks them): its label is the one accepted", isError: false)
                return []
            }
            let onSlice = action == .acceptLabelOnSlice
            let plane = state.plane, slice = state.slice(of: state.plane)
            return AnnotationActions.edit(&state, action) { session, _, _, volume in
                let ids = session.openProposals(label: selected.label, plane: onSlice ? plane : nil,
                                                slice: onSlice ? slice : nil, volume: volume).map(\.id)
                return session.decideProposals(ids, .accept)
            }
        }
    }

    /// `:accept-proposals` and `:reject-proposals`.
    static func decideMany(_ state: inout ViewerState, _ args: CommandArguments, _ decision: ReviewRecord.Decision) -> [Effect] {
        var words = args.words
        let onSlice = words.last == "slice"
        if onSlice { words.removeLast() }
        guard !words.isEmpty else {
            state.message = .init(text: "usage: :\(decision == .accept ? "accept" : "reject")-proposals LABEL|all [slice]", isError: true)
            return []
        }
        let label = words.joined(separator: " ")
        guard let volume = state.volume else { return [] }
        let plane = state.plane, slice = state.slice(of: state.plane)
        return AnnotationActions.command(&state) { session in
            let ids = session.openProposals(label: label == "all" ? nil : label, plane: onSlice ? plane : nil,
                                            slice: onSlice ? slice : nil, volume: volume).map(\.id)
            guard !ids.isEmpty else { return .info("no open proposals of \(label == "all" ? "any label" : "\"\(label)\"")\(onSlice ? " on this slice" : "")") }
            return session.decideProposals(ids, decision)
        }
    }
}
