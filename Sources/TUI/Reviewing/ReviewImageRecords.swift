import Annotations
import Foundation
import VolumeKit

/// Review decisions on the records that have no place on a slice to select: an annotator's image
/// labels and label map on the image shown (`:review-labels NAME accept`, `:review-seg NAME
/// reject REASON`). Each decision is a review record of the version seen, as for annotations.
enum ReviewImageRecords {
    enum Target: String { case labels, labelMap = "label map" }

    static let commands = [
        CommandSpec(["review-labels"], usage: "review-labels NAME accept|reject|reopen [REASON]",
                    help: "review: decide on NAME's image labels of this image") { state, args in
            decide(&state, .labels, args)
        },
        CommandSpec(["review-seg"], usage: "review-seg NAME accept|reject|reopen [REASON]",
                    help: "review: decide on NAME's label map of this image") { state, args in
            decide(&state, .labelMap, args)
        },
    ]

    static func decide(_ state: inout ViewerState, _ target: Target, _ args: CommandArguments) -> [Effect] {
        let usage = "usage: :review-\(target == .labels ? "labels" : "seg") NAME accept|reject|reopen [REASON]"
        guard args.count >= 2, let decision = ["accept": ReviewRecord.Decision.accept, "reject": .reject, "reopen": .reopen][args.words[1]] else {
            return CommandLineEditor.fail(&state, usage)
        }
        guard state.options.review else {
            return CommandLineEditor.fail(&state, "review decisions need review mode: slicemark view --review")
        }
        guard let session = state.annotation?.session else { return CommandLineEditor.fail(&state, "no image is open yet") }
        let name = args.words[0]
        let reason = args.words.dropFirst(2).joined(separator: " ")
        if decision == .reject && reason.isEmpty { return CommandLineEditor.fail(&state, "a rejection needs a reason the annotator reads") }
        guard name != session.annotator else {
            return CommandLineEditor.fail(&state, "those are your own records: a reviewer decides on other annotators' work")
        }
        let ids: [UUID]
        switch target {
        case .labels: ids = session.document.labels.filter { $0.annotator == name }.map(\.id)
        case .labelMap: ids = session.document.segmentations.filter { $0.annotator == name }.map(\.id)
        }
        let shown = TerminalSafeText.make(name)
        guard !ids.isEmpty else {
            return CommandLineEditor.fail(&state, "\(shown) has no \(target.rawValue) on this image")
        }
        var effects: [Effect] = []
        for id in ids {
            effects += AnnotationActions.command(&state) { $0.review(decision, of: id, comment: reason.isEmpty ? nil : reason) }
        }
        let verb = ["accept": "accepted", "reject": "rejected", "reopen": "reopened"][decision.rawValue]!
        let what = target == .labels ? "\(ids.count) image label\(ids.count == 1 ? "" : "s")" : "the label map"
        state.message = .init(text: "\(verb) \(what) of \(shown)", isError: false)
        return effects
    }
}
