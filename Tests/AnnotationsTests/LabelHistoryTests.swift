import Testing
import TestSupport
import VolumeKit
@testable import Annotations

@Suite struct LabelHistoryTests {
    let image = blankVolume(64, 48, 20, spacing: [0.8, 0.8, 2])

    /// Strokes of many dabs, undone one by one, give back each earlier map value for value
    /// (and byte for byte while no value above 255 was painted); redo gives the later ones back.
    @Test func undoAndRedoRestoreExactly() {
        var map = LabelMap(grid: image)
        var history = LabelHistory()
        var snapshots = [values(map)]
        var bytes = [map.littleEndianBytes()]
        var generator = SplitMix(seed: 7)
        for stroke in 0..<12 {
            var edit = LabelEdit()
            let brush = LabelBrush(label: stroke == 9 ? 700 : UInt16((stroke + 1) % 4), radius: Double(generator.next() % 6) + 0.5,
                                   shape: stroke % 3 == 0 ? .sphere : .disc,
                                   mode: stroke % 5 == 4 ? .overUnlabelled : .overAll)
            for _ in 0..<15 {
                let at = SIMD3(Int(generator.next() % 64), Int(generator.next() % 48), Int(generator.next() % 20))
                edit.merge(LabelPainting.dab(&map, at: at, normalAxis: stroke % 3, brush: brush, image: image, timepoint: 0))
            }
            #expect(!edit.isEmpty)
            history.record(edit)
            snapshots.append(values(map))
            bytes.append(map.littleEndianBytes())
        }
        for n in stride(from: snapshots.count - 2, through: 0, by: -1) {
            #expect(history.undo(&map) != nil)
            let same = values(map) == snapshots[n]
            #expect(same, "undo to after stroke \(n)")
            if !map.isWide {
                let sameBytes = map.littleEndianBytes() == bytes[n]
                #expect(sameBytes)
            }
        }
        #expect(map.counts().isEmpty)
        #expect(!history.canUndo && history.undo(&map) == nil)
        for n in 1..<snapshots.count {
            #expect(history.redo(&map) != nil)
            let same = values(map) == snapshots[n]
            #expect(same, "redo to after stroke \(n)")
        }
        #expect(!history.canRedo)
    }

    /// A stroke merged from dabs is the change from before its first dab to after its last:
    /// a voxel keeps its first `before`; painted then erased within the stroke drops out.
    @Test func mergeKeepsFirstBefore() {
        var map = LabelMap(grid: image)
        map[10, 10, 5] = 9
        var stroke = LabelPainting.dab(&map, at: [10, 10, 5], normalAxis: 2, brush: LabelBrush(label: 1, radius: 1),
                                       image: image, timepoint: 0)
        stroke.merge(LabelPainting.dab(&map, at: [10, 10, 5], normalAxis: 2, brush: LabelBrush(label: 2, radius: 1),
                                       image: image, timepoint: 0))
        let index = UInt32((5 * 48 + 10) * 64 + 10)
        let n = stroke.indices.firstIndex(of: index)!
        #expect(stroke.before[n] == 9 && stroke.after[n] == 2)
        stroke.merge(LabelPainting.dab(&map, at: [10, 10, 5], normalAxis: 2, brush: LabelBrush(label: 0, radius: 1),
                                       image: image, timepoint: 0))
        #expect(stroke.indices == [index])
        #expect(stroke.before == [9] && stroke.after == [0])
        #expect(zip(stroke.indices, stroke.indices.dropFirst()).allSatisfy { $0 < $1 })
        let unsorted = LabelEdit(indices: [5, 1, 5, 3], before: [0, 2, 7, 4], after: [7, 2, 1, 6])
        #expect(unsorted.indices == [3, 5] && unsorted.before == [4, 0] && unsorted.after == [6, 1])
    }

    /// The history never holds more than its budget: the oldest steps go first and are
    /// counted; an edit larger than the budget is not kept.
    @Test func memoryIsBounded() {
        var map = LabelMap(grid: image)
        var history = LabelHistory(byteBudget: 20_000)
        var total = 0
        for n in 0..<200 {
            let edit = LabelPainting.dab(&map, at: [n % 64, (n * 7) % 48, n % 20], normalAxis: 2,
                                         brush: LabelBrush(label: UInt16(n % 3 + 1), radius: 2.5), image: image, timepoint: 0)
            history.record(edit)
            if !edit.isEmpty { total += 1 }
            #expect(history.byteCount <= 20_000)
        }
        #expect(history.droppedSteps > 0)
        #expect(history.undoCount + history.droppedSteps == total)
        let kept = history.undoCount
        var undone = 0
        while history.undo(&map) != nil { undone += 1 }
        #expect(undone == kept && history.redoCount == kept)
        let huge = LabelPainting.dab(&map, at: [32, 24, 10], normalAxis: 2, brush: LabelBrush(label: 5, radius: 40, shape: .sphere),
                                     image: image, timepoint: 0)
        #expect(huge.byteCount > 20_000)
        history.record(huge)
        #expect(!history.canUndo && !history.canRedo && history.byteCount == 0)
    }

    /// Values as a flat array, to rebuild the map through the public initialiser.
    func values(_ map: LabelMap) -> [UInt16] {
        (0..<map.depth).flatMap { k in (0..<map.voxelsPerSlice).map { map[k, $0] } }
    }
}

/// A small deterministic generator for reproducible strokes.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
