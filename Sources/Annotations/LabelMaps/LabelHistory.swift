import VolumeKit

/// Undo and redo of label-map edits within a memory budget.
///
/// Each step is a `LabelEdit` (8 bytes a changed voxel). When the undo and redo steps together
/// hold more than `byteBudget`, the oldest undo steps are dropped (counted in `droppedSteps`);
/// an edit larger than the whole budget is not kept at all, and the steps before it are
/// dropped with it (undoing past it would not restore the map).
public struct LabelHistory: Sendable {
    public let byteBudget: Int
    private var undoSteps: [LabelEdit] = []
    private var redoSteps: [LabelEdit] = []
    public private(set) var byteCount = 0
    /// Steps dropped to keep within the budget since the history began.
    public private(set) var droppedSteps = 0

    public init(byteBudget: Int = 256 << 20) {
        self.byteBudget = max(0, byteBudget)
    }

    public var canUndo: Bool { !undoSteps.isEmpty }
    public var canRedo: Bool { !redoSteps.isEmpty }
    public var undoCount: Int { undoSteps.count }
    public var redoCount: Int { redoSteps.count }

    /// Records an edit already applied to the map; clears what could be redone. Returns how
    /// many steps were dropped to stay within the budget.
    @discardableResult
    public mutating func record(_ edit: LabelEdit) -> Int {
        guard !edit.isEmpty else { return 0 }
        byteCount -= redoSteps.reduce(0) { $0 + $1.byteCount }
        redoSteps.removeAll()
        if edit.byteCount > byteBudget {
            let dropped = undoSteps.count + 1
            undoSteps.removeAll()
            byteCount = 0
            droppedSteps += dropped
            return dropped
        }
        undoSteps.append(edit)
        byteCount += edit.byteCount
        var dropped = 0
        while byteCount > byteBudget, !undoSteps.isEmpty {
            byteCount -= undoSteps.removeFirst().byteCount
            dropped += 1
        }
        droppedSteps += dropped
        return dropped
    }

    /// Undoes the latest step on `map` and returns it; nil when there is none.
    public mutating func undo(_ map: inout LabelMap) -> LabelEdit? {
        guard let edit = undoSteps.popLast() else { return nil }
        edit.undo(on: &map)
        redoSteps.append(edit)
        return edit
    }

    /// Redoes the latest undone step on `map` and returns it; nil when there is none.
    public mutating func redo(_ map: inout LabelMap) -> LabelEdit? {
        guard let edit = redoSteps.popLast() else { return nil }
        edit.redo(on: &map)
        undoSteps.append(edit)
        return edit
    }

    /// Forgets every step (a label map reloaded from disk).
    public mutating func removeAll() {
        undoSteps.removeAll()
        redoSteps.removeAll()
        byteCount = 0
    }
}
