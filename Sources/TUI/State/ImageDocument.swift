import Rendering
import VolumeKit

/// A volume ready to view, with what is worth computing once on the loading thread rather than
/// on a key press: statistics and the window presets (which read every voxel).
public struct ImageDocument: Sendable {
    public let volume: Volume
    public let title: String
    public let statistics: VolumeStatistics
    public let presets: [WindowLevel]
    public let initialWindow: WindowLevel
    /// The sidecar store, found on the loading thread (hashing a big file takes time).
    public var annotationSource: AnnotationSource = .none

    public init(volume: Volume, title: String) {
        self.volume = volume
        self.title = title
        let statistics = volume.statistics()
        self.statistics = statistics
        self.presets = WindowPresets.presets(for: volume, statistics: statistics)
        self.initialWindow = WindowPresets.initial(for: volume, statistics: statistics)
    }

    /// The unit voxel values are shown in.
    public var valueUnit: String {
        volume.metadata.modality?.uppercased() == "CT" ? "HU" : ""
    }
}

/// What the status line says about an image that is being read.
public struct LoadingStatus: Sendable, Equatable {
    public var title: String
    public var progress: LoadProgress?
    /// Which load this is; results of an older load that arrive late are ignored.
    public var generation: Int
}
