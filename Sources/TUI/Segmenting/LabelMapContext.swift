import Annotations
import Foundation
import VolumeKit

/// The annotator's own label map of the image shown, as the reducer edits it: the voxels, the
/// label table, undo, and how far saving has got. Lives in `AnnotationContext`, so it goes with
/// the image and its sidecar.
public struct LabelMapContext: Sendable {
    public var map: LabelMap
    public var table: LabelTable
    public var history = LabelHistory()
    /// The file it is saved to (`<image>.<annotator>.seg.nii.gz`), nil when nothing is saved.
    public var path: String?
    /// Strokes applied so far, and the newest one a save has been asked for.
    public var revision = 0
    public var requestedRevision = 0
    /// The stroke being painted with the pen down: its dabs are one undo step.
    public var stroke: LabelEdit?
    /// A fill between slices shown for review, applied with Enter, dropped with Esc.
    public var preview: LabelEdit?
    /// Region growing or fill between slices under way; strokes wait for it.
    public var job: RunningLabelJob?

    public init(map: LabelMap, table: LabelTable, path: String?) {
        self.map = map
        self.table = table
        self.path = path
    }

    public var hasUnsavedStrokes: Bool { revision != requestedRevision }

    /// The label map with the preview applied, for drawing.
    public var shown: LabelMap {
        guard let preview else { return map }
        var m = map
        preview.redo(on: &m)
        return m
    }
}

/// Someone else's label map (another annotator's, one opened with `--seg`, a DICOM
/// Segmentation): drawn, never edited.
public struct ReferenceLabelMap: Sendable {
    public enum Kind: Sendable, Equatable {
        /// Another annotator's map: outlines over yours (none with `--blind`).
        case annotator
        /// A label map opened with `--seg` or a DICOM Segmentation: filled under yours.
        case file
        /// The image itself shown as labels (`:lut labels`): opaque, in place of grey.
        case image
    }

    public var name: String
    public var path: String
    public var map: LabelMap
    public var table: LabelTable
    public var kind: Kind

    public init(name: String, path: String, map: LabelMap, table: LabelTable, kind: Kind) {
        self.name = name
        self.path = path
        self.map = map
        self.table = table
        self.kind = kind
    }
}

/// How the brush paints; kept from image to image like the window.
public struct BrushSettings: Sendable, Equatable {
    public var brush = LabelBrush(label: 1, radius: 3)
    /// Brush mode: `Space` paints, digits choose the label.
    public var active = false
    /// Pen down: every cursor move paints.
    public var penDown = false
    /// The eraser paints label 0 (within the paint mode).
    public var erasing = false
    /// The first end of an intensity range being taken from the cursor (`R` pressed once).
    public var rangeAnchor: Double?

    public init() {}

    /// The brush as it paints now: the eraser paints 0.
    public var painting: LabelBrush {
        var b = brush
        if erasing { b.label = 0 }
        return b
    }
}

/// How label maps are drawn.
public struct LabelDisplay: Sendable, Equatable {
    public enum Style: String, Sendable, CaseIterable { case filled, outlines, hidden }
    public var style: Style = .filled
    public var opacity = 0.5
    /// Labels hidden with `Y`.
    public var hidden: Set<UInt16> = []
    /// `:others off`: only your own label map is drawn (`--blind` keeps it so).
    public var blind = false

    public init() {}
}
