import Annotations
import Rendering

/// How proposals look apart from people's work: an open proposal in a dim shade of its kind's
/// colour with a `?` before its caption, a rejected one not drawn at all; an accepted one as
/// any other annotator's. The list says whose proposal it is and where it stands.
enum ProposalDrawing {
    /// Whether the annotation is drawn on the slice (rejected proposals are not).
    static func isShown(_ a: Annotation) -> Bool { a.status != .rejected }

    /// The colour of an open proposal: its kind's colour at 55 % brightness; nil for others.
    static func color(_ a: Annotation, base: RGB) -> RGB? {
        guard a.status == .proposed else { return nil }
        func dim(_ v: UInt8) -> UInt8 { UInt8(Int(v) * 55 / 100) }
        return RGB(dim(base.r), dim(base.g), dim(base.b))
    }

    static func caption(_ a: Annotation, _ text: String?) -> String? {
        guard a.status == .proposed else { return text }
        return "?" + (text ?? a.label)
    }

    /// " · proposed by totalseg@2 (score 0.91)" in the list; nothing for a person's record.
    static func listTag(_ a: Annotation) -> String {
        guard let status = a.status else { return "" }
        var model = a.source.name ?? a.annotator
        if let version = a.source.version, version != ProposalModel.unversioned { model += "@" + version }
        var text = " · \(status.rawValue) proposal of \(model)"
        if let score = a.source.score { text += String(format: " (score %.2f)", score) }
        return text
    }

    /// "3 proposals" for the status row while some are still open.
    static func statusPart(_ document: SidecarDocument) -> String? {
        let open = document.annotations.filter { $0.status == .proposed }.count
            + document.segmentations.filter { $0.status == .proposed }.count
        guard open > 0 else { return nil }
        return open == 1 ? "1 proposal" : "\(open) proposals"
    }
}
