import ArgumentParser
import Foundation
import Rendering
import VolumeKit

extension Slicemark {
    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write one slice as ANSI half-block text, or as a kitty or sixel image, to stdout (no terminal needed).",
            discussion: """
                The same pixels the viewer shows, for scripts, CI logs and chat. Without --axis a \
                volume shows its middle axial slice and a single 2D image shows itself. Use --demo \
                instead of PATH for the built-in phantom. With --graphics kitty or sixel the slice is \
                drawn at its native resolution (aspect-correct from the pixel spacing: the finer \
                axis keeps one screen pixel a voxel) as one image; kitty places it over --cols × \
                --rows cells when --cols is given.
                """)

        @Argument(help: "A DICOM file, a NIfTI/Analyze file, or a folder (its first image).")
        var path: String?

        @Flag(name: .long, help: "Render the built-in demo phantom instead of a file.")
        var demo = false

        @Option(name: .long, help: "Plane: axial, coronal or sagittal.")
        var axis: Plane?

        @Option(name: .long, help: "Slice number in that plane, counted from 1 as the viewer's status line counts (default: the middle one).")
        var slice: Int?

        @Option(name: .long, help: "Frame of a cine or DICOM video, counted from 1 as the viewer counts (the same as --slice).")
        var frame: Int?

        @Option(name: .long, help: "Timepoint of a 4D volume, counted from 1 as the viewer counts.")
        var timepoint = 1

        @Option(name: .long, help: "Width in terminal columns (default 80).")
        var cols: Int?

        @Option(name: .long, help: "Pixels: none (half blocks), kitty, sixel, or auto (from TERM/TERM_PROGRAM; half blocks inside tmux or screen).")
        var graphics: String = "none"

        @Option(name: .long, help: "Height in terminal rows (default: what keeps the image's proportions).")
        var rows: Int?

        @Option(name: .long, help: "Window width (in the image's real-world units, e.g. HU).")
        var window: Double?

        @Option(name: .long, help: "Window level (centre).")
        var level: Double?

        @Option(name: .long, help: "Named window: a CT preset (brain, subdural, stroke, lung, mediastinum, bone, soft-tissue, liver), file, auto or min-max.")
        var preset: String?

        @Option(name: .long, help: "Intensity normalisation view: none, minmax, p1-99 (1st–99th percentile clip) or zscore (mean ± 3 SD).")
        var normalize: String?

        @Option(name: .long, help: "Colours: truecolor, 256, 16 or mono (default: from COLORTERM/TERM).")
        var color: String?

        @Option(name: .long, help: "Zoom around the centre of the slice (1 fits the whole slice).")
        var zoom: Double = 1

        @Option(name: .long, help: "Magnification: nearest or bilinear.")
        var interpolation: Interpolation = .nearest

        @Flag(inversion: .prefixedNo, help: "Ordered dithering (default: on for 16 colours and mono, off for 256).")
        var dither: Bool?

        @Option(name: .long, help: ArgumentHelp(
            "Instead of the picture, render N consecutive slices as the viewer would and print timing and bytes per frame as JSON.",
            valueName: "N"))
        var measure: Int?

        @Option(name: .long, help: ArgumentHelp(
            "With --measure: how far (0–255 per channel) a draft frame may leave a cell off before sending it.",
            valueName: "T"))
        var draftTolerance: Int?

        func run() throws {
            do {
                try failingCleanly {
                    Output.frame(try render())
                }
            } catch let error as RenderProblem {
                Output.error(error.description)
                throw ExitCode(2)
            }
        }

        private func render() throws -> [UInt8] {
            // What can be checked without the image is checked before reading it.
            let cols = self.cols ?? 80
            guard let choice = GraphicsChoice(argument: graphics) else {
                throw RenderProblem("render: --graphics \(graphics) is not one of \(GraphicsChoice.names)")
            }
            let graphics = GraphicsEnvironment.choose(choice, environment: ProcessInfo.processInfo.environment)
            if graphics != .none, measure != nil {
                throw RenderProblem("render: --measure times half-block frames; give it without --graphics")
            }
            guard (1...2000).contains(cols) else { throw RenderProblem("render: --cols \(cols) is outside 1…2000") }
            if let rows, !(1...2000).contains(rows) { throw RenderProblem("render: --rows \(rows) is outside 1…2000") }
            guard zoom.isFinite, (0.05...256).contains(zoom) else {
                throw RenderProblem("render: --zoom \(zoom) is outside 0.05…256")
            }
            if let measure, !(2...100_000).contains(measure) {
                throw RenderProblem("render: --measure \(measure) is outside 2…100000")
            }
            if let window, !(window > 0 && window.isFinite) {
                throw RenderProblem("render: --window must be a positive width, not \(window)")
            }
            let mode = try colorMode()

            let volume: Volume
            let name: String
            switch (path, demo) {
            case (let path?, false):
                volume = try VolumeLoader.load(path: path)
                name = path
            case (nil, true):
                volume = DemoPhantom.volume()
                name = "demo"
            case (_?, true):
                throw RenderProblem("render: give either a PATH or --demo, not both")
            case (nil, false):
                throw RenderProblem("render: no image given (a PATH, or --demo for the built-in phantom)")
            }
            let plane = axis ?? (volume.depth == 1 ? volume.nativePlane : .axial)
            let layout = volume.layout(plane)
            // Slices and timepoints are counted from 1, as the viewer shows them.
            if slice != nil && frame != nil {
                throw RenderProblem("render: give --slice or --frame, not both")
            }
            let index = (slice ?? frame).map { $0 - 1 } ?? layout.sliceCount / 2
            guard (0..<layout.sliceCount).contains(index) else {
                let what = frame != nil ? "frame \(frame!) is outside the frames" : "slice \(slice ?? index + 1) is outside the \(plane.rawValue) plane's"
                throw RenderProblem("\(name): \(what) 1…\(layout.sliceCount)")
            }
            // A video decodes the frames it shows (drawing one decodes it too; this says why not).
            try volume.frames?.load(index)
            guard (1...volume.timepoints).contains(timepoint) else {
                throw RenderProblem("\(name): timepoint \(timepoint) is outside 1…\(volume.timepoints)")
            }
            let timepoint = self.timepoint - 1

            let physical = SIMD2(Double(layout.width), Double(layout.height)) * layout.pixelSpacing
            let aspect = physical.x > 0 && physical.y > 0 && physical.x.isFinite && physical.y.isFinite
                ? physical.y / physical.x : Double(layout.height) / Double(max(layout.width, 1))
            let height = rows ?? Int(min(max((Double(cols) * aspect / 2).rounded(), 1), 2000))
            if graphics != .none {
                return try image(graphics, volume: volume, layout: layout, plane: plane, slice: index,
                                 timepoint: timepoint, window: try chosenWindow(volume, name: name),
                                 cells: self.cols.map { ($0, height) })
            }
            var grid = CellGrid(columns: cols, rows: height)
            let viewport = Viewport(layout: layout, pane: grid.bounds, zoom: zoom)
            var settings = DisplaySettings(volume: volume, window: try chosenWindow(volume, name: name),
                                           interpolation: interpolation)
            settings.dithering = dither
            if let measure {
                let m = RenderMeasurement.run(volume: volume, plane: plane, slice: index, settings: settings,
                                              columns: cols, rows: height, mode: mode, frames: measure,
                                              draft: draftTolerance.map { .draft(tolerance: $0) } ?? .draft)
                let json = """
                    {"columns": \(m.columns), "rows": \(m.rows), "color": "\(m.mode.rawValue)", "frames": \(m.frames), \
                    "medianMilliseconds": \(m.medianMilliseconds), "fastestMilliseconds": \(m.fastestMilliseconds), \
                    "fullFrameBytes": \(m.fullFrameBytes), "medianStepBytes": \(m.medianStepBytes), \
                    "medianDraftStepBytes": \(m.medianDraftStepBytes), "refineBytes": \(m.refineBytes)}

                    """
                return Array(json.utf8)
            }
            SliceRenderer().render(volume: volume, plane: plane, slice: index, timepoint: timepoint,
                                   settings: settings, viewport: viewport, mode: mode, into: &grid)
            return FrameEncoder.lines(grid, mode: mode)
        }

        /// The slice as one kitty or sixel image at native resolution: the axis with the finer
        /// spacing keeps one screen pixel a voxel, the other is scaled to the physical size.
        private func image(_ graphics: GraphicsProtocol, volume: Volume, layout: PlaneLayout, plane: Plane, slice: Int,
                           timepoint: Int, window: WindowLevel?, cells: (Int, Int)?) throws -> [UInt8] {
            let spacing = layout.pixelSpacing
            let sane = spacing.x > 0 && spacing.y > 0 && spacing.x.isFinite && spacing.y.isFinite
            let fine = sane ? min(spacing.x, spacing.y) : 1
            let size = sane ? SIMD2(Double(layout.width) * spacing.x, Double(layout.height) * spacing.y) / fine
                : SIMD2(Double(layout.width), Double(layout.height))
            let width = Int(size.x.rounded()), height = Int(size.y.rounded())
            guard (1...16384).contains(width), (1...16384).contains(height) else {
                throw RenderProblem("render: the \(plane.rawValue) slice would be \(width)×\(height) pixels at native resolution, more than 16384")
            }
            let viewport = Viewport(layout: layout, pane: CellRect(column: 0, row: 0, columns: width, rows: height), zoom: zoom)
                .withCellPixels(SIMD2(1, 1))
            var settings = DisplaySettings(volume: volume, window: window, interpolation: interpolation)
            settings.dithering = false
            let canvas = SliceRenderer().pixels(volume: volume, plane: plane, slice: slice, timepoint: timepoint,
                                                settings: settings, viewport: viewport)
            var out: [UInt8] = []
            switch graphics {
            case .kitty:
                KittyGraphicsEncoder.encode(canvas, id: 1, cells: cells.map { (columns: $0.0, rows: $0.1) },
                                            cursorStays: false, into: &out)
            case .sixel:
                SixelEncoder().encode(canvas, into: &out)
            case .none:
                break
            }
            out.append(0x0A)
            return out
        }

        private func colorMode() throws -> ColorMode {
            if let color {
                guard let mode = ColorMode(argument: color) else {
                    throw RenderProblem("render: --color \(color) is not one of truecolor, 256, 16, mono")
                }
                return mode
            }
            let environment = ProcessInfo.processInfo.environment
            // With no terminal to ask (a CI job, a pipe with TERM unset), give the faithful picture.
            if (environment["TERM"] ?? "").isEmpty && environment["NO_COLOR"] == nil { return .truecolor }
            return ColorMode.detect(environment: environment)
        }

        private func chosenWindow(_ volume: Volume, name: String) throws -> WindowLevel? {
            if let normalize {
                guard let mode = IntensityNormalization(rawValue: normalize.lowercased()) else {
                    throw RenderProblem("render: --normalize \(normalize) is not one of \(IntensityNormalization.names.replacingOccurrences(of: "|", with: ", "))")
                }
                if mode != .none, preset != nil || window != nil || level != nil {
                    throw RenderProblem("render: --normalize sets the window; give it without --window, --level or --preset")
                }
                if let figures = mode.figures(for: volume) { return figures.window }
            }
            var base: WindowLevel?
            if let preset {
                let key = preset.lowercased().replacingOccurrences(of: "-", with: " ")
                switch key {
                case "auto", "automatic": base = WindowPresets.automatic(for: volume)
                case "min max", "minmax", "full": base = WindowPresets.minMax(for: volume)
                case "file":
                    guard let first = WindowPresets.fileWindows(of: volume).first else {
                        throw RenderProblem("\(name): the file suggests no window (try auto)")
                    }
                    base = first
                default:
                    guard let found = WindowPresets.ct.first(where: { $0.name == key }) else {
                        throw RenderProblem("render: unknown window preset \(preset) (CT: "
                            + WindowPresets.ct.map { $0.name.replacingOccurrences(of: " ", with: "-") }
                                .joined(separator: ", ") + "; or file, auto, min-max)")
                    }
                    base = found
                }
            }
            guard window != nil || level != nil else { return base }
            if let window, let level { return WindowLevel(center: level, width: window, name: "custom") }
            let start = base ?? WindowPresets.initial(for: volume)
            return WindowLevel(center: level ?? start.center, width: window ?? start.width, name: "custom")
        }
    }
}

/// A problem with what was asked of `render` (not with the file itself).
struct RenderProblem: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Plane: ExpressibleByArgument {}
extension Interpolation: ExpressibleByArgument {}
