import Annotations
import VolumeKit

extension Action {
    static let growRegion = Action("seg.grow")
    static let fillRegion = Action("seg.fill")
    static let interpolateSlices = Action("seg.interpolate")
}

/// The semi-automatic label-map tools: region growing from the cursor within an intensity
/// range, filling a drawn ROI, and fill between slices (shown for review first).
enum LabelMapTools {
    /// Region growing stops (and changes nothing) past this many voxels unless `:grow` says more.
    static let defaultGrowLimit = 5_000_000

    static let unit = ViewerUnit(
        name: "label-map tools",
        actions: [
            ActionSpec(.growRegion, .labelMap, "grow a region from the cursor (3D, 6-connected) within the brush's intensity range (R or :range)", keys: ["Ctrl-G"]),
            ActionSpec(.fillRegion, .labelMap, "fill the selected rectangle, ellipse or polygon into the label map", keys: ["Ctrl-F"]),
            ActionSpec(.interpolateSlices, .labelMap, "fill between slices: the brush label's gaps along this plane, shown for review (Enter applies, Esc drops)", keys: ["Ctrl-E"]),
        ],
        commands: [
            CommandSpec(["grow"], usage: "grow [LOW HIGH] [LIMIT]", help: "region growing from the cursor within [LOW, HIGH] (default: the brush range), at most LIMIT voxels") { state, args in
                var range = state.brush.brush.range
                var limit = defaultGrowLimit
                let numbers = args.words.compactMap(Double.init)
                guard numbers.count == args.count, [0, 1, 2, 3].contains(numbers.count) else {
                    return CommandLineEditor.fail(&state, "usage: :grow [LOW HIGH] [LIMIT], e.g. :grow -100 200")
                }
                if numbers.count >= 2 { range = min(numbers[0], numbers[1])...max(numbers[0], numbers[1]) }
                if numbers.count == 1 || numbers.count == 3, let l = numbers.last, l >= 1 { limit = Int(l) }
                return grow(&state, .growRegion, range: range, limit: limit)
            },
            CommandSpec(["fill"], usage: "fill", help: "fill the selected ROI into the label map with the brush label") { state, _ in
                fill(&state, .fillRegion)
            },
            CommandSpec(["interpolate"], usage: "interpolate", help: "fill between slices for the brush label (Enter applies the preview)") { state, _ in
                interpolate(&state, .interpolateSlices)
            },
        ],
        intercept: reviewPreview
    ) { state, action in
        switch action {
        case .growRegion: return grow(&state, action, range: state.brush.brush.range, limit: defaultGrowLimit)
        case .fillRegion: return fill(&state, action)
        case .interpolateSlices: return interpolate(&state, action)
        default: return []
        }
    }

    static func grow(_ state: inout ViewerState, _ action: Action, range: ClosedRange<Double>?, limit: Int) -> [Effect] {
        guard let range else {
            state.message = .init(text: "region growing needs an intensity range: R at two voxels, or :grow LOW HIGH", isError: true)
            return []
        }
        return start(&state, action, .grow(seed: state.cursor, range: range, brush: state.brush.painting,
                                           timepoint: state.timepoint, limit: limit))
    }

    /// Starts a label job on a copy of the label map (made empty on the image's grid if there
    /// is none yet); its result comes back as `labelJobFinished`.
    static func start(_ state: inout ViewerState, _ action: Action, _ kind: LabelJob.Kind) -> [Effect] {
        if AnnotationDeferral.deferIfWaiting(&state, action) { return [] }
        guard let volume = state.volume, var context = state.annotation else { return [] }
        if let refusal = context.labelMapRefusal {
            state.message = .init(text: refusal, isError: true)
            return []
        }
        var labels = context.labelMap ?? LabelMapEditing.newLabelMap(state, context, volume)
        if let running = labels.job {
            state.message = .init(text: "still \(running.doing) (Esc cancels)", isError: false)
            return []
        }
        LabelMapEditing.finishStroke(&labels)
        labels.preview = nil
        let cancellation = LoadCancellation()
        labels.job = RunningLabelJob(doing: kind.doing, cancellation: cancellation)
        context.labelMap = labels
        state.annotation = context
        state.message = .init(text: "\(kind.doing)… (Esc cancels)", isError: false)
        return [.labelJob(LabelJob(kind: kind, map: labels.map, volume: volume, generation: state.documentGeneration,
                                   revision: labels.revision, cancellation: cancellation))]
    }

    /// A label job ended: growing is applied as a stroke; fill between slices becomes the preview.
    static func finished(_ state: inout ViewerState, _ result: LabelJobResult) -> [Effect] {
        guard result.generation == state.documentGeneration, var labels = state.annotation?.labelMap, labels.job != nil else { return [] }
        labels.job = nil
        state.annotation?.labelMap = labels
        let edit: LabelEdit
        switch result.outcome {
        case .success(let e): edit = e
        case .failure(let failure):
            state.message = .init(text: "\(result.kind.doing): \(failure.text)", isError: failure.text != "cancelled")
            return []
        }
        guard labels.revision == result.revision else {
            state.message = .init(text: "the label map changed meanwhile: nothing applied", isError: true)
            return []
        }
        switch result.kind {
        case .grow:
            return LabelMapEditing.edit(&state, .growRegion, describing: "grown") { map, _, _ in
                edit.redo(on: &map)
                return edit
            }
        case .interpolate(let label, _):
            guard !edit.isEmpty else {
                state.message = .init(text: "fill between slices: no gap to fill for label \(label)", isError: false)
                return []
            }
            state.annotation?.labelMap?.preview = edit
            state.message = .init(text: "preview: \(edit.changedVoxels) voxels of label \(label) between slices · Enter applies · Esc drops", isError: false)
            return []
        }
    }

    static func fill(_ state: inout ViewerState, _ action: Action) -> [Effect] {
        guard let selected = state.annotation?.session.selectedAnnotation else {
            state.message = .init(text: "select a rectangle, ellipse or polygon first (Tab), then \(AnnotationActions.spelling(.fillRegion, state))", isError: false)
            return []
        }
        let brush = state.brush.painting
        return LabelMapEditing.edit(&state, action, describing: "filled") { map, volume, _ in
            try LabelPainting.fill(&map, annotation: selected, brush: brush, image: volume)
        }
    }

    static func interpolate(_ state: inout ViewerState, _ action: Action) -> [Effect] {
        guard let volume = state.volume, state.annotation?.labelMap != nil else {
            state.message = .init(text: "nothing to fill between: paint the label on a few slices first", isError: false)
            return []
        }
        return start(&state, action, .interpolate(label: state.brush.brush.label, normalAxis: volume.layout(state.plane).normal))
    }

    /// While a job runs, Esc cancels it; while a preview is shown, Enter applies it (one undo
    /// step) and Esc drops it.
    static func reviewPreview(_ state: inout ViewerState, _ action: Action) -> [Effect]? {
        if let running = state.annotation?.labelMap?.job, action == .closePanel {
            running.cancellation.cancel()
            state.message = .init(text: "cancelling…", isError: false)
            return []
        }
        guard let preview = state.annotation?.labelMap?.preview else { return nil }
        if action == .finishShape {
            return LabelMapEditing.edit(&state, action, describing: "filled between slices") { map, _, _ in
                preview.redo(on: &map)
                return preview
            }
        }
        if action == .closePanel {
            state.annotation?.labelMap?.preview = nil
            state.message = .init(text: "fill between slices dropped", isError: false)
            return []
        }
        return nil
    }
}
