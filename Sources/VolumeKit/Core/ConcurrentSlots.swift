import Foundation

/// One slot per task of a `DispatchQueue.concurrentPerform`, each written by its own task and
/// read once they have all returned.
final class ConcurrentSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    /// Every slot, nil where a task left its slot empty.
    var all: [T?] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }

    /// Every slot's value, for computations whose every task fills its slot.
    var values: [T] { all.map { $0! } }
}
