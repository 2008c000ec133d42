/// Everything a key can ask the viewer to do: the one table of actions, each with the name a
/// keymap file uses and the line the help overlay shows. Keymaps bind keys to these names; the
/// help is generated from the active keymap and this table, so neither can drift from the code.
public enum Action: String, CaseIterable, Sendable {
    case quit = "quit"
    case help = "help"
    case closePanel = "panel.close"
    case redraw = "redraw"
    case commandLine = "command-line"
    case metadata = "metadata"
    case picker = "image.pick"
    case nextImage = "image.next"
    case previousImage = "image.previous"

    case nextSlice = "slice.next"
    case previousSlice = "slice.previous"
    case nextSlices10 = "slice.next10"
    case previousSlices10 = "slice.previous10"
    case firstSlice = "slice.first"
    case lastSlice = "slice.last"
    case nextTimepoint = "time.next"
    case previousTimepoint = "time.previous"

    case cursorLeft = "cursor.left"
    case cursorRight = "cursor.right"
    case cursorUp = "cursor.up"
    case cursorDown = "cursor.down"
    case cursorLeft10 = "cursor.left10"
    case cursorRight10 = "cursor.right10"
    case cursorUp10 = "cursor.up10"
    case cursorDown10 = "cursor.down10"
    case cursorCentre = "cursor.centre"

    case axial = "plane.axial"
    case coronal = "plane.coronal"
    case sagittal = "plane.sagittal"
    case threePlanes = "plane.three"

    case nextWindowPreset = "window.next-preset"
    case previousWindowPreset = "window.previous-preset"
    case automaticWindow = "window.auto"
    case windowWider = "window.wider"
    case windowNarrower = "window.narrower"
    case levelUp = "window.level-up"
    case levelDown = "window.level-down"
    case invert = "window.invert"

    case zoomIn = "zoom.in"
    case zoomOut = "zoom.out"
    case zoomFit = "zoom.fit"
    case panLeft = "pan.left"
    case panRight = "pan.right"
    case panUp = "pan.up"
    case panDown = "pan.down"
    case colorMode = "color.next"

    case save = "save"
    case landmark = "annotate.landmark"
    case rectangle = "annotate.rectangle"
    case ellipse = "annotate.ellipse"
    case polygon = "annotate.polygon"
    case distance = "annotate.distance"
    case finishShape = "annotate.finish"
    case moveAnnotation = "annotate.move"
    case annotationList = "annotate.list"
    case label1 = "label.1"
    case label2 = "label.2"
    case label3 = "label.3"
    case label4 = "label.4"
    case label5 = "label.5"
    case label6 = "label.6"
    case label7 = "label.7"
    case label8 = "label.8"
    case label9 = "label.9"
    case undo = "annotate.undo"
    case redo = "annotate.redo"
    case deleteAnnotation = "annotate.delete"
    case selectNextAnnotation = "annotate.select-next"
    case selectPreviousAnnotation = "annotate.select-previous"

    /// The heading the help overlay lists the action under.
    public enum Group: String, CaseIterable, Sendable {
        case general = "General"
        case navigation = "Slices and cursor"
        case planes = "Planes and view"
        case window = "Window / level"
        case annotation = "Annotation"
    }

    public var group: Group {
        switch self {
        case .quit, .help, .closePanel, .redraw, .commandLine, .metadata, .picker, .nextImage,
             .previousImage, .save, .colorMode:
            return .general
        case .nextSlice, .previousSlice, .nextSlices10, .previousSlices10, .firstSlice, .lastSlice,
             .nextTimepoint, .previousTimepoint, .cursorLeft, .cursorRight, .cursorUp, .cursorDown,
             .cursorLeft10, .cursorRight10, .cursorUp10, .cursorDown10, .cursorCentre:
            return .navigation
        case .axial, .coronal, .sagittal, .threePlanes, .zoomIn, .zoomOut, .zoomFit,
             .panLeft, .panRight, .panUp, .panDown:
            return .planes
        case .nextWindowPreset, .previousWindowPreset, .automaticWindow, .windowWider,
             .windowNarrower, .levelUp, .levelDown, .invert:
            return .window
        case .landmark, .rectangle, .ellipse, .polygon, .distance, .finishShape, .moveAnnotation,
             .annotationList, .label1, .label2, .label3, .label4, .label5, .label6,
             .label7, .label8, .label9, .undo, .redo, .deleteAnnotation, .selectNextAnnotation,
             .selectPreviousAnnotation:
            return .annotation
        }
    }

