import Annotations
import Rendering
import VolumeKit

/// The label maps a pane draws, in their table colours, and the label under the cursor.
enum LabelMapLayers {
    /// Your label map (with a fill-between-slices preview applied) filled or outlined, over
    /// `--seg` maps; other annotators' as outlines on top, unless `--blind`.
    static func layers(_ state: ViewerState) -> [LabelLayer] {
        let display = state.labelDisplay
        guard display.style != .hidden, let context = state.annotation else { return [] }
        var layers: [LabelLayer] = []
        let outline = display.style == .outlines
        for reference in context.references where reference.kind != .annotator {
            let opaque = reference.kind == .image
            layers.append(LabelLayer(map: reference.map, colors: colors(reference.table, reference.map, display),
                                     opacity: opaque ? 1 : display.opacity, outline: outline && !opaque))
        }
        if let own = context.labelMap {
            let map = own.shown
            layers.append(LabelLayer(map: map, colors: colors(own.table, map, display), opacity: display.opacity, outline: outline))
        }
        if !display.blind && !state.options.blind {
            for reference in context.references where reference.kind == .annotator {
                layers.append(LabelLayer(map: reference.map, colors: colors(reference.table, reference.map, display),
                                         opacity: 1, outline: true))
            }
        }
        return layers
    }

    private static func colors(_ table: LabelTable, _ map: LabelMap, _ display: LabelDisplay) -> [RGB?] {
        let count = map.isWide ? 65536 : 256
        var colors = [RGB?](repeating: nil, count: count)
        let entries = Dictionary(table.entries.map { ($0.value, $0) }, uniquingKeysWith: { first, _ in first })
        for value in 1..<count where !display.hidden.contains(UInt16(value)) {
            let v = UInt16(value)
            let entry = entries[v]
            if entry?.visible == false { continue }
            let c = entry?.color ?? .generated(for: v)
            colors[value] = RGB(c.red, c.green, c.blue)
        }
        return colors
    }

    /// The label under the cursor: yours first, then the maps drawn beside it; nil when there
    /// is no label map at all.
    static func label(under state: ViewerState) -> (value: UInt16, name: String, owner: String?)? {
        guard let context = state.annotation else { return nil }
        let c = state.cursor
        if let own = context.labelMap, own.map.contains(c.x, c.y, c.z) {
            let v = own.shown[c]
            if v != 0 || context.references.isEmpty { return (v, v == 0 ? "background" : own.table.name(for: v), nil) }
        }
        for reference in context.references where reference.map.contains(c.x, c.y, c.z) {
            if reference.kind == .annotator && (state.options.blind || state.labelDisplay.blind) { continue }
            let v = reference.map[c]
            if v != 0 { return (v, reference.table.name(for: v), reference.name) }
        }
        return context.labelMap == nil && context.references.isEmpty ? nil : (0, "background", nil)
    }
}
