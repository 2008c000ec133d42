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
