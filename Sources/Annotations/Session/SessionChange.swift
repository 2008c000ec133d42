import Foundation

/// What a session call did: whether the document changed (then the viewer saves it) and a
/// line for the status bar.
public struct SessionChange: Sendable, Equatable {
    public var documentChanged: Bool
    public var message: String?
    /// Records added, changed or removed.
    public var affected: [UUID]

    public init(documentChanged: Bool, message: String?, affected: [UUID] = []) {
        self.documentChanged = documentChanged
        self.message = message
        self.affected = affected
    }

    /// Nothing saved; only a message (or nothing) for the status bar.
    public static func info(_ message: String?) -> SessionChange {
        SessionChange(documentChanged: false, message: message)
    }
}
