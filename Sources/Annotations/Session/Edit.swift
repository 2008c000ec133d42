import Foundation

/// One record before and after a change (nil: absent).
enum RecordChange: Sendable, Equatable {
    case annotation(before: Annotation?, after: Annotation?)
    case label(before: ImageLabel?, after: ImageLabel?)
    case note(before: Note?, after: Note?)
    case review(before: ReviewRecord?, after: ReviewRecord?)
}

/// One undoable step: what the user did, as the records it changed.
struct Edit: Sendable, Equatable {
    var summary: String
    var changes: [RecordChange]
}
