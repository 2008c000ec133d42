import VolumeKit

/// Intensity normalisation views (`:normalize none|minmax|p1-99|zscore`): the window set from
/// the volume's own figures, named with them so the status line shows what was used.
enum NormalizeUnit {
    static let unit = ViewerUnit(
        name: "normalize",
        actions: [],
        commands: [
            CommandSpec(["normalize"], usage: "normalize \(IntensityNormalization.names)",
                        help: "intensity normalisation view: min-max, 1st–99th percentile clip, or mean ± 3 SD") { state, args in
                guard let volume = CommandLineEditor.image(&state) else { return [] }
                guard args.count == 1, let mode = IntensityNormalization(rawValue: args.words[0].lowercased()) else {
                    return CommandLineEditor.fail(&state, "usage: :normalize \(IntensityNormalization.names)")
                }
                guard let figures = mode.figures(for: volume) else {
                    // `none`: back to the window the image opened with.
                    if let document = state.document {
                        let initial = document.initialWindow
                        Navigation.setWindow(&state, initial, presetIndex: document.presets.firstIndex {
                            $0.center == initial.center && $0.width == initial.width
                        })
                    }
                    state.message = .init(text: "normalisation off", isError: false)
                    return []
                }
                var window = figures.window
                window.name = figures.summary
                Navigation.setWindow(&state, window, presetIndex: nil)
                return []
            },
        ],
        reduce: { _, _ in [] }
    )
}
