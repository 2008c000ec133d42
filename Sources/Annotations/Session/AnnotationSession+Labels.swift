import Foundation
import VolumeKit

extension AnnotationSession {
    /// `1`–`9`: sets or clears label `number` (1-based) of the label set for this annotator,
    /// on the whole image or, for an `image`-scoped set, on the slice k of `voxel`. In a
    /// single-choice set, setting one clears the others.
    public mutating func toggleLabel(number: Int, at voxel: SIMD3<Int>) -> SessionChange {
        guard let set = labelSet else { return .info("no label set loaded (--labels FILE)") }
        guard number >= 1, number <= min(9, set.labels.count) else {
            return .info("label set \(set.name) has no label \(number)")
        }
        let name = set.labels[number - 1].name
        let slice = set.scope == .image ? voxel.z : nil
        let mine = document.labels.filter { $0.labelSet == set.name && $0.annotator == annotator && $0.slice == slice }
        var changes: [RecordChange] = []
        let summary: String
        if let existing = mine.first(where: { $0.name == name }) {
            changes.append(.label(before: existing, after: nil))
            summary = "clear \(set.name): \(name)"
        } else {
            if set.choice == .single {
                changes += mine.map { .label(before: $0, after: nil) }
            }
            changes.append(.label(before: nil, after: ImageLabel(id: ids.next(), labelSet: set.name, name: name, slice: slice,
                                                                 annotator: annotator, created: now)))
            summary = "set \(set.name): \(name)"
        }
        // Slices are counted from 1 wherever a person reads them (the sidecar keeps the index k).
        let place = slice.map { " on slice \($0 + 1)" } ?? ""
        return commit(Edit(summary: summary + place, changes: changes))
    }

    /// The labels of the label set this annotator has set on the image (or on slice `slice`).
    public func activeLabels(slice: Int? = nil) -> [String] {
        guard let set = labelSet else { return [] }
        let wanted = set.scope == .image ? slice : nil
        let names = Set(document.labels.filter { $0.labelSet == set.name && $0.annotator == annotator && $0.slice == wanted }.map(\.name))
        return set.labels.map(\.name).filter { names.contains($0) }
    }

    /// This annotator's free-text note on the image; an empty text removes it.
    public var note: String? { document.notes.first { $0.annotator == annotator }?.text }

    public mutating func setNote(_ text: String) -> SessionChange {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let existing = document.notes.first { $0.annotator == annotator }
        if trimmed.isEmpty {
            guard let existing else { return .info("no note to remove") }
            return commit(Edit(summary: "remove note", changes: [.note(before: existing, after: nil)]))
        }
        if let existing {
            guard existing.text != trimmed else { return .info("note unchanged") }
            var after = existing
            after.text = trimmed
            return commit(Edit(summary: "edit note", changes: [.note(before: existing, after: after)]))
        }
        let note = Note(id: ids.next(), annotator: annotator, text: trimmed, created: now)
        return commit(Edit(summary: "add note", changes: [.note(before: nil, after: note)]))
    }

    /// `x`: deletes the selected annotation; the next one in `Tab` order becomes the selection.
    public mutating func deleteSelected() -> SessionChange {
        guard let target = selectedAnnotation else { return .info("nothing is selected (Tab selects)") }
        let ordered = annotationsInOrder
        let position = ordered.firstIndex { $0.id == target.id }!
        let change = commit(Edit(summary: "delete \(Self.describe(target))",
                                 changes: [.annotation(before: target, after: nil)]))
        let rest = annotationsInOrder
        if !rest.isEmpty { select(rest[min(position, rest.count - 1)].id) }
        return change
    }

    /// Gives the selected annotation a new label (a landmark's name).
    public mutating func renameSelected(to newLabel: String) -> SessionChange {
        guard let before = selectedAnnotation else { return .info("nothing is selected (Tab selects)") }
        let label = newLabel.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !label.isEmpty else { return .info("a name cannot be empty") }
        guard label != before.label else { return .info("name unchanged") }
        var after = before
        after.label = label
        if before.kind == .landmark {
            after.description = template?.landmarks.first { $0.name == label }?.description
        }
        return commit(Edit(summary: "rename \(Self.describe(before)) to \"\(label)\"",
                           changes: [.annotation(before: before, after: after)]))
    }
}
