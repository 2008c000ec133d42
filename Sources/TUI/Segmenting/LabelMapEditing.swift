import Annotations
import Foundation
import VolumeKit

/// What the label-map tools share in the reducer: the annotator's label map of the image shown
/// (made empty on the image's grid at the first stroke), applying an edit to it with undo, the
/// sidecar record and audit line of each stroke, and asking for a save. Nothing here touches a
/// file: the saving thread writes the map with the sidecar (`AnnotationSaving`).
enum LabelMapEditing {
    /// Runs one label-map edit for `action` on the image shown. `body` changes the map and
    /// returns exactly what it changed; an empty edit changes nothing and says so.
    static func edit(_ state: inout ViewerState, _ action: Action, describing verb: String, continuingStroke: Bool = false,
                     _ body: (inout LabelMap, Volume, LabelTable) throws -> LabelEdit) -> [Effect] {
        if AnnotationDeferral.deferIfWaiting(&state, action) { return [] }
        guard let volume = state.volume, var context = state.annotation else {
            state.message = .init(text: state.loading != nil ? "still reading the image…" : "no image is open", isError: false)
            return []
        }
        if let refusal = context.labelMapRefusal {
            state.message = .init(text: refusal, isError: true)
            return []
        }
        var labels = context.labelMap ?? newLabelMap(state, context, volume)
        if let running = labels.job {
            state.message = .init(text: "still \(running.doing) (Esc cancels)", isError: false)
            return []
        }
        let edit: LabelEdit
        do {
            edit = try body(&labels.map, volume, labels.table)
        } catch {
            state.message = .init(text: "\(error)", isError: true)
            return []
        }
        guard !edit.isEmpty else {
            state.message = .init(text: "\(verb): no voxel changed\(why(state.brush))", isError: false)
            return []
        }
        labels.preview = nil
        if continuingStroke {
            if labels.stroke == nil {
                labels.stroke = edit
                context.recordEdit(.labelMap)
            } else {
                labels.stroke?.merge(edit)
            }
        } else {
            finishStroke(&labels)
            labels.history.record(edit)
            context.recordEdit(.labelMap)
        }
        context.labelMap = labels
        state.annotation = context
        return recordChange(&state, edit, verb: verb)
    }

    /// A pen stroke under way becomes one undo step.
    static func finishStroke(_ labels: inout LabelMapContext) {
        guard let stroke = labels.stroke else { return }
        labels.stroke = nil
        labels.history.record(stroke)
    }

    /// Undoes (or redoes) the last stroke: exactly the voxels it changed get their values back.
    static func undo(_ state: inout ViewerState, redo: Bool) -> [Effect] {
        guard var context = state.annotation, var labels = context.labelMap else {
            state.message = .init(text: "nothing to \(redo ? "redo" : "undo") in the label map", isError: false)
            return []
        }
        if let running = labels.job {
            state.message = .init(text: "still \(running.doing) (Esc cancels)", isError: false)
            return []
        }
        finishStroke(&labels)
        labels.preview = nil
        guard let edit = redo ? labels.history.redo(&labels.map) : labels.history.undo(&labels.map) else {
            context.labelMap = labels
            state.annotation = context
            state.message = .init(text: "nothing to \(redo ? "redo" : "undo") in the label map", isError: false)
            return []
        }
        context.labelMap = labels
        if redo { context.recordRedo(.labelMap) } else { context.recordUndo(.labelMap) }
        state.annotation = context
        return recordChange(&state, redo ? edit : edit.inverted, verb: redo ? "redone" : "undone")
    }

    /// The sidecar record and audit line of a stroke, and a save.
    private static func recordChange(_ state: inout ViewerState, _ edit: LabelEdit, verb: String) -> [Effect] {
        guard var context = state.annotation, var labels = context.labelMap else { return [] }
        labels.revision += 1
        let summary = "\(verb): " + describe(edit, labels.table)
        context.session.now = state.now
        let name = labels.path.map { ($0 as NSString).lastPathComponent } ?? "label map"
        context.session.recordLabelMapChange(file: name, segments: segments(labels), summary: summary)
        context.labelMap = labels
        context.unsavedChanges += 1
        state.annotation = context
        var text = summary
        if let reason = context.notSavedReason { text += " (not saved: \(reason))" }
        state.message = .init(text: text, isError: false)
        return context.isSaving ? [.save] : []
    }

    /// "label 1 Liver +1 204 voxels, label 2 Spleen −30 voxels".
    static func describe(_ edit: LabelEdit, _ table: LabelTable) -> String {
        let changes = edit.changes().sorted { $0.key < $1.key }
        let parts = changes.compactMap { value, change -> String? in
            guard value != 0, change.net != 0 else { return nil }
            return "label \(value) \(table.name(for: value)) \(change.net > 0 ? "+" : "−")\(abs(change.net)) voxels"
        }
        return parts.isEmpty ? "\(edit.changedVoxels) voxels changed" : parts.joined(separator: ", ")
    }

    /// The segments the sidecar record lists: every label of the table, and any value painted
    /// that the table does not name.
    static func segments(_ labels: LabelMapContext) -> [Segmentation.Segment] {
        labels.table.entries.filter { $0.value != 0 }.map {
            Segmentation.Segment(value: Int($0.value), name: $0.name, color: $0.color.hex)
        }
    }

    static func newLabelMap(_ state: ViewerState, _ context: AnnotationContext, _ volume: Volume) -> LabelMapContext {
        let path = context.store.map {
            SidecarLocation.labelMapPath(forSidecar: $0.sidecarPath, annotator: state.options.annotator)
        }
        return LabelMapContext(map: LabelMap(grid: volume), table: state.options.labelTable, path: path)
    }

    private static func why(_ settings: BrushSettings) -> String {
        var reasons: [String] = []
        switch settings.brush.mode {
        case .overAll: break
        case .overUnlabelled: reasons.append("painting over unlabelled voxels only")
        case .overLabel(let n): reasons.append("painting over label \(n) only")
        }
        if let range = settings.brush.range {
            reasons.append("only where the image is \(Formatting.value(range.lowerBound))…\(Formatting.value(range.upperBound))")
        }
        return reasons.isEmpty ? "" : " (" + reasons.joined(separator: ", ") + ")"
    }
}

extension LabelMapEditing {
    /// Lifts the pen: the stroke painted with it becomes one undo step.
    static func endPen(_ state: inout ViewerState) {
        state.brush.penDown = false
        guard var context = state.annotation, var labels = context.labelMap, labels.stroke != nil else { return }
        finishStroke(&labels)
        context.labelMap = labels
        state.annotation = context
    }

    /// Names (or renames) label `value` in the annotator's label table, saved with the map.
    static func name(_ state: inout ViewerState, label value: UInt16, _ name: String) -> [Effect] {
        guard let volume = state.volume, var context = state.annotation else { return [] }
        var labels = context.labelMap ?? newLabelMap(state, context, volume)
        if let index = labels.table.entries.firstIndex(where: { $0.value == value }) {
            labels.table.entries[index].name = name
        } else {
            labels.table.entries.append(.init(value: value, name: name, color: labels.table.color(for: value)))
            labels.table.entries.sort { $0.value < $1.value }
        }
        labels.revision += 1
        context.session.now = state.now
        context.session.recordLabelMapChange(file: labels.path.map { ($0 as NSString).lastPathComponent } ?? "label map",
                                             segments: segments(labels), summary: "label \(value) named \(name)")
        context.labelMap = labels
        context.unsavedChanges += 1
        state.annotation = context
        return context.isSaving ? [.save] : []
    }
}
