import Foundation
import Rendering
import VolumeKit

/// The three rows under the image:
///
///     anatomical.nii │ axial │ slice 49/96 │ zoom 1× │ truecolour │ annotator alice
///     voxel [128, 128, 48] │ LPS (-5.2, 1.6, 27.5) mm │ 45 HU │ W 400 L 40 soft tissue
///     ? help · : command · q quit                          (or a message, or the command line)
enum StatusLine {
    static let separator = " │ "

    static func draw(_ grid: inout CellGrid, _ state: ViewerState, row: Int) {
        let width = grid.columns
        let (first, second) = lines(state, width: width)
        grid.writePadded(first, column: 0, row: row, width: width, foreground: Theme.statusText,
                         background: Theme.statusBackground, bold: true)
        grid.writePadded(second, column: 0, row: row + 1, width: width, foreground: Theme.statusText,
                         background: Theme.statusBackground)
        if let text = state.commandLine?.text {
            grid.writePadded(":" + text.fittedKeepingEnd(to: width - 2) + "█", column: 0, row: row + 2, width: width,
                             foreground: Theme.text, background: Theme.background)
        } else if let message = state.message {
            grid.writePadded(message.text, column: 0, row: row + 2, width: width,
                             foreground: message.isError ? Theme.error : Theme.accent, background: Theme.background)
        } else if let hint = AnnotationStatus.hint(state) {
            grid.writePadded(hint, column: 0, row: row + 2, width: width, foreground: Theme.accent, background: Theme.background)
        } else {
            let hint = hints(state) + labelLegend(state)
            grid.writePadded(hint, column: 0, row: row + 2, width: width, foreground: Theme.dim, background: Theme.background)
        }
    }

    /// Where in the image the view is: the plane and slice; for a cine the frame and its time;
    /// for an image with no patient-space orientation, what it is instead of a plane name.
    static func planeParts(_ state: ViewerState, _ document: ImageDocument, sliceCount: Int) -> [String] {
        let index = state.slice(of: state.plane)
        let presentation = document.presentation
        if presentation.isCine {
            var frame = "frame \(index + 1)/\(sliceCount) · " + Formatting.seconds(presentation.seconds(atFrame: index))
            if presentation.frameTime == nil { frame += " (no rate in the file)" }
            if state.playback != nil {
                frame += " ▶" + (state.playbackSpeed == 1 ? "" : " ×" + Formatting.speed(state.playbackSpeed))
            }
            return [frame]
        }
        let slice = "slice \(index + 1)/\(sliceCount)"
        guard presentation.isOriented else {
            let name = presentation.projection.map { "projection \($0.rows)\\\($0.columns)" } ?? "2D image"
            return sliceCount > 1 ? [name, slice] : [name]
        }
        return [state.layout == .threePlanes ? "3 planes (\(state.plane.rawValue))" : state.plane.rawValue, slice]
    }

