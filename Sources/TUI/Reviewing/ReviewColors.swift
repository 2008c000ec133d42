import Annotations
import Rendering

/// Review mode draws each annotator's records in a colour of their own, named by the legend.
enum ReviewColors {
    static let palette: [RGB] = [
        RGB(255, 140, 0), RGB(0, 220, 255), RGB(255, 80, 200), RGB(120, 255, 80),
        RGB(160, 120, 255), RGB(255, 214, 0), RGB(255, 70, 70), RGB(80, 160, 255),
    ]

    /// Everyone with an annotation on the image, sorted: the legend's order.
    static func annotators(_ document: SidecarDocument) -> [String] {
        Array(Set(document.annotations.map(\.annotator))).sorted()
    }

    static func color(of annotator: String, among annotators: [String]) -> RGB {
        palette[(annotators.firstIndex(of: annotator) ?? 0) % palette.count]
    }

    /// The colour of an annotation in review mode; nil outside it (the kind's colour applies).
    static func color(for annotation: Annotation, _ state: ViewerState) -> RGB? {
        guard state.options.review, let document = state.annotation?.session.document else { return nil }
        return color(of: annotation.annotator, among: annotators(document))
    }
}
