import Annotations
import Foundation
import VolumeKit

extension Action {
    static let reviewAccept = Action("review.accept")
    static let reviewReject = Action("review.reject")
    static let reviewReopen = Action("review.reopen")
    static let reviewWalk = Action("review.walk")
}

/// Review mode (`slicemark view --review`): the reviewer walks every annotator's records with
/// `Tab` (all of them, the pending ones, or one annotator's: `:walk`), and decides on the
/// selected one: accept (fix-accept when the reviewer edited it first), reject with a reason,
/// reopen. Each decision is a review record of the version seen. With `--blind`, `Tab` visits
/// only one's own records and the models' proposals.
enum ReviewUnit {
    static let unit = ViewerUnit(
        name: "review",
        actions: [
            ActionSpec(.reviewAccept, .review, "review: accept the selected record (fix-accept after you edited it)", keys: ["Ctrl-A"]),
            ActionSpec(.reviewReject, .review, "review: reject the selected record (type the reason on the command line)", keys: ["Ctrl-X"]),
            ActionSpec(.reviewReopen, .review, "review: reopen the selected record (back to pending)", keys: ["Ctrl-O"]),
            ActionSpec(.reviewWalk, .review, "review: what Tab walks next: all, pending, each annotator's", keys: ["Ctrl-N"]),
        ],
        commands: [
            CommandSpec(["accept"], usage: "accept", help: "review: accept the selected record") { state, _ in
                decide(&state, .accept, comment: nil)
            },
            CommandSpec(["reject"], usage: "reject REASON", help: "review: reject the selected record, saying why") { state, args in
                guard !args.text.isEmpty else { return CommandLineEditor.fail(&state, "usage: :reject REASON (the annotator reads it)") }
                return decide(&state, .reject, comment: args.text)
            },
            CommandSpec(["reopen"], usage: "reopen [REASON]", help: "review: reopen the selected record") { state, args in
                decide(&state, .reopen, comment: args.text.isEmpty ? nil : args.text)
            },
            CommandSpec(["walk"], usage: "walk all|pending|NAME", help: "review: what Tab walks") { state, args in
                guard let word = args.first else { return CommandLineEditor.fail(&state, "usage: :walk all|pending|NAME") }
                return setWalk(&state, ReviewWalk(argument: word))
            },
        ] + ReviewImageRecords.commands,
        intercept: walkSelection
    ) { state, action in
        switch action {
        case .reviewAccept: return decide(&state, .accept, comment: nil)
        case .reviewReopen: return decide(&state, .reopen, comment: nil)
        case .reviewReject:
            guard reviewing(&state) != nil else { return [] }
            state.commandLine = CommandLineState(text: "reject ")
            return []
        default:
            guard let session = reviewing(&state) else { return [] }
            let others = ReviewColors.annotators(session.document).filter { $0 != session.annotator }
            let cycle: [ReviewWalk] = [.all, .pending] + others.map { .annotator($0) }
            let next = cycle[((cycle.firstIndex(of: state.reviewWalk) ?? 0) + 1) % cycle.count]
            return setWalk(&state, next)
        }
    }

    /// The session when in review mode with an image open; else says why not.
    private static func reviewing(_ state: inout ViewerState) -> AnnotationSession? {
        guard state.options.review else {
            state.message = .init(text: "review decisions need review mode: slicemark view --review", isError: true)
            return nil
        }
        guard let context = state.annotation, !context.opening else {
            state.message = .init(text: "no image is open yet", isError: true)
            return nil
        }
        return context.session
    }

    static func setWalk(_ state: inout ViewerState, _ walk: ReviewWalk) -> [Effect] {
        guard reviewing(&state) != nil else { return [] }
        state.reviewWalk = walk
        let count = ReviewVisibility.walk(state).count
        let key = AnnotationActions.spelling(.selectNextAnnotation, state)
        state.message = .init(text: "walk \(TerminalSafeText.make(walk.words)): \(count) record\(count == 1 ? "" : "s") on this image; \(key) visits them",
                              isError: false)
        return []
    }

