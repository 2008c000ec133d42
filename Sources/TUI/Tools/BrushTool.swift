import Annotations
import VolumeKit

extension Action {
    static let brush = Action("seg.brush")
    static let paint = Action("seg.paint")
    static let pen = Action("seg.pen")
    static let eraser = Action("seg.eraser")
    static let brushLarger = Action("seg.brush-larger")
    static let brushSmaller = Action("seg.brush-smaller")
    static let brushShape = Action("seg.brush-shape")
    static let paintMode = Action("seg.paint-mode")
    static let paintRange = Action("seg.range")
    static let pickLabel = Action("seg.pick")
}

/// The brush: `Space` paints a disc (or sphere) of the brush radius at the cursor with the
/// current label; with the pen down every cursor move paints, as one undo step; the eraser
/// paints background. In brush mode the digits choose the label.
enum BrushTool {
    static let radii: [Double] = [0.5, 1, 1.5, 2, 3, 4, 5, 7, 10, 15, 20, 30, 50]

    static let unit = ViewerUnit(
        name: "brush",
        actions: [
            ActionSpec(.brush, .labelMap, "brush mode on or off (Space paints; digits choose the label)", keys: ["b"]),
            ActionSpec(.paint, .labelMap, "paint at the cursor with the brush (turns brush mode on)", keys: ["Space"]),
            ActionSpec(.pen, .labelMap, "pen down or up: while down, every cursor move paints (one undo step)", keys: ["B"]),
            ActionSpec(.eraser, .labelMap, "eraser on or off (paints background, within the paint mode)", keys: ["E"]),
            ActionSpec(.brushLarger, .labelMap, "larger brush", keys: ["f"]),
            ActionSpec(.brushSmaller, .labelMap, "smaller brush", keys: ["F"]),
            ActionSpec(.brushShape, .labelMap, "brush shape: 2D disc in the plane shown, or 3D sphere", keys: ["O"]),
            ActionSpec(.paintMode, .labelMap, "paint over: everything, unlabelled voxels only, or only the label under the cursor", keys: ["P"]),
            ActionSpec(.paintRange, .labelMap, "paint only within an intensity range: press at two voxels for its ends, a third time to clear it", keys: ["R"]),
            ActionSpec(.pickLabel, .labelMap, "brush label = the label under the cursor", keys: ["y"]),
        ],
        commands: [
            CommandSpec(["brush"], usage: "brush MM", help: "brush radius in millimetres, e.g. :brush 2.5") { state, args in
                guard args.count == 1, let mm = Double(args.words[0]), mm > 0, mm <= 500 else {
                    return CommandLineEditor.fail(&state, "usage: :brush RADIUS (mm, above 0), e.g. :brush 2.5")
                }
                state.brush.brush.radius = mm
                state.brush.active = true
                state.message = .init(text: "brush " + describe(state), isError: false)
                return []
            },
            CommandSpec(["label"], usage: "label N [NAME]", help: "brush label N (1–65535); with NAME, also names it in your label table") { state, args in
                guard let first = args.first, let n = UInt16(first), n > 0 else {
                    return CommandLineEditor.fail(&state, "usage: :label N [NAME], N from 1 to 65535")
                }
                let name = args.words.dropFirst().joined(separator: " ")
                return choose(&state, label: n, naming: name.isEmpty ? nil : name)
            },
            CommandSpec(["range"], usage: "range LOW HIGH · range off", help: "paint only where the image lies in [LOW, HIGH] (HU or stored units)") { state, args in
                if args.first == "off" {
                    state.brush.brush.range = nil
                    state.message = .init(text: "intensity range off: the brush paints whatever the image", isError: false)
                    return []
                }
                guard args.count == 2, let a = Double(args.words[0]), let b = Double(args.words[1]), a.isFinite, b.isFinite else {
                    return CommandLineEditor.fail(&state, "usage: :range LOW HIGH (e.g. :range -100 200), or :range off")
                }
                state.brush.brush.range = min(a, b)...max(a, b)
                state.message = .init(text: "brush " + describe(state), isError: false)
                return []
            },
        ],
        intercept: intercept
    ) { state, action in
        switch action {
        case .brush:
            LabelMapEditing.endPen(&state)
            state.brush.active.toggle()
            state.message = .init(text: state.brush.active ? "brush mode: " + describe(state) : "brush mode off", isError: false)
            return []
        case .paint:
            state.brush.active = true
            return dab(&state, action)
        case .pen:
            if state.brush.penDown {
                LabelMapEditing.endPen(&state)
                state.message = .init(text: "pen up", isError: false)
                return []
            }
            state.brush.active = true
            state.brush.penDown = true
            let effects = dab(&state, action, continuing: true)
            state.message = .init(text: "pen down: moving the cursor paints · \(AnnotationActions.spelling(.pen, state)) lifts it", isError: false)
            return effects
        case .eraser:
            state.brush.erasing.toggle()
            state.brush.active = true
            state.message = .init(text: state.brush.erasing ? "eraser on: " + describe(state) : "eraser off: " + describe(state), isError: false)
            return []
        case .brushLarger, .brushSmaller:
            let r = state.brush.brush.radius
            state.brush.brush.radius = action == .brushLarger ? (radii.first { $0 > r + 1e-9 } ?? r)
                                                             : (radii.last { $0 < r - 1e-9 } ?? r)
            state.brush.active = true
            state.message = .init(text: "brush " + describe(state), isError: false)
            return []
        case .brushShape:
            state.brush.brush.shape = state.brush.brush.shape == .disc ? .sphere : .disc
            state.message = .init(text: "brush " + describe(state), isError: false)
            return []
        case .paintMode:
            cycleMode(&state)
            return []
        case .paintRange:
            takeRange(&state)
            return []
        case .pickLabel:
            guard let value = LabelMapLayers.label(under: state), value.value != 0 else {
                state.message = .init(text: "no label under the cursor", isError: false)
                return []
            }
            return choose(&state, label: value.value, naming: nil)
        default:
            return []
        }
    }

