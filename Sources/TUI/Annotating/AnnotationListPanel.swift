import Annotations
import Foundation
import Rendering

/// The annotation list (`A`): template progress, labels, the note, then every annotation in
/// `Tab` order with its kind, label, voxel, and measurements (ROI area and values, distance).
enum AnnotationListPanel {
    static func lines(_ state: ViewerState) -> (lines: [String], selected: Int?) {
        guard let context = state.annotation else { return (["no image is open"], nil) }
        let session = context.session
        var lines: [String] = []
        if let progress = session.templateProgress, let template = session.template {
            let next = progress.next.map { "next: \($0.name)" + ($0.description.map { " — \($0)" } ?? "") } ?? "all placed"
            lines.append("template \(template.name): \(progress.placed)/\(progress.total) placed, \(next)")
        }
        if let set = session.labelSet {
            let active = session.activeLabels(slice: state.cursor.z)
            let keys = set.labels.prefix(9).enumerated().map { "\($0.offset + 1) \($0.element.name)" }.joined(separator: ", ")
            lines.append("labels \(set.name): " + (active.isEmpty ? "none set" : active.joined(separator: ", ")) + "  (\(keys))")
        }
        lines += FrameListLines.ranges(session)
        if let note = session.note { lines.append("note: \(note)") }
        if let reason = context.notSavedReason { lines.append("not saved: \(reason)") }
        else if let store = context.store { lines.append("sidecar: \(store.sidecarPath)") }
        lines += ReviewListLines.header(state)
        let ordered = ReviewListLines.ordered(state)
        lines.append(ordered.isEmpty ? "no annotations yet: m landmark, r rectangle, e ellipse"
                                     : "\(ordered.count) annotation\(ordered.count == 1 ? "" : "s") (Tab selects):")
        let first = lines.count
        var selected: Int?
        for (n, a) in ordered.enumerated() {
            if a.id == session.selection { selected = first + n }
            // "ellipse 1", not "ellipse \"ellipse 1\"": the kind is said once.
            let name = a.label.hasPrefix(a.kind.rawValue) ? "\"\(a.label)\"" : "\(a.kind.rawValue) \"\(a.label)\""
            var line = "\(n + 1). \(name) [\(a.voxel.x), \(a.voxel.y), \(a.voxel.z)]"
            line += " · \(a.plane.rawValue) · \(a.annotator)" + ProposalDrawing.listTag(a)
            line += FrameListLines.detail(a)
            if a.kind != .landmark { line += ": " + a.measurementText(unit: state.volume?.valueUnit ?? "") }
            if let review = ReviewStatus.text(of: a, in: session.document) { line += " · " + review }
            lines.append(line)
        }
        return (lines, selected)
    }

    static func draw(_ grid: inout CellGrid, _ state: ViewerState, in area: CellRect, scroll: Int) {
        let (lines, selected) = lines(state)
        ListPanel.draw(&grid, title: " Annotations ", lines: lines, in: area, scroll: scroll, highlight: selected,
                       footer: ReviewListLines.footer(state) ?? "Tab select · x delete · M move · :name TEXT · :note TEXT · Esc close")
    }
}

/// What the status rows say about annotating.
enum AnnotationStatus {
    /// A short part for the first status row: count, template progress, labels, saving trouble;
    /// nil when there is nothing to say, so that the row stays as it was before any annotating.
    static func part(_ state: ViewerState) -> String? {
        guard let context = state.annotation else { return nil }
        let session = context.session
        let count = ReviewVisibility.visible(state).count
        var bits = count == 0 ? [] : [count == 1 ? "1 mark" : "\(count) marks"]
        if let review = ReviewStatus.part(state) { bits.append(review) }
        if let progress = session.templateProgress {
            bits.append("\(progress.placed)/\(progress.total)" + (progress.next.map { " next \($0.name)" } ?? " done"))
        }
        let active = session.activeLabels(slice: state.cursor.z)
        if !active.isEmpty { bits.append(active.joined(separator: "+")) }
        if let proposals = ProposalDrawing.statusPart(session.document) { bits.append(proposals) }
        if let frames = FrameAnnotationStatus.part(state) { bits.append(frames) }
        if context.moving { bits.append("MOVE") }
        if state.brush.active { bits.append(state.brush.erasing ? "ERASER" : state.brush.penDown ? "PEN" : "BRUSH") }
        if context.opening { bits.append("reading annotations…") }
        let document = session.document
        let somethingToLose = !document.annotations.isEmpty || !document.labels.isEmpty || !document.notes.isEmpty
            || context.labelMap != nil
        if context.saveFailed { bits.append("SAVE FAILED") } else if context.notSavedReason != nil, somethingToLose {
            bits.append("not saved")
        }
        return bits.isEmpty ? nil : bits.joined(separator: " ")
    }

    /// The third row when there is no message: how to finish what is under way.
    static func hint(_ state: ViewerState) -> String? {
        guard let context = state.annotation else { return nil }
        if let pending = context.session.pending, let drawing = ViewerUnits.drawing(for: pending.tool) {
            let key = ViewerUnits.action(for: pending.tool).map { AnnotationActions.spelling($0, state) } ?? ""
            return drawing.hint(pending, key)
        }
        if context.moving { return " move mode: cursor keys move the selected annotation · Esc ends" }
        if let running = context.labelMap?.job {
            return " \(running.doing)… \(running.voxels) voxels so far · Esc cancels"
        }
        if let preview = context.labelMap?.preview {
            return " fill between slices: \(preview.changedVoxels) voxels shown · Enter applies · Esc drops"
        }
        if state.brush.active { return " brush: " + BrushTool.describe(state) + " · Space paints · Esc ends" }
        return ReviewStatus.hint(state)
    }
}
