import Foundation

/// Lets the one who started a read stop it: a viewer whose user has already pressed `n` again
/// cancels the read of the image skipped. Readers look at it between files and frames and
/// throw `VolumeKitError.cancelled`.
public final class LoadCancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    public init() {}

    public func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }

    public var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }
}
