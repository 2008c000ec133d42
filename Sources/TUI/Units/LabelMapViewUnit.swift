import Annotations
import VolumeKit

extension Action {
    static let labelMapView = Action("seg.view")
    static let labelMapOpacity = Action("seg.opacity")
    static let hideLabel = Action("seg.hide-label")
    static let segmentsPanel = Action("seg.panel")
}

/// How label maps are shown: filled, as outlines or not at all; their opacity; one label
/// hidden; the segments panel with each label's volume and statistics.
enum LabelMapViewUnit {
    static let opacities: [Double] = [0.25, 0.5, 0.75, 1]

    static let unit = ViewerUnit(
        name: "label-map view",
        actions: [
            ActionSpec(.labelMapView, .labelMap, "label maps: filled, outlines only, or hidden", keys: ["V"]),
            ActionSpec(.labelMapOpacity, .labelMap, "label map opacity: 25, 50, 75, 100 %", keys: ["%"]),
            ActionSpec(.hideLabel, .labelMap, "hide or show the label under the cursor", keys: ["Y"]),
            ActionSpec(.segmentsPanel, .labelMap, "segments panel: each label's voxels, mL and intensity statistics", keys: ["S"]),
        ],
        commands: [
            CommandSpec(["opacity"], usage: "opacity PERCENT", help: "label map opacity, e.g. :opacity 40") { state, args in
                guard args.count == 1, let p = Double(args.words[0].replacingOccurrences(of: "%", with: "")), p >= 0, p <= 100 else {
                    return CommandLineEditor.fail(&state, "usage: :opacity PERCENT (0–100), e.g. :opacity 40")
                }
                state.labelDisplay.opacity = p / 100
                if state.labelDisplay.style == .hidden { state.labelDisplay.style = .filled }
                state.message = .init(text: "label maps at \(Int(p.rounded())) % opacity", isError: false)
                return []
            },
            CommandSpec(["others"], usage: "others on|off", help: "show or hide the other annotators' label maps (outlines over yours)") { state, args in
                guard let word = args.first, ["on", "off"].contains(word) else {
                    return CommandLineEditor.fail(&state, "usage: :others on or :others off")
                }
                if word == "on" && state.options.blind {
                    return CommandLineEditor.fail(&state, "a blind read (--blind) does not show the other annotators' label maps")
                }
                state.labelDisplay.blind = word == "off"
                let names = state.annotation?.references.filter { $0.kind == .annotator }.map(\.name) ?? []
                state.message = .init(text: word == "off" ? "other annotators' label maps hidden"
                                      : names.isEmpty ? "no other annotator has a label map of this image"
                                      : "shown as outlines: " + names.joined(separator: ", "), isError: false)
                return []
            },
            CommandSpec(["lut"], usage: "lut labels|grey", help: "show the image itself as labels in colour (an atlas, a mask opened alone), or grey") { state, args in
                guard let volume = state.volume, var context = state.annotation else { return CommandLineEditor.fail(&state, "no image is open") }
                switch args.first {
                case "labels":
                    do {
                        let map = try LabelMapReading.labels(ofImage: volume)
                        context.references.removeAll { $0.kind == .image }
                        context.references.insert(ReferenceLabelMap(name: "this image", path: volume.metadata.sourceFiles.first ?? "",
                                                                    map: map, table: state.options.labelTable, kind: .image), at: 0)
                        state.annotation = context
                        state.message = .init(text: "the image is shown as labels; :lut grey goes back", isError: false)
                    } catch {
                        return CommandLineEditor.fail(&state, "\(error)")
                    }
                case "grey", "gray":
                    context.references.removeAll { $0.kind == .image }
                    state.annotation = context
                    state.message = .init(text: "the image is shown in grey", isError: false)
                default:
                    return CommandLineEditor.fail(&state, "usage: :lut labels or :lut grey")
                }
                return []
            },
        ]
    ) { state, action in
        switch action {
        case .labelMapView:
            let styles = LabelDisplay.Style.allCases
            let next = styles[(styles.firstIndex(of: state.labelDisplay.style)! + 1) % styles.count]
            state.labelDisplay.style = next
            state.message = .init(text: "label maps: \(next.rawValue)", isError: false)
        case .labelMapOpacity:
            let now = state.labelDisplay.opacity
            state.labelDisplay.opacity = opacities.first { $0 > now + 1e-9 } ?? opacities[0]
            if state.labelDisplay.style == .hidden { state.labelDisplay.style = .filled }
            state.message = .init(text: "label maps at \(Int((state.labelDisplay.opacity * 100).rounded())) % opacity", isError: false)
        case .hideLabel:
            if let under = LabelMapLayers.label(under: state), under.value != 0 {
                if state.labelDisplay.hidden.remove(under.value) != nil {
                    state.message = .init(text: "label \(under.value) \(under.name) shown", isError: false)
                } else {
                    state.labelDisplay.hidden.insert(under.value)
                    state.message = .init(text: "label \(under.value) \(under.name) hidden; \(AnnotationActions.spelling(.hideLabel, state)) on it again shows it", isError: false)
                }
            } else if !state.labelDisplay.hidden.isEmpty {
                state.labelDisplay.hidden.removeAll()
                state.message = .init(text: "every label shown again", isError: false)
            } else {
                state.message = .init(text: "no label under the cursor to hide", isError: false)
            }
        case .segmentsPanel:
            if case .segments = state.panel {
                state.panel = .closed
            } else {
                if let labels = state.annotation?.labelMap, let volume = state.volume {
                    state.segmentStatistics = LabelStatistics.measure(labels.map, image: volume, timepoint: state.timepoint)
                } else {
                    state.segmentStatistics = []
                }
                state.panel = .segments(scroll: 0)
            }
        default:
            break
        }
        return []
    }
}
