/// Something a key can ask the viewer to do, by the name a keymap file uses (`slice.next`,
/// `annotate.rectangle`). Actions are declared by the units that handle them (see
/// `ViewerUnit`), each with its help line and default keys; the registry (`ViewerUnits`)
/// collects them, so the keymap parser, the help overlay, `--list-actions` and the docs all read
/// the same declarations.
public struct Action: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    /// The heading the help overlay lists the action under.
    public enum Group: String, CaseIterable, Sendable {
        case general = "General"
        case navigation = "Slices and cursor"
        case planes = "Planes and view"
        case window = "Window / level"
        case annotation = "Annotation"
        case labelMap = "Label maps"
        case review = "Review"
    }

    /// The declaration of this action, when a unit declares it.
    public var spec: ActionSpec? { ViewerUnits.spec(of: self) }
    public var group: Group { spec?.group ?? .general }
    public var help: String { spec?.help ?? rawValue }

    /// Every declared action, in registry order.
    public static var allCases: [Action] { ViewerUnits.actionSpecs.map(\.action) }

    public static func named(_ name: String) -> Action? {
        ViewerUnits.spec(of: Action(name)) == nil ? nil : Action(name)
    }
}

/// One action as a unit declares it: its name, help group and line, and the keys the default
/// keymap binds to it (spelt as in keymap files: `r`, `Ctrl-R`, `PageDown`).
public struct ActionSpec: Sendable {
    public var action: Action
    public var group: Action.Group
    public var help: String
    public var defaultKeys: [String]

    public init(_ action: Action, _ group: Action.Group, _ help: String, keys: [String] = []) {
        self.action = action
        self.group = group
        self.help = help
        self.defaultKeys = keys
    }
}