    static func lines(_ state: ViewerState, width: Int) -> (String, String) {
        guard let document = state.document else {
            let position = state.images.count > 1 ? "image \(state.imageIndex + 1)/\(state.images.count)" + separator : ""
            if let loading = state.loading { return (" " + position + "reading " + loading.title, "") }
            if let unreadable = state.unreadable {
                let labels = AnnotationStatus.part(state).map { separator + $0 } ?? ""
                return (" " + position + unreadable.title + separator + "cannot be read" + labels, "")
            }
            return (" " + (state.options.paths.first ?? ""), "")
        }
        let volume = document.volume
        let layout = volume.layout(state.plane)
        var parts = planeParts(state, document, sliceCount: layout.sliceCount)
        if volume.timepoints > 1 { parts.append("t \(state.timepoint + 1)/\(volume.timepoints)") }
        let origin = sliceOrigin(state, volume)
        if let origin { parts.append(origin) }
        let zoom = "zoom \(Formatting.zoom(state.paneView(state.plane).zoom))"
        parts.append(zoom)
        // Pictures in real pixels say which protocol draws them; half blocks, which colours.
        let drawing = state.graphics == .none ? state.colorMode.displayName : state.graphics.rawValue
        parts.append(drawing)
        parts.append("annotator \(state.options.annotator)")
        if let annotating = AnnotationStatus.part(state) { parts.append(annotating) }
        if state.images.count > 1 { parts.insert("image \(state.imageIndex + 1)/\(state.images.count)", at: 0) }
        // On a narrow terminal the title (which image this is) is cut after the colour mode, the
        // zoom and the slice's file have gone, in that order; whose marks these are always stays.
        let title = document.title
        func length(_ parts: [String]) -> Int { parts.joined(separator: separator).unicodeScalars.count }
        for expendable in [drawing, zoom, origin ?? ""] where !expendable.isEmpty {
            guard title.unicodeScalars.count + separator.count + 1 + length(parts) > width,
                  let i = parts.firstIndex(of: expendable) else { break }
            parts.remove(at: i)
        }
        let rest = parts.joined(separator: separator)
        let titleRoom = max(8, width - rest.unicodeScalars.count - separator.count - 1)
        let first = " " + title.fittedKeepingEnd(to: titleRoom) + separator + rest

        let readout = CursorReadout(state, document)
        let w = state.window
        var window = "W \(Formatting.windowValue(w.width, width: w.width)) L \(Formatting.windowValue(w.center, width: w.width))"
        if !state.window.name.isEmpty { window += " \(state.window.name)" }
        if state.inverted { window += " inverted" }
        var parts2 = ["voxel \(readout.voxel)", "LPS \(readout.patient)", readout.value, window]
        if let label = LabelMapLayers.label(under: state) {
            let owner = label.owner.map { " (\($0))" } ?? ""
            parts2.insert(label.value == 0 ? "no label" : "label \(label.value) \(label.name)\(owner)", at: 3)
        }
        var second = " " + parts2.joined(separator: separator)
        // On a narrow terminal, tighter separators before anything is cut off.
        if second.unicodeScalars.count > width { second = " " + parts2.joined(separator: "│") }
        return (first, second)
    }

    /// The file and Instance Number of the slice shown, for a DICOM series in its own plane
    /// (other planes cut across files): "IN 300 IM0001.dcm".
    static func sliceOrigin(_ state: ViewerState, _ volume: Volume) -> String? {
        let slices = volume.metadata.slices
        guard volume.metadata.sourceFiles.count > 1, volume.layout(state.plane).normal == 2 else { return nil }
        let index = state.timepoint * volume.depth + state.cursor.z
        guard slices.indices.contains(index) else { return nil }
        let origin = slices[index]
        let name = (origin.file as NSString).lastPathComponent
        return (origin.instanceNumber.map { "IN \($0) " } ?? "") + name
    }

    /// What the label keys mean, e.g. " │ 1 pass · 2 fail · 3 unsure".
    static func labelLegend(_ state: ViewerState) -> String {
        guard state.document != nil, let set = state.options.annotationSettings.labelSet else { return "" }
        let keys = set.labels.prefix(9).enumerated().compactMap { n, label in
            state.keymap.keys(for: .label(n + 1)).first.map { "\($0.spelling) \(label.name)" }
        }
        return keys.isEmpty ? "" : separator + keys.joined(separator: " · ")
    }

    /// The main keys; "3 planes" only where there are planes, "play" for a cine.
    static func hints(_ state: ViewerState) -> String {
        let cine = state.document?.presentation.isCine == true
        let planes = state.volume.map { $0.depth > 1 } != false && Navigation.onlyOwnPlane(state) == nil
        let wanted: [(Action, String)] = [(.help, "help"), (.commandLine, "command")]
            + (cine ? [(.playFrames, "play")] : planes ? [(.threePlanes, "3 planes")] : [])
            + [(.nextWindowPreset, "window"), (.metadata, "metadata"), (.quit, "quit")]
        return " " + wanted.compactMap { action, name in
            state.keymap.keys(for: action).first.map { "\($0.spelling) \(name)" }
        }.joined(separator: " · ")
    }
}
