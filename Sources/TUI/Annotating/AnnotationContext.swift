import Annotations
import Foundation
import VolumeKit

/// The annotation side of the viewer's state for the image on screen: the editing session
/// (pure), the store it is saved through (performed by the run loop), and what the status line
/// says about saving.
public struct AnnotationContext: Sendable {
    public var session: AnnotationSession
    /// Where the session is saved; nil when nothing is saved (demo, refused sidecar, tests).
    public var store: AnnotationStore?
    /// The sidecar's stamp when this session last read, wrote or merged it: another
    /// session's save changes it.
    public var seen: FileStamp?
    /// Why changes are not being saved (demo, read-only folder, refused sidecar), or nil.
    public var notSavedReason: String?
    /// Whether the last save failed: the status line says so until a save succeeds.
    public var saveFailed = false
    /// The sidecar is still being opened: annotation keys wait (see `ViewerState.deferred`).
    public var opening = false
    /// Move mode: the cursor keys nudge the selected annotation instead of moving the cursor.
    public var moving = false
    /// The annotator's label map of this image, once painted or read.
    public var labelMap: LabelMapContext?
    /// Why your label map of this image cannot be painted (it exists but could not be read).
    public var labelMapRefusal: String?
    /// Label maps drawn but not edited: other annotators', `--seg` files, DICOM Segmentations.
    public var references: [ReferenceLabelMap] = []
    /// Which kind of edit `u` and `Ctrl-R` would undo or redo next, in the order they were
    /// made: annotation edits and label-map strokes have undo stacks of their own.
    public var undoOrder: [EditDomain] = []
    public var redoOrder: [EditDomain] = []
    /// Changes made since the last save was asked for.
    public var unsavedChanges = 0
    /// Audit events of a save that failed, written with the next one.
    public var auditBacklog: [AuditEvent] = []
    /// Saves asked for, and the newest of them the saving thread has answered.
    public var requested = 0
    public var confirmed = 0

    public init(session: AnnotationSession, store: AnnotationStore?, seen: FileStamp?, notSavedReason: String?) {
        self.session = session
        self.store = store
        self.seen = seen
        self.notSavedReason = notSavedReason
    }

    /// Whether changes go to a sidecar file.
    public var isSaving: Bool { store != nil && notSavedReason == nil }

    /// Whether something is not yet on disk (changed, or written but not yet confirmed).
    public var hasUnsavedWork: Bool {
        unsavedChanges > 0 || requested != confirmed || !auditBacklog.isEmpty || labelMap?.stroke != nil
    }
}

public enum EditDomain: Sendable, Equatable { case annotations, labelMap }

extension AnnotationContext {
    mutating func recordEdit(_ domain: EditDomain) {
        undoOrder.append(domain)
        redoOrder.removeAll()
    }

    mutating func recordUndo(_ domain: EditDomain) {
        if let i = undoOrder.lastIndex(of: domain) { undoOrder.remove(at: i) }
        redoOrder.append(domain)
    }

    mutating func recordRedo(_ domain: EditDomain) {
        if let i = redoOrder.lastIndex(of: domain) { redoOrder.remove(at: i) }
        undoOrder.append(domain)
    }
}

/// Settings from the command line that apply to every image: the label set (`--labels`) and
/// the landmark template (`--landmarks`).
public struct AnnotationSettings: Sendable {
    public var labelSet: LabelSet?
    public var template: LandmarkTemplate?

    public init(labelSet: LabelSet? = DefaultLabelSet.qa, template: LandmarkTemplate? = nil) {
        self.labelSet = labelSet
        self.template = template
    }
}

/// The label set `1`–`9` toggle when `--labels` is not given: quality control, as shipped in
/// `LabelSets/qa.json` (a test checks that they agree).
public enum DefaultLabelSet {
    public static let qa = LabelSet(name: "qa", scope: .series, choice: .single, labels: [
        .init(name: "pass", color: "#2E9E44", description: "usable as it is"),
        .init(name: "fail", color: "#D1342F", description: "not usable: wrong anatomy, corrupt, or severe artefact"),
        .init(name: "unsure", color: "#E8A317", description: "needs a second look"),
    ])
}