    /// In brush mode the digits choose the label; with the pen down, a cursor move paints where
    /// it lands.
    static func intercept(_ state: inout ViewerState, _ action: Action) -> [Effect]? {
        guard state.brush.active else { return nil }
        if let n = action.labelNumber { return choose(&state, label: UInt16(n), naming: nil) }
        guard state.brush.penDown, action.group == .navigation, let unit = ViewerUnits.unit(for: action) else { return nil }
        let before = state.cursor
        var effects = unit.reduce(&state, action)
        if state.cursor != before { effects += dab(&state, action, continuing: true) }
        return effects
    }

    static func dab(_ state: inout ViewerState, _ action: Action, continuing: Bool = false) -> [Effect] {
        let voxel = state.cursor, plane = state.plane, t = state.timepoint, brush = state.brush.painting
        return LabelMapEditing.edit(&state, action, describing: brush.label == 0 ? "erased" : "painted", continuingStroke: continuing) { map, volume, _ in
            LabelPainting.dab(&map, at: voxel, normalAxis: volume.layout(plane).normal, brush: brush, image: volume, timepoint: t)
        }
    }

    static func choose(_ state: inout ViewerState, label: UInt16, naming name: String?) -> [Effect] {
        state.brush.brush.label = label
        state.brush.erasing = false
        state.brush.active = true
        let effects = name.map { LabelMapEditing.name(&state, label: label, $0) } ?? []
        state.message = .init(text: "brush " + describe(state), isError: false)
        return effects
    }

    private static func cycleMode(_ state: inout ViewerState) {
        switch state.brush.brush.mode {
        case .overAll:
            state.brush.brush.mode = .overUnlabelled
        case .overUnlabelled:
            if let under = LabelMapLayers.label(under: state)?.value, under != 0 {
                state.brush.brush.mode = .overLabel(under)
            } else {
                state.brush.brush.mode = .overAll
            }
        case .overLabel:
            state.brush.brush.mode = .overAll
        }
        state.message = .init(text: "brush " + describe(state), isError: false)
    }

    private static func takeRange(_ state: inout ViewerState) {
        guard let volume = state.volume else { return }
        let c = state.cursor
        let value = volume.value(c.x, c.y, c.z, t: state.timepoint)
        if state.brush.brush.range != nil && state.brush.rangeAnchor == nil {
            state.brush.brush.range = nil
            state.message = .init(text: "intensity range off", isError: false)
        } else if let anchor = state.brush.rangeAnchor {
            state.brush.rangeAnchor = nil
            state.brush.brush.range = min(anchor, value)...max(anchor, value)
            state.message = .init(text: "brush " + describe(state), isError: false)
        } else {
            state.brush.rangeAnchor = value
            state.message = .init(text: "range from \(Formatting.value(value)): move to the other end and press \(AnnotationActions.spelling(.paintRange, state)) again", isError: false)
        }
    }

    /// "label 2 Liver · r 3 mm (4×4 voxels) disc · over all · 40…200 · pen up".
    static func describe(_ state: ViewerState) -> String {
        let b = state.brush.brush
        let table = state.annotation?.labelMap?.table ?? state.options.labelTable
        var parts = [state.brush.erasing ? "eraser" : "label \(b.label) \(table.name(for: b.label))"]
        var size = "r \(Formatting.value(b.radius)) mm"
        if let volume = state.volume {
            let e = b.extent(spacing: volume.geometry.spacing, normalAxis: volume.layout(state.plane).normal)
            let across = (0..<3).filter { b.shape == .sphere || $0 != volume.layout(state.plane).normal }.map { String(2 * e[$0] + 1) }
            size += " (\(across.joined(separator: "×")) voxels)"
        }
        parts.append(size + " " + b.shape.rawValue)
        switch b.mode {
        case .overAll: parts.append("over all")
        case .overUnlabelled: parts.append("over unlabelled")
        case .overLabel(let n): parts.append("over label \(n) only")
        }
        if let r = b.range { parts.append("\(Formatting.value(r.lowerBound))…\(Formatting.value(r.upperBound))") }
        if state.brush.penDown { parts.append("pen down") }
        return parts.joined(separator: " · ")
    }
}
