import Annotations

/// Command-line commands for annotations: `:name TEXT` renames the selected annotation,
/// `:note TEXT` sets this annotator's note on the image (`:note` alone removes it),
/// `:region NAME` names the regions drawn next (`:region` alone goes back to "rectangle 1", …).
enum AnnotationCommands {
    static let summary = "name TEXT · note TEXT · region NAME"

    /// Runs `command` with the rest of the line `text` after it; nil when the command is not
    /// an annotation command.
    static func run(_ state: inout ViewerState, _ command: String, _ text: String) -> [Effect]? {
        let argument = text.drop { $0 != " " }.trimmingCharacters(in: .whitespaces)
        switch command {
        case "name", "rename":
            return edit(&state) { session in
                guard !argument.isEmpty else { return .info("usage: :name TEXT (renames the selected annotation)") }
                return session.renameSelected(to: argument)
            }
        case "note":
            return edit(&state) { $0.setNote(argument) }
        case "region":
            return edit(&state) { session in
                session.regionLabel = argument.isEmpty ? nil : argument
                return .info(argument.isEmpty ? "new regions are named rectangle 1, ellipse 1, …"
                                              : "new regions are labelled \"\(argument)\"")
            }
        default:
            return nil
        }
    }

    private static func edit(_ state: inout ViewerState, _ body: (inout AnnotationSession) -> SessionChange) -> [Effect] {
        guard var context = state.annotation else {
            state.message = .init(text: "no image is open yet", isError: true)
            return []
        }
        context.session.now = .now()
        let change = body(&context.session)
        return AnnotationActions.apply(change, context, to: &state)
    }
}
