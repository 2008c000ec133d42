import Annotations
import Rendering
import VolumeKit

/// Everything the viewer shows, as a value: `reduce` changes it, `ScreenView.render` draws it.
public struct ViewerState: Sendable {
    public enum Layout: Sendable, Equatable { case single, threePlanes }

    /// A panel drawn over the image.
    public enum Panel: Sendable, Equatable {
        case closed
        case help(scroll: Int)
        case metadata(scroll: Int)
        case picker(selection: Int)
        case annotations(scroll: Int)
        /// Per-label volume and intensity statistics of the label map, measured when opened.
        case segments(scroll: Int)
    }

    /// Zoom and pan of one plane; `center` nil means the middle of the slice.
    public struct PaneView: Sendable, Equatable {
        public var zoom: Double = 1
        public var center: SIMD2<Double>?
    }

    public struct Message: Sendable, Equatable {
        public var text: String
        public var isError: Bool
    }

    public var keymap: Keymap
    public var options: ViewerOptions
    /// Every image the paths given hold, for `n`/`p` and the picker.
    public var images: [ImageSource]
    public var imageIndex: Int = 0
    /// The image labels of each image of the list, as far as known (its sidecar when the folder
    /// was scanned, then what this session set): the picker's done/total, "next unlabelled".
    public var imageLabels: [Int: [String]] = [:]
    public var document: ImageDocument?
    /// The annotation session of the image on screen and how it is saved.
    public var annotation: AnnotationContext?
    public var loading: LoadingStatus?
    /// The image of the list that could not be read, shown in place of an image (nothing
    /// typed there reaches another image's annotations).
    public var unreadable: UnreadableImage?
    /// Keys waiting for an image or its sidecar to open, oldest first (see `AnnotationDeferral`).
    public var deferred: [DeferredAction] = []
    public var loadGeneration = 0
    /// The load that produced `document`.
    public var documentGeneration = 0

    public var layout: Layout = .single
    /// The plane shown (single layout) or focused (three planes).
    public var plane: Plane = .axial
    /// Voxel index [i, j, k] under the cursor; the slice of each plane is the cursor's
    /// coordinate along that plane's normal, which is what links the three crosshairs.
    public var cursor = SIMD3<Int>(0, 0, 0)
    public var timepoint = 0
    /// A cine playing (`Ctrl-P`), nil when paused.
    public var playback: Playback?
    /// `:speed`: 1 plays at the file's frame rate.
    public var playbackSpeed = 1.0
    /// `:loop off`: playing stops at the last frame.
    public var playbackLoops = true
    public var window = WindowLevel(center: 0, width: 1)
    /// Index into the document's presets of the window shown, nil after a manual change.
    public var presetIndex: Int?
    public var inverted = false
    /// Whether the crosshair is drawn (`#` hides it to see what is under it).
    public var showsCrosshair = true
    /// `W` was pressed before the loading thread had measured the image: apply the automatic
    /// window when the statistics arrive instead of freezing the screen to compute it.
    public var automaticWindowPending = false
    public var paneViews: [Plane: PaneView] = [:]
    /// The brush and how label maps are drawn: kept from image to image.
    public var brush = BrushSettings()
    public var labelDisplay = LabelDisplay()
    /// What the segments panel shows, measured when it was opened.
    public var segmentStatistics: [LabelStatistics] = []
    /// What `Tab` walks in review mode (`:walk`).
    public var reviewWalk = ReviewWalk.all
    /// Label maps the loading thread read for load `generation`, waiting for its sidecar.
    public var pendingLabelMaps: (found: LabelMapsFound, generation: Int)?
    public var colorMode: ColorMode
    public var panel: Panel = .closed
    /// The `:` line being typed, nil when the command line is closed.
    public var commandLine: CommandLineState?
    /// Lines run on the `:` line, oldest first, for Up/Down.
    public var commandHistory: [String] = []
    public var message: Message?
    /// Columns and rows of the terminal.
    public var screenColumns = 80
    public var screenRows = 24
    /// A cell's size in pixels when image panes are drawn as kitty or sixel pictures (nil:
    /// half blocks): the viewports then map cells, clicks and the cursor with the cell's real
    /// proportions, as the picture shows them. Set by the run loop at start.
    public var cellPixels: SIMD2<Int>?
    /// The protocol those pictures go by (`.none`: half blocks), named in the status line.
    public var graphics: GraphicsProtocol = .none
    public var isRunning = true
    /// The last key asked before quitting or leaving an image that would lose work: the same
    /// key again goes ahead (`GeneralUnit.askBeforeLeaving`); any other key disarms it.
    public var leaveArmed: Action?
    /// The time of the message being handled: every edit is stamped with it (see
    /// `Reducer.reduce(_:_:at:)`), so the reducer never reads a clock.
    public var now = Timestamp(millisecondsSince1970: 0)
    /// Where the ids of new records come from: each image's session draws from a generator
    /// seeded with this and its load, so a replayed session makes the same ids.
    public var idSeed: UInt64 = 0

    public init(keymap: Keymap, options: ViewerOptions, images: [ImageSource]) {
        self.keymap = keymap
        self.options = options
        self.images = images
        self.colorMode = options.colorMode
    }

    public var volume: Volume? { document?.volume }

    /// The slice index of a plane at the cursor.
    public func slice(of plane: Plane) -> Int {
        guard let volume else { return 0 }
        return cursor[volume.layout(plane).normal]
    }

    public func paneView(_ plane: Plane) -> PaneView { paneViews[plane] ?? PaneView() }
}

/// An image of the list that failed to open: its name and why.
public struct UnreadableImage: Sendable, Equatable {
    public var title: String
    public var reason: String
}

/// Settings from the command line that stay for the whole session.
public struct ViewerOptions: Sendable {
    public var colorMode: ColorMode
    public var showPHI: Bool
    public var annotator: String
    /// Label set and landmark template (`--labels`, `--landmarks`).
    public var annotationSettings = AnnotationSettings()
    /// Files or folders given on the command line, for the title when there is no image yet.
    public var paths: [String]
    /// The modality of images whose files name none (NIfTI, Analyze): `--modality CT` gives a
    /// CT stored as NIfTI its HU presets.
    public var modality: String?
    /// `--sidecar-dir`: sidecars and audit logs go to this folder, under their usual names,
    /// instead of beside the images.
    public var sidecarDirectory: String?
    /// The label table of new label maps (`--seg-labels`, else ITK-SNAP-like defaults).
    public var labelTable = LabelTable.defaults()
    /// Label maps opened over every image (`--seg`), on its grid or refused.
    public var segmentationFiles: [String] = []
    /// `--blind`: only your own records and the models' proposals are shown (not the other
    /// annotators' records or label maps).
    public var blind = false
    /// `--review`: every annotator's records, coloured per annotator; review decisions.
    public var review = false
    /// `--advance`: setting an image label moves on to the next unlabelled image.
    public var advanceAfterLabel = false

    public init(colorMode: ColorMode, showPHI: Bool = false, annotator: String, paths: [String] = []) {
        self.colorMode = colorMode
        self.showPHI = showPHI
        self.annotator = annotator
        self.paths = paths
    }
}
