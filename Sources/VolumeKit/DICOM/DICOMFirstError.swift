import Foundation

/// The first error thrown by any of the tasks of a `concurrentPerform`.
final class DICOMFirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: VolumeKitError?

    func record(_ error: any Error) {
        let error = error as? VolumeKitError ?? .unreadable(path: "", reason: "\(error)")
        lock.lock()
        if stored == nil { stored = error }
        lock.unlock()
    }

    var error: VolumeKitError? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    func check() throws(VolumeKitError) {
        if let error { throw error }
    }
}

/// Results written by concurrent tasks, each to its own index.
final class DICOMSlots<T>: @unchecked Sendable {
    private var values: [T?]
    private let lock = NSLock()

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }

    var all: [T?] { values }
}