    public var help: String {
        switch self {
        case .quit: return "quit (annotations are saved first)"
        case .help: return "show or hide this help"
        case .closePanel: return "close the open panel, cancel the command line or the shape being drawn, end move mode"
        case .redraw: return "redraw the whole screen"
        case .commandLine: return "command line (:goto N, :window W L, :preset NAME, :name TEXT, :note TEXT, :w, :q, :help)"
        case .metadata: return "metadata browser (DICOM tags, NIfTI header)"
        case .picker: return "pick an image from the folder"
        case .nextImage: return "next image in the folder"
        case .previousImage: return "previous image in the folder"
        case .nextSlice: return "next slice"
        case .previousSlice: return "previous slice"
        case .nextSlices10: return "ten slices forward"
        case .previousSlices10: return "ten slices back"
        case .firstSlice: return "first slice"
        case .lastSlice: return "last slice"
        case .nextTimepoint: return "next timepoint (4D)"
        case .previousTimepoint: return "previous timepoint (4D)"
        case .cursorLeft: return "cursor one pixel left"
        case .cursorRight: return "cursor one pixel right"
        case .cursorUp: return "cursor one pixel up"
        case .cursorDown: return "cursor one pixel down"
        case .cursorLeft10: return "cursor ten pixels left"
        case .cursorRight10: return "cursor ten pixels right"
        case .cursorUp10: return "cursor ten pixels up"
        case .cursorDown10: return "cursor ten pixels down"
        case .cursorCentre: return "cursor to the centre of the volume"
        case .axial: return "axial plane (in three-plane view: focus the axial pane)"
        case .coronal: return "coronal plane (in three-plane view: focus the coronal pane)"
        case .sagittal: return "sagittal plane (in three-plane view: focus the sagittal pane)"
        case .threePlanes: return "three planes with a linked crosshair, or back to one"
        case .nextWindowPreset: return "next window preset"
        case .previousWindowPreset: return "previous window preset"
        case .automaticWindow: return "automatic window (1st–99th percentile)"
        case .windowWider: return "wider window (less contrast)"
        case .windowNarrower: return "narrower window (more contrast)"
        case .levelUp: return "raise the level (darker)"
        case .levelDown: return "lower the level (brighter)"
        case .invert: return "invert grey levels"
        case .zoomIn: return "zoom in (around the cursor)"
        case .zoomOut: return "zoom out"
        case .zoomFit: return "fit the image to the pane"
        case .panLeft: return "pan left"
        case .panRight: return "pan right"
        case .panUp: return "pan up"
        case .panDown: return "pan down"
        case .colorMode: return "next colour mode (truecolour, 256, 16, mono)"
        case .save: return "save annotations now"
        case .landmark: return "landmark at the cursor"
        case .rectangle: return "rectangle ROI: press at one corner, then at the other"
        case .ellipse: return "ellipse ROI: press at one corner, then at the other"
        case .polygon: return "polygon ROI: a point at the cursor on each press; Enter closes it"
        case .distance: return "distance ruler: press at one end, then at the other (any slice)"
        case .finishShape: return "close the polygon being drawn"
        case .moveAnnotation: return "move mode: cursor keys move the selected annotation (Esc ends)"
        case .annotationList: return "annotation list: measurements, template progress, labels"
        case .label1, .label2, .label3, .label4, .label5, .label6, .label7, .label8, .label9:
            return "toggle label \(labelNumber!) of the label set"
        case .undo: return "undo"
        case .redo: return "redo"
        case .deleteAnnotation: return "delete the selected annotation"
        case .selectNextAnnotation: return "select the next annotation"
        case .selectPreviousAnnotation: return "select the previous annotation"
        }
    }

    /// 1…9 for the label toggles.
    public var labelNumber: Int? {
        guard rawValue.hasPrefix("label.") else { return nil }
        return Int(rawValue.dropFirst("label.".count))
    }

    public static func named(_ name: String) -> Action? { Action(rawValue: name) }
}
