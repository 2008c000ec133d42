import Annotations
import Foundation
import VolumeKit

/// A model's label map shown over the image (drawn as another annotator's, in outline): one
/// label of it, or all, copied into your own label map as one undoable stroke; your map's
/// sidecar record then names the model as its source, and the model's record gets your review.
/// Painting over the copy with the brush is editing your own map, saved as yours.
enum LabelMapProposals {
    /// The model label maps on the image shown: each reference with its sidecar record.
    static func proposals(_ state: ViewerState) -> [(reference: ReferenceLabelMap, record: Segmentation)] {
        guard let context = state.annotation else { return [] }
        let records = context.session.document.segmentations.filter { $0.source.isModel && $0.annotator != context.session.annotator }
        return context.references.compactMap { reference in
            guard reference.kind == .annotator else { return nil }
            let file = (reference.path as NSString).lastPathComponent
            return records.first { $0.file == file }.map { (reference, $0) }
        }
    }

    /// The model label map and label under the cursor, if any.
    static func underCursor(_ state: ViewerState) -> (reference: ReferenceLabelMap, record: Segmentation, value: UInt16)? {
        let c = state.cursor
        for p in proposals(state) where p.record.status != .rejected && p.reference.map.contains(c.x, c.y, c.z) {
            let v = p.reference.map[c]
            if v != 0 { return (p.reference, p.record, v) }
        }
        return nil
    }

    static func acceptUnderCursor(_ state: inout ViewerState, _ action: Action) -> [Effect] {
        guard let found = underCursor(state) else {
            state.message = .init(text: "no proposal selected (' walks them) and no model label map under the cursor", isError: false)
            return []
        }
        return accept(&state, found.reference, found.record, values: [found.value], action: action)
    }

    static func rejectUnderCursor(_ state: inout ViewerState, _ action: Action) -> [Effect] {
        guard let found = underCursor(state) else {
            state.message = .init(text: "no proposal selected (' walks them) and no model label map under the cursor", isError: false)
            return []
        }
        return AnnotationActions.command(&state) { $0.decideLabelMapProposal(found.record.id, .reject, whole: true, comment: nil) }
    }

    /// `:accept-labelmap [MODEL] [LABEL|all]`.
    static func acceptCommand(_ state: inout ViewerState, _ args: CommandArguments) -> [Effect] {
        let all = proposals(state).filter { $0.record.status != .rejected }
        guard !all.isEmpty else {
            state.message = .init(text: "no model label map on this image", isError: false)
            return []
        }
        var words = args.words
        var chosen = all[0]
        if let first = words.first, let named = all.first(where: { $0.record.annotator == first || $0.reference.name == first }) {
            chosen = named
            words.removeFirst()
        } else if all.count > 1 {
            state.message = .init(text: "several model label maps: name one (\(all.map(\.record.annotator).joined(separator: ", ")))", isError: true)
            return []
        }
        let present = chosen.reference.map.counts().keys.filter { $0 != 0 }.sorted()
        let label = words.joined(separator: " ")
        var values = present
        if !label.isEmpty, label != "all" {
            let matching = present.filter { chosen.reference.table.name(for: $0) == label || String($0) == label }
            guard !matching.isEmpty else {
                state.message = .init(text: "\(chosen.record.annotator)'s label map has no label \"\(label)\"", isError: true)
                return []
            }
            values = matching
        }
        return accept(&state, chosen.reference, chosen.record, values: values, action: Action("proposal.accept-labelmap"))
    }

    /// Copies the voxels of `values` from the model's map into yours (same values, the
    /// model's names and colours for labels your table lacks), as one undoable stroke.
    static func accept(_ state: inout ViewerState, _ reference: ReferenceLabelMap, _ record: Segmentation, values: [UInt16],
                       action: Action) -> [Effect] {
        guard let volume = state.volume, var context = state.annotation else { return [] }
        if context.labelMapRefusal == nil {
            var labels = context.labelMap ?? LabelMapEditing.newLabelMap(state, context, volume)
            let painted = labels.map.counts()
            for v in values {
                // The model's name and colour, unless you named this value yourself or painted it.
                let own = labels.table.entries.firstIndex { $0.value == v }
                if let own, labels.table.entries[own].name != "Label \(v)" || painted[v] != nil { continue }
                let e = reference.table.entry(for: v)
                let entry = LabelTable.Entry(value: v, name: reference.table.name(for: v), color: e?.color ?? LabelTable.defaultColor(for: v))
                if let own { labels.table.entries[own] = entry } else { labels.table.entries.append(entry) }
            }
            labels.table.entries.sort { $0.value < $1.value }
            context.labelMap = labels
            state.annotation = context
        }
        let wanted = Set(values)
        let names = values.map { reference.table.name(for: $0) }.joined(separator: ", ")
        let source = reference.map
        let revisionBefore = state.annotation?.labelMap?.revision ?? 0
        var effects = LabelMapEditing.edit(&state, action, describing: "accepted \(names) from \(record.annotator)") { map, _, _ in
            var indices: [UInt32] = [], before: [UInt16] = [], after: [UInt16] = []
            for k in 0..<map.depth {
                for offset in 0..<map.voxelsPerSlice {
                    let v = source[k, offset]
                    guard v != 0, wanted.contains(v), map[k, offset] != v else { continue }
                    indices.append(UInt32(k * map.voxelsPerSlice + offset))
                    before.append(map[k, offset])
                    after.append(v)
                    map[k, offset] = v
                }
            }
            return LabelEdit(indices: indices, before: before, after: after)
        }
        guard var context = state.annotation, (context.labelMap?.revision ?? 0) > revisionBefore else { return effects }
        let message = state.message
        let present = Set(source.counts().keys.filter { $0 != 0 })
        context.session.now = state.now
        context.session.recordLabelMapSource(record.source)
        let change = context.session.decideLabelMapProposal(record.id, .accept, whole: present.isSubset(of: wanted),
                                                            comment: "copied \(names) into \(context.session.annotator)'s label map")
        context.recordEdit(.annotations)
        effects += AnnotationActions.apply(change, context, to: &state)
        state.message = message
        return effects
    }
}