    /// A decision on the selected record, then on to the next one of the walk.
    static func decide(_ state: inout ViewerState, _ decision: ReviewRecord.Decision, comment: String?) -> [Effect] {
        guard let session = reviewing(&state) else { return [] }
        guard let selected = session.selectedAnnotation else {
            let key = AnnotationActions.spelling(.selectNextAnnotation, state)
            state.message = .init(text: "nothing is selected: \(key) selects the next record to review", isError: false)
            return []
        }
        guard selected.annotator != session.annotator else {
            state.message = .init(text: "that is your own record: a reviewer decides on other annotators' work", isError: true)
            return []
        }
        let fixed = decision == .accept && selected.modifiedBy == session.annotator
        let made: ReviewRecord.Decision = fixed ? .fixAccept : decision
        let walkBefore = ReviewVisibility.walk(state).map(\.id)
        let reviewsBefore = session.document.reviews.count
        let effects = AnnotationActions.command(&state) { $0.review(made, of: selected.id, comment: comment, tags: []) }
        guard (state.annotation?.session.document.reviews.count ?? 0) > reviewsBefore else { return effects }
        let what = "\(selected.kind.rawValue) \"\(TerminalSafeText.make(selected.label))\" (\(TerminalSafeText.make(selected.annotator)))"
        let verb = ["accept": "accepted", "fix-accept": "fixed and accepted", "reject": "rejected", "reopen": "reopened"][made.rawValue]!
        var text = "\(verb) \(what)"
        if let next = nextOnWalk(after: selected.id, previousOrder: walkBefore, state) {
            state.annotation?.session.select(next.id)
            AnnotationActions.show(next, in: &state)
            text += " · next: \(next.kind.rawValue) \"\(TerminalSafeText.make(next.label))\" (\(TerminalSafeText.make(next.annotator)))"
        } else {
            text += " · nothing more on this walk here (n: next image)"
        }
        state.message = .init(text: text, isError: false)
        return effects
    }

    /// The record after `id` on the walk as it is now (the one decided may have left it).
    private static func nextOnWalk(after id: UUID, previousOrder: [UUID], _ state: ViewerState) -> Annotation? {
        let walk = ReviewVisibility.walk(state)
        guard !walk.isEmpty else { return nil }
        let start = previousOrder.firstIndex(of: id) ?? 0
        let later = previousOrder.dropFirst(start + 1) + previousOrder.prefix(start)
        for candidate in later { if let found = walk.first(where: { $0.id == candidate }) { return found } }
        return walk.first { $0.id != id }
    }

    /// `Tab` and `Shift-Tab` in review or blind mode: only the records of the walk (review)
    /// or one's own and the proposals (blind), with each one's review said as it is selected.
    static func walkSelection(_ state: inout ViewerState, _ action: Action) -> [Effect]? {
        guard action == .selectNextAnnotation || action == .selectPreviousAnnotation,
              state.options.review || state.options.blind,
              let context = state.annotation, !context.opening, context.session.pending == nil, state.volume != nil else { return nil }
        let ordered = ReviewVisibility.walk(state)
        guard !ordered.isEmpty else {
            state.annotation?.session.select(nil)
            state.message = .init(text: state.options.review ? "no records on walk \(TerminalSafeText.make(state.reviewWalk.words)) here"
                                                             : "no annotations of yours to select", isError: false)
            return []
        }
        let step = action == .selectNextAnnotation ? 1 : -1
        let current = context.session.selection.flatMap { id in ordered.firstIndex { $0.id == id } }
        let index = current.map { (($0 + step) % ordered.count + ordered.count) % ordered.count } ?? (step > 0 ? 0 : ordered.count - 1)
        let chosen = ordered[index]
        state.annotation?.session.select(chosen.id)
        state.annotation?.moving = false
        AnnotationActions.show(chosen, in: &state)
        var text = "selected \(chosen.kind.rawValue) \"\(TerminalSafeText.make(chosen.label))\""
        if state.options.review { text += " (\(TerminalSafeText.make(chosen.annotator)))" }
        text += " (\(index + 1)/\(ordered.count))"
        if let review = ReviewStatus.text(of: chosen, in: context.session.document) { text += " · " + review }
        state.message = .init(text: text, isError: false)
        return []
    }
}
