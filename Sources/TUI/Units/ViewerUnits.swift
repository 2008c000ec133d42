import Annotations

/// The registry: every unit of the viewer, in the order the help lists them. The keymap
/// parser, the help overlay, `:` completion, `--list-actions`, the default keymap and the docs'
/// key table are all made from these declarations.
public enum ViewerUnits {
    public static let all: [ViewerUnit] = [
        GeneralUnit.unit, NavigationUnit.unit, FramesUnit.unit, PlanesUnit.unit, WindowUnit.unit, NormalizeUnit.unit,
        LandmarkTool.unit, RectangleTool.unit, EllipseTool.unit, PolygonTool.unit, DistanceTool.unit,
        AngleTool.unit, CobbTool.unit,
        LabelsTool.unit, EditingUnit.unit, MoveTool.unit,
        TrackTool.unit, FrameRangesTool.unit,
        BrushTool.unit, LabelMapTools.unit, LabelMapViewUnit.unit,
        ReviewUnit.unit,
        ProposalsUnit.unit,
    ]

    public static let actionSpecs: [ActionSpec] = all.flatMap(\.actions)
    public static let commands: [CommandSpec] = all.flatMap(\.commands)

    private static let owner: [Action: Int] = {
        var owner: [Action: Int] = [:]
        for (index, unit) in all.enumerated() {
            for spec in unit.actions {
                precondition(owner[spec.action] == nil, "action \(spec.action) is declared twice")
                owner[spec.action] = index
            }
        }
        return owner
    }()

    private static let specs: [Action: ActionSpec] = Dictionary(uniqueKeysWithValues: actionSpecs.map { ($0.action, $0) })

    static func spec(of action: Action) -> ActionSpec? { specs[action] }

    static func unit(for action: Action) -> ViewerUnit? { owner[action].map { all[$0] } }

    static let interceptors: [ViewerUnit.Intercept] = all.compactMap(\.intercept)

    static func command(named name: String) -> CommandSpec? {
        commands.first { $0.names.contains(name) }
    }

    /// Command names starting with `prefix`, for `Tab` on the `:` line.
    static func completions(of prefix: String) -> [String] {
        commands.map(\.name).filter { $0.hasPrefix(prefix) }
    }

    static func drawing(for kind: AnnotationKind) -> ToolDrawing? {
        all.lazy.compactMap(\.drawing).first { $0.kind == kind }
    }

    static func drawing(for tool: AnnotationTool) -> ToolDrawing? {
        all.lazy.compactMap(\.drawing).first { $0.tool == tool }
    }

    /// The action that starts (and continues) a drawing tool.
    static func action(for tool: AnnotationTool) -> Action? {
        all.first { $0.drawing?.tool == tool }?.actions.first?.action
    }
}
