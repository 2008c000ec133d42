/// Keys inside an open panel: scrolling the help and metadata, moving through the picker.
/// Keys a panel does not use fall through to the keymap (so `q` still quits).
enum Panels {
    static func key(_ state: inout ViewerState, _ key: Key) -> [Effect]? {
        let delta: Int?
        // A page is what the panel shows: the image area less its frame, title and footer.
        let page = max(1, state.screenLayout.imageArea.rows - 4)
        switch key {
        case .named(.down), .character("j"): delta = 1
        case .named(.up), .character("k"): delta = -1
        case .named(.pageDown), .character(" "): delta = page
        case .named(.pageUp): delta = -page
        case .named(.home), .character("g"): delta = -1_000_000
        case .named(.end), .character("G"): delta = 1_000_000
        default: delta = nil
        }
        switch state.panel {
        case .closed:
            return nil
        case .help(let scroll):
            guard let delta else { return nil }
            state.panel = .help(scroll: max(0, scroll + delta))
            return []
        case .metadata(let scroll):
            guard let delta else { return nil }
            state.panel = .metadata(scroll: max(0, scroll + delta))
            return []
        case .annotations(let scroll):
            guard let delta else { return nil }
            state.panel = .annotations(scroll: max(0, scroll + delta))
            return []
        case .segments(let scroll):
            guard let delta else { return nil }
            state.panel = .segments(scroll: max(0, scroll + delta))
            return []
        case .picker(let selection):
            if key == .named(.enter) {
                state.panel = .closed
                guard selection != state.imageIndex || state.document == nil else { return [] }
                return [.save] + Reducer.startLoading(&state, index: selection)
            }
            guard let delta else { return nil }
            state.panel = .picker(selection: min(max(selection + delta, 0), max(state.images.count - 1, 0)))
            return []
        }
    }
}
