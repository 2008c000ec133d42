import Annotations
import VolumeKit

/// What the annotation list (`A`) adds in review and blind mode: the walk and the annotators
/// (review), the other annotators' image labels (review), and only the records one may see.
enum ReviewListLines {
    static func header(_ state: ViewerState) -> [String] {
        guard state.options.review, let session = state.annotation?.session else { return [] }
        let document = session.document
        var lines = ["review as \(TerminalSafeText.make(session.annotator)) · walk \(TerminalSafeText.make(state.reviewWalk.words)): "
                     + "\(ReviewVisibility.walk(state).count) on this image"]
        lines += ReviewLegend.lines(state).map { "  ■ " + $0.text }
        let others = document.labels.filter { $0.annotator != session.annotator }
            .sorted { ($0.annotator, $0.labelSet, $0.name) < ($1.annotator, $1.labelSet, $1.name) }
        for label in others {
            let state = document.workState(of: label.id, source: label.source, status: label.status)
            let slice = label.slice.map { " on slice \($0 + 1)" } ?? ""
            lines.append(TerminalSafeText.make("label \(label.labelSet): \(label.name)\(slice) · \(label.annotator) · \(state.text)"))
        }
        return lines
    }

    /// The annotations listed, in `Tab` order: those one may see.
    static func ordered(_ state: ViewerState) -> [Annotation] { ReviewVisibility.visible(state) }

    static func footer(_ state: ViewerState) -> String? {
        guard state.options.review else { return nil }
        let key = { (action: Action) in AnnotationActions.spelling(action, state) }
        return "Tab next · \(key(.reviewAccept)) accept · \(key(.reviewReject)) reject · \(key(.reviewReopen)) reopen · "
            + "\(key(.reviewWalk)) walk · Esc close"
    }
}
