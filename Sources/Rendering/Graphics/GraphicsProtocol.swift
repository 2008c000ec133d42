/// How the picture of an image pane reaches the terminal: as half-block cells (`none`), or as
/// real pixels through the kitty graphics protocol or DEC sixel.
public enum GraphicsProtocol: String, Sendable, CaseIterable, Equatable {
    case kitty, sixel, none
}

/// What a user asks for with `--graphics`: a protocol, or `auto` (ask the terminal).
public enum GraphicsChoice: String, Sendable, CaseIterable, Equatable {
    case auto, kitty, sixel, none

    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }

    /// The protocol named outright; nil for `auto`.
    public var named: GraphicsProtocol? {
        switch self {
        case .auto: return nil
        case .kitty: return .kitty
        case .sixel: return .sixel
        case .none: return GraphicsProtocol.none
        }
    }

    public static let names = allCases.map(\.rawValue).joined(separator: ", ")
}
