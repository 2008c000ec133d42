import Foundation

/// Messages from background threads (the loader) to the run loop.
final class Mailbox: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [Message] = []

    func post(_ message: Message) {
        lock.lock()
        messages.append(message)
        lock.unlock()
    }

    func take() -> [Message] {
        lock.lock()
        defer { lock.unlock() }
        let all = messages
        messages.removeAll()
        return all
    }
}
