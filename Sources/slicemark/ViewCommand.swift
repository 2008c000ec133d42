import Annotations
import ArgumentParser
import Foundation
import Rendering
import TUI
import VolumeKit

extension Slicemark {
    struct View: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open the viewer (the default): files or folders, or the built-in demo with no path.",
            discussion: "Keys: ? in the viewer lists them all. q quits.")

        @Option(name: .long, help: "A keymap file, or a built-in keymap (default, workstation), laid over the default keys.")
        var keymap: String?

        @Option(name: .long, help: "Colour mode: truecolor, 256, 16 or mono (default: from COLORTERM and terminfo).")
        var color: String?

        @Option(name: .long, help: "Image panes in real pixels: auto (ask the terminal; half blocks inside tmux or screen), kitty, sixel, or none (half blocks).")
        var graphics: String = "auto"

        @Flag(name: .long, help: "Show patient-identifying fields in the metadata browser.")
        var showPhi = false

        @Option(name: .long, help: "Your name in annotations and the status line (default: $SLICEMARK_ANNOTATOR, else the login name).")
        var annotator: String?

        @Option(name: .long, help: "A label set file (JSON) for the keys 1–9 (default: the QA set pass / fail / unsure).")
        var labels: String?

        @Option(name: .long, help: "A landmark template file (JSON): m places its next missing landmark.")
        var landmarks: String?

        @Option(name: .long, help: "The modality of images whose files name none (NIfTI, Analyze), e.g. CT for HU presets.")
        var modality: String?

        @Option(name: .long, help: ArgumentHelp("Keep sidecars and audit logs in DIR (same names) instead of beside the images: for read-only or version-controlled datasets.", valueName: "DIR"))
        var sidecarDir: String?

        @Option(name: .long, help: ArgumentHelp("A label map (NIfTI, e.g. from ITK-SNAP, Slicer, nnU-Net, TotalSegmentator) drawn over the image; it must be on the image's grid. Repeatable.", valueName: "FILE"))
        var seg: [String] = []

        @Option(name: .long, help: ArgumentHelp("The label table of your label maps and of --seg: ITK-SNAP label descriptions or a 3D Slicer colour table.", valueName: "FILE"))
        var segLabels: String?

        @Flag(name: .long, help: "Blind read: only your own records and the models' proposals are shown, not the other annotators' records or label maps.")
        var blind = false

        @Flag(name: .long, help: "Review mode: every annotator's records, coloured per annotator; Ctrl-A accepts, Ctrl-X rejects, Ctrl-O reopens the selected one (docs/review.md).")
        var review = false

        @Option(name: .long, help: ArgumentHelp("Open only the images NAME still has to work on (as status --todo NAME), in order; n / p walk them.", valueName: "NAME"))
        var todo: String?

        @Flag(name: .long, help: "QA pass: setting an image label (1–9) moves on to the next image without one.")
        var advance = false

        @Flag(name: .long, help: "List every action a keymap can bind, with its default keys, and exit.")
        var listActions = false

        @Argument(help: "DICOM files, NIfTI/Analyze files, or folders.")
        var paths: [String] = []

        func validate() throws {
            if blind && review { throw ValidationError("--blind and --review exclude each other: a reviewer sees every annotator's records") }
            if todo != nil && paths.isEmpty { throw ValidationError("--todo NAME needs the images or folders to look in") }
            if GraphicsChoice(argument: graphics) == nil {
                throw ValidationError("--graphics \(graphics): use auto, kitty, sixel or none")
            }
            if let color, ColorMode(argument: color) == nil {
                throw ValidationError("--color \(color): use truecolor, 256, 16 or mono")
            }
        }

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let keys: Keymap
            do {
                keys = try KeymapLoader.load(option: keymap, environment: environment)
            } catch let error as KeymapError {
                Output.error(error.description)
                throw ExitCode(2)
            }
            if listActions {
                Output.print(ActionList.text(keys))
                return
            }
            var settings = AnnotationSettings()
            do {
                if let labels { settings.labelSet = try LabelSet.load(path: labels) }
                if let landmarks { settings.template = try LandmarkTemplate.load(path: landmarks) }
            } catch {
                Output.error("\(error)")
                throw ExitCode(2)
            }
            var labelTable = LabelTable.defaults()
            if let segLabels {
                do {
                    labelTable = try LabelTable.load(path: segLabels)
                } catch {
                    Output.error("\(error)")
                    throw ExitCode(2)
                }
            }
            for file in seg where !FileManager.default.fileExists(atPath: file) {
                Output.error("--seg \(file): no such file")
                throw ExitCode(1)
            }
            var isFolder: ObjCBool = false
            if let sidecarDir, !(FileManager.default.fileExists(atPath: sidecarDir, isDirectory: &isFolder) && isFolder.boolValue) {
                FileHandle.standardError.write(Data("slicemark: --sidecar-dir \(sidecarDir): no such folder (create it first)\n".utf8))
                throw ExitCode(2)
            }
            for path in paths where !FileManager.default.fileExists(atPath: path) {
                Output.error("\(path): no such file or folder")
                throw ExitCode(1)
            }
            var todoImages: [ImageSource] = []
            if let todo {
                let found = try StatusScan.read(paths: paths, sidecarDirectory: sidecarDir)
                let list = Todo(for: todo, in: Worklist(found.images))
                guard !list.items.isEmpty else {
                    Output.print("\(todo): nothing to do in \(paths.joined(separator: " "))")
                    return
                }
                todoImages = list.imageIndices.map { found.sources[$0] }
            }
            let backend: NcursesTerminal
            do {
                backend = try NcursesTerminal()
            } catch let error as TerminalError {
                Output.error(error.description)
                throw ExitCode(1)
            }
            let choice = GraphicsChoice(argument: graphics) ?? .auto
            let answers = GraphicsProbe.needsAsking(choice, environment: environment) ? backend.probeGraphics() : nil
            let pictures = GraphicsProbe.choose(choice, environment: environment, answers: answers,
                                                cellPixelsKnown: backend.cellPixels != nil)
            backend.useGraphics(pictures)
            let mode = color.flatMap(ColorMode.init(argument:))
                ?? ColorMode.detect(environment: environment, terminfoColors: backend.terminfoColors)
            var options = ViewerOptions(colorMode: mode, showPHI: showPhi,
                                        annotator: Annotator.resolve(option: annotator, environment: environment), paths: paths)
            options.annotationSettings = settings
            options.labelTable = labelTable
            options.segmentationFiles = seg.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            options.blind = blind
            options.review = review
            options.advanceAfterLabel = advance
            options.modality = modality?.uppercased()
            options.sidecarDirectory = sidecarDir.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            let images: [ImageSource] = paths.isEmpty ? [.file(path: "", format: .demo)] : todoImages
            var state = ViewerState(keymap: keys, options: options, images: images)
            if review && todo != nil { state.reviewWalk = .pending }
            state.idSeed = UInt64.random(in: 0...UInt64.max)
            let app = ViewerApp(state: state, backend: backend)
            app.graphics = pictures
            let outcome = app.run()
            if let notSaved = app.notSavedOnExit {
                FileHandle.standardError.write(Data("slicemark: \(notSaved)\n".utf8))
            }
            for reason in app.unsavedOnExit {
                FileHandle.standardError.write(Data("slicemark: annotations not saved: \(reason)\n".utf8))
            }
            if !app.unsavedOnExit.isEmpty, outcome == .quit { throw ExitCode(1) }
            switch outcome {
            case .quit:
                return
            case .signal(let signal):
                throw ExitCode(128 + signal)
            case .failed(let reason):
                Output.error(reason)
                throw ExitCode(1)
            }
        }
    }
}
