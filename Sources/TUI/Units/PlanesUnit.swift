import VolumeKit

extension Action {
    static let axial = Action("plane.axial")
    static let coronal = Action("plane.coronal")
    static let sagittal = Action("plane.sagittal")
    static let threePlanes = Action("plane.three")
    static let zoomIn = Action("zoom.in")
    static let zoomOut = Action("zoom.out")
    static let zoomFit = Action("zoom.fit")
    static let panLeft = Action("pan.left")
    static let panRight = Action("pan.right")
    static let panUp = Action("pan.up")
    static let panDown = Action("pan.down")
    static let crosshair = Action("view.crosshair")
}

/// Which plane is shown, one pane or three, zoom and pan.
enum PlanesUnit {
    static let unit = ViewerUnit(
        name: "planes",
        actions: [
            ActionSpec(.axial, .planes, "axial plane (in three-plane view: focus the axial pane)", keys: ["a"]),
            ActionSpec(.coronal, .planes, "coronal plane (in three-plane view: focus the coronal pane)", keys: ["c"]),
            ActionSpec(.sagittal, .planes, "sagittal plane (in three-plane view: focus the sagittal pane)", keys: ["s"]),
            ActionSpec(.threePlanes, .planes, "three planes with a linked crosshair, or back to one", keys: ["t"]),
            ActionSpec(.zoomIn, .planes, "zoom in (around the cursor)", keys: ["+", "="]),
            ActionSpec(.zoomOut, .planes, "zoom out", keys: ["-"]),
            ActionSpec(.zoomFit, .planes, "fit the image to the pane", keys: ["0"]),
            ActionSpec(.panLeft, .planes, "pan left", keys: ["Shift-Left"]),
            ActionSpec(.panRight, .planes, "pan right", keys: ["Shift-Right"]),
            ActionSpec(.panUp, .planes, "pan up", keys: ["Shift-Up"]),
            ActionSpec(.panDown, .planes, "pan down", keys: ["Shift-Down"]),
            ActionSpec(.crosshair, .planes, "show or hide the crosshair (the cursor still moves)", keys: ["#"]),
        ],
        commands: [
            CommandSpec(["plane"], usage: "plane axial|coronal|sagittal|three", help: "the plane shown") { state, args in
                guard CommandLineEditor.image(&state) != nil else { return [] }
                switch args.first?.lowercased() {
                case "axial", "a": Navigation.choose(&state, .axial); state.layout = .single
                case "coronal", "c": Navigation.choose(&state, .coronal); state.layout = .single
                case "sagittal", "s": Navigation.choose(&state, .sagittal); state.layout = .single
                case "three", "t", "3":
                    if state.layout == .single { _ = reduce(&state, .threePlanes) }
                default: return CommandLineEditor.fail(&state, "usage: :plane axial|coronal|sagittal|three")
                }
                return []
            },
            CommandSpec(["zoom"], usage: "zoom F", help: "zoom factor (1 fits the pane)") { state, args in
                guard CommandLineEditor.image(&state) != nil else { return [] }
                guard let factor = args.first.flatMap(Double.init), factor > 0, factor <= 64 else {
                    return CommandLineEditor.fail(&state, "usage: :zoom FACTOR (1 fits the pane)")
                }
                Navigation.zoom(&state, by: factor / state.paneView(state.plane).zoom)
                return []
            },
        ],
        reduce: reduce
    )

    static func reduce(_ state: inout ViewerState, _ action: Action) -> [Effect] {
        guard let volume = Navigation.imageShown(&state) else { return [] }
        if action == .threePlanes, let reason = Navigation.onlyOwnPlane(state) {
            state.message = .init(text: reason, isError: false)
            return []
        }
        switch action {
        case .axial: Navigation.choose(&state, .axial)
        case .coronal: Navigation.choose(&state, .coronal)
        case .sagittal: Navigation.choose(&state, .sagittal)
        case .threePlanes:
            guard volume.depth > 1 else {
                state.message = .init(text: "a single 2D image has only one plane", isError: false)
                return []
            }
            state.layout = state.layout == .single ? .threePlanes : .single
        case .zoomIn: Navigation.zoom(&state, by: 1.5)
        case .zoomOut: Navigation.zoom(&state, by: 1 / 1.5)
        case .zoomFit: state.paneViews[state.plane] = nil
        case .panLeft: Navigation.pan(&state, columns: -4, rows: 0)
        case .panRight: Navigation.pan(&state, columns: 4, rows: 0)
        case .panUp: Navigation.pan(&state, columns: 0, rows: -2)
        case .panDown: Navigation.pan(&state, columns: 0, rows: 2)
        case .crosshair:
            state.showsCrosshair.toggle()
            state.message = .init(text: state.showsCrosshair ? "crosshair shown" : "crosshair hidden (# shows it)", isError: false)
        default: break
        }
        return []
    }
}
