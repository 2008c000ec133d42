import Annotations
import Rendering
import VolumeKit

/// One unit of the viewer: a tool (landmark, rectangle, angle…) or a family of core actions
/// (slices, planes, window). Everything about it is here: its actions with their help and
/// default keys, its `:` commands, how it changes the state, and, for drawing tools, how its
/// annotations and its unfinished shape are drawn. Adding a tool is adding one file that makes a
/// `ViewerUnit` and one line in `ViewerUnits.all`.
public struct ViewerUnit: Sendable {
    public typealias Reduce = @Sendable (_ state: inout ViewerState, _ action: Action) -> [Effect]
    public typealias Intercept = @Sendable (_ state: inout ViewerState, _ action: Action) -> [Effect]?

    public var name: String
    public var actions: [ActionSpec]
    public var commands: [CommandSpec]
    /// Handles one of `actions`.
    public var reduce: Reduce
    /// Takes another unit's action first while this unit is active (move mode takes the cursor
    /// keys); nil when it lets the action pass.
    public var intercept: Intercept?
    /// How a drawing tool shows its work; nil for units that draw nothing.
    public var drawing: ToolDrawing?

    public init(name: String, actions: [ActionSpec], commands: [CommandSpec] = [], drawing: ToolDrawing? = nil,
                intercept: Intercept? = nil, reduce: @escaping Reduce) {
        self.name = name
        self.actions = actions
        self.commands = commands
        self.reduce = reduce
        self.intercept = intercept
        self.drawing = drawing
    }
}

/// How a drawing tool's annotations and unfinished shape appear on a pane.
public struct ToolDrawing: Sendable {
    public typealias Caption = @Sendable (Annotation) -> String?
    /// Points placed so far (pane columns and rows), the cursor, and whether the pane shows the
    /// plane the shape is drawn on; returns the outline it would have if finished there.
    public typealias RubberBand = @Sendable (_ points: [SIMD2<Double>], _ cursor: SIMD2<Double>, _ onOwnPlane: Bool) -> [Overlay.Shape]
    public typealias Hint = @Sendable (_ pending: PendingShape, _ key: String) -> String

    public var tool: AnnotationTool?
    public var kind: AnnotationKind
    /// The text drawn beside a finished annotation.
    public var caption: Caption
    public var rubberBand: RubberBand
    /// The status row while the shape is unfinished.
    public var hint: Hint

    public init(kind: AnnotationKind, tool: AnnotationTool? = nil, caption: @escaping Caption = { $0.label },
                rubberBand: @escaping RubberBand = { _, _, _ in [] },
                hint: @escaping Hint = { pending, key in " \(pending.tool.rawValue): press \(key) again · Esc cancels" }) {
        self.kind = kind
        self.tool = tool
        self.caption = caption
        self.rubberBand = rubberBand
        self.hint = hint
    }
}
