import VolumeKit

/// Exactly the voxels one stroke changed: each voxel's value before and after, so undo and redo
/// restore those voxels and nothing else (a delta, never a copy of the map).
///
/// `indices` are linear voxel indices (`(k * height + j) * width + i`), ascending and distinct;
/// no voxel has `before == after`. Memory: 8 bytes a voxel (`byteCount`).
public struct LabelEdit: Sendable, Equatable {
    public var indices: [UInt32]
    public var before: [UInt16]
    public var after: [UInt16]

    /// Net change of one label's voxel count, split into what it gained and what it lost.
    public struct LabelChange: Sendable, Equatable {
        public var gained: Int
        public var lost: Int
        public var net: Int { gained - lost }
    }

    public init() {
        indices = []
        before = []
        after = []
    }

    /// Voxels in any order; sorted here, and voxels whose value does not change are left out.
    /// A voxel listed twice keeps its first `before` and its last `after`.
    public init(indices: [UInt32], before: [UInt16], after: [UInt16]) {
        precondition(indices.count == before.count && before.count == after.count, "edit arrays differ in length")
        if zip(indices, indices.dropFirst()).allSatisfy({ $0 < $1 }) && zip(before, after).allSatisfy({ $0 != $1 }) {
            self.indices = indices
            self.before = before
            self.after = after
            return
        }
        let order = indices.indices.sorted { (indices[$0], $0) < (indices[$1], $1) }
        var edit = LabelEdit()
        var n = 0
        while n < order.count {
            let index = indices[order[n]], first = before[order[n]]
            var last = after[order[n]]
            n += 1
            while n < order.count, indices[order[n]] == index {
                last = after[order[n]]
                n += 1
            }
            if first != last { edit.append(index, first, last) }
        }
        self = edit
    }

    @inline(__always)
    mutating func append(_ index: UInt32, _ old: UInt16, _ new: UInt16) {
        indices.append(index)
        before.append(old)
        after.append(new)
    }

    mutating func reserve(_ n: Int) {
        indices.reserveCapacity(n)
        before.reserveCapacity(n)
        after.reserveCapacity(n)
    }

    public var changedVoxels: Int { indices.count }
    public var isEmpty: Bool { indices.isEmpty }

    /// Heap bytes the edit holds (4 per index, 2 per value twice), plus a small fixed part.
    public var byteCount: Int { indices.count * 8 + 64 }

    /// For each label the stroke touched, its net change in voxels: positive gained, negative
    /// lost. Label 0 (background) is included: painting 12 voxels of label 3 over background is
    /// `[3: 12, 0: -12]`.
    public func changedByLabel() -> [UInt16: Int] {
        changes().mapValues(\.net)
    }

    /// Voxels each label gained and lost (the audit log's "which labels, how many voxels").
    public func changes() -> [UInt16: LabelChange] {
        var gained = [Int](repeating: 0, count: 65536), lost = [Int](repeating: 0, count: 65536)
        for n in indices.indices {
            gained[Int(after[n])] += 1
            lost[Int(before[n])] += 1
        }
        var out: [UInt16: LabelChange] = [:]
        for v in 0..<65536 where gained[v] != 0 || lost[v] != 0 {
            out[UInt16(v)] = LabelChange(gained: gained[v], lost: lost[v])
        }
        return out
    }

    public func undo(on map: inout LabelMap) { write(before, to: &map) }
    public func redo(on map: inout LabelMap) { write(after, to: &map) }

    /// The same voxels the other way round: undoing this is redoing `self`.
    public var inverted: LabelEdit {
        var e = self
        swap(&e.before, &e.after)
        return e
    }

    /// Appends a later edit of the same stroke: the result is the change from before `self` to
    /// after `later`. A voxel keeps its first `before`; voxels back at their first value drop out.
    public mutating func merge(_ later: LabelEdit) {
        if later.isEmpty { return }
        if isEmpty { self = later; return }
        var out = LabelEdit()
        out.reserve(indices.count + later.indices.count)
        var a = 0, b = 0
        while a < indices.count || b < later.indices.count {
            if b == later.indices.count || (a < indices.count && indices[a] < later.indices[b]) {
                out.append(indices[a], before[a], after[a])
                a += 1
            } else if a == indices.count || later.indices[b] < indices[a] {
                out.append(later.indices[b], later.before[b], later.after[b])
                b += 1
            } else {
                if before[a] != later.after[b] { out.append(indices[a], before[a], later.after[b]) }
                a += 1
                b += 1
            }
        }
        self = out
    }

    /// Writes `values` at `indices`, one slice at a time.
    private func write(_ values: [UInt16], to map: inout LabelMap) {
        guard !indices.isEmpty else { return }
        let perSlice = map.voxelsPerSlice
        precondition(Int(indices[indices.count - 1]) < map.voxelCount, "the edit is for a larger label map")
        let wide = !map.isWide && values.contains { $0 > 255 }
        var n = 0
        indices.withUnsafeBufferPointer { idx in
            values.withUnsafeBufferPointer { val in
                while n < idx.count {
                    let k = Int(idx[n]) / perSlice, end = (k + 1) * perSlice
                    map.withMutableSlice(k, wide: wide) { low, high in
                        while n < idx.count, Int(idx[n]) < end {
                            let o = Int(idx[n]) - k * perSlice, v = val[n]
                            low[o] = UInt8(truncatingIfNeeded: v)
                            high?[o] = UInt8(truncatingIfNeeded: v >> 8)
                            n += 1
                        }
                    }
                }
            }
        }
    }
}
