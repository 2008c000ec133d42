import Rendering
import VolumeKit

/// A volume ready to view, with what is worth computing once on the loading thread rather than
/// on a key press: statistics and the window presets (the automatic ones read every voxel).
///
/// Opening is in two steps so the first image shows at once: when the file or its modality
/// names a window, the document is shown with that window and the cheap presets, and the
/// statistics and automatic presets follow from `withStatistics()` on the loading thread.
public struct ImageDocument: Sendable {
    public private(set) var volume: Volume
    public let title: String
    public private(set) var statistics: VolumeStatistics?
    public private(set) var presets: [WindowLevel]
    public let initialWindow: WindowLevel
    /// A cine, a projection image, or slices in patient space.
    public let presentation: ImagePresentation
    /// The sidecar store, found on the loading thread (hashing a big file takes time).
    public var annotationSource: AnnotationSource = .memoryOnly

    public init(volume: Volume, title: String) {
        self.volume = volume
        self.title = title
        presentation = ImagePresentation(metadata: volume.metadata, depth: volume.depth)
        let colour8 = volume.components == 3 && (volume.voxelType == .uint8 || volume.voxelType == .int8)
        let fileWindows = WindowPresets.fileWindows(of: volume)
        let modality = WindowPresets.modalityPresets(volume.metadata.modality)
        if !fileWindows.isEmpty || colour8 || !modality.isEmpty {
            // `initial` returns before reading voxels in exactly these cases.
            initialWindow = WindowPresets.initial(for: volume, statistics: nil)
            presets = Self.unique(fileWindows + (colour8 ? [WindowPresets.fullByteRange] : []) + modality)
            statistics = nil
        } else {
            let statistics = volume.scanned.statistics()
            self.statistics = statistics
            if let guessed = Self.takenAsCT(volume, statistics) { self.volume = guessed }
            presets = WindowPresets.presets(for: self.volume.scanned, statistics: statistics)
            initialWindow = WindowPresets.initial(for: self.volume.scanned, statistics: statistics)
        }
    }

    /// The first image of a volume still being read (`VolumePreview`): the whole volume's
    /// shape with only its middle slice in, and the window that slice asks for (statistics of
    /// that slice alone). The whole document replaces it (`Message.volumeCompleted`).
    public private(set) var isPreview = false

    public init(preview: VolumePreview, title: String) {
        let sliceStatistics = preview.sliceVolume.statistics()
        var volume = preview.volume, slice = preview.sliceVolume
        if let guessed = Self.takenAsCT(volume, sliceStatistics) {
            volume = guessed
            slice.metadata = guessed.metadata
        }
        self.volume = volume
        self.title = title
        presentation = ImagePresentation(metadata: volume.metadata, depth: volume.depth)
        statistics = nil
        isPreview = true
        initialWindow = WindowPresets.initial(for: slice, statistics: sliceStatistics)
        presets = Self.unique(WindowPresets.fileWindows(of: volume) + WindowPresets.modalityPresets(volume.metadata.modality)
                              + [initialWindow])
    }

    /// A NIfTI or Analyze image names no modality; one whose values run from air (about −1000)
    /// to bone is a CT in Hounsfield units, and gets the CT presets (`--modality` says otherwise).
    static func takenAsCT(_ volume: Volume, _ statistics: VolumeStatistics) -> Volume? {
        guard volume.metadata.modality == nil, volume.components == 1,
              volume.metadata.format == .nifti || volume.metadata.format == .analyze,
              statistics.min >= -1100, statistics.min <= -900, statistics.max >= 300, statistics.max <= 5000 else { return nil }
        var copy = volume
        copy.metadata.modality = "CT"
        copy.metadata.warnings.append("no modality in the file: taken as CT from its values (\(Int(statistics.min)) to "
                                      + "\(Int(statistics.max))); --modality sets it")
        return copy
    }

    /// Whether `withStatistics()` has work to do.
    public var needsStatistics: Bool { statistics == nil }

    /// The same document with statistics and every preset (automatic, min–max) computed.
    public func withStatistics() -> ImageDocument {
        guard statistics == nil else { return self }
        var copy = self
        let statistics = volume.scanned.statistics()
        copy.statistics = statistics
        copy.presets = WindowPresets.presets(for: volume.scanned, statistics: statistics)
        return copy
    }

    /// The unit voxel values are shown in.
    public var valueUnit: String { volume.valueUnit }

    /// The list without repeated windows; a preset whose name an earlier window (the file's own)
    /// already has is told apart, so no two entries share a name.
    private static func unique(_ list: [WindowLevel]) -> [WindowLevel] {
        var out: [WindowLevel] = []
        for var w in list where !out.contains(where: { $0.center == w.center && $0.width == w.width }) {
            if out.contains(where: { $0.name == w.name }) { w.name += " (preset)" }
            out.append(w)
        }
        return out
    }
}

/// What the status line says about an image that is being read.
public struct LoadingStatus: Sendable, Equatable {
    public var title: String
    public var progress: LoadProgress?
    /// Which load this is; results of an older load that arrive late are ignored.
    public var generation: Int
    /// The first image is on screen while the rest is read: the progress takes one row.
    public var showsPreview = false
}
