import Annotations

/// Which records `Tab` visits in review mode (`:walk`): every one, those still waiting for a
/// decision (not reviewed, changed since review, reopened), or one annotator's.
public enum ReviewWalk: Sendable, Equatable {
    case all, pending
    case annotator(String)

    /// Reads `all`, `pending` or an annotator's name.
    public init(argument: String) {
        switch argument {
        case "all": self = .all
        case "pending": self = .pending
        default: self = .annotator(argument)
        }
    }

    public var words: String {
        switch self {
        case .all: return "all"
        case .pending: return "pending"
        case .annotator(let name): return name
        }
    }

    /// Whether `annotation` is on this walk for `reviewer`.
    func includes(_ annotation: Annotation, reviewer: String, document: SidecarDocument) -> Bool {
        switch self {
        case .all: return true
        case .annotator(let name): return annotation.annotator == name
        case .pending:
            guard annotation.annotator != reviewer else { return false }
            let state = document.workState(of: annotation).state
            return state == .draft || state == .changedSinceReview
        }
    }
}

/// Who sees which records: with `--blind` only one's own and the models' proposals (an
/// independent read); in review mode and otherwise everyone's.
enum ReviewVisibility {
    static func shows(_ annotation: Annotation, _ state: ViewerState) -> Bool {
        guard state.options.blind, !state.options.review else { return true }
        return annotation.annotator == state.options.annotator || annotation.source.isModel
    }

    /// The annotations shown, in `Tab` order.
    static func visible(_ state: ViewerState) -> [Annotation] {
        guard let session = state.annotation?.session else { return [] }
        return session.annotationsInOrder.filter { shows($0, state) }
    }

    /// What `Tab` walks: the visible annotations, and in review mode only those on the walk.
    static func walk(_ state: ViewerState) -> [Annotation] {
        guard state.options.review, let session = state.annotation?.session else { return visible(state) }
        return visible(state).filter {
            state.reviewWalk.includes($0, reviewer: session.annotator, document: session.document)
        }
    }
}
