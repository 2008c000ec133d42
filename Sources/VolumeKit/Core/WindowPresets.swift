/// The windows a volume can be shown with, in the order the viewer's `w` key cycles through
/// them: the file's own windows (DICOM Window Center/Width, NIfTI cal_min/cal_max), then the
/// presets of its modality (CT only), then automatic (1st–99th percentile), then min–max.
///
/// Computing the automatic and min–max windows reads every voxel; callers keep the list.
public enum WindowPresets {
    /// CT windows as radiologists name them (centre/width in HU).
    public static let ct: [WindowLevel] = [
        WindowLevel(center: 40, width: 80, name: "brain"),
        WindowLevel(center: 75, width: 215, name: "subdural"),
        WindowLevel(center: 40, width: 40, name: "stroke"),
        WindowLevel(center: -600, width: 1500, name: "lung"),
        WindowLevel(center: 50, width: 350, name: "mediastinum"),
        WindowLevel(center: 400, width: 1800, name: "bone"),
        WindowLevel(center: 50, width: 400, name: "soft tissue"),
        WindowLevel(center: 30, width: 150, name: "liver"),
    ]

    /// The CT preset a body CT opens with when the file suggests none.
    public static let ctDefault = ct[6]

    /// Presets for a modality (DICOM Modality code); empty when only automatic windows make sense.
    public static func modalityPresets(_ modality: String?) -> [WindowLevel] {
        modality?.uppercased() == "CT" ? ct : []
    }

    /// The file's own windows with unusable ones (zero, negative or non-finite width) left out,
    /// named "file" when the file gave no name.
    public static func fileWindows(of volume: Volume) -> [WindowLevel] {
        volume.metadata.fileWindows.enumerated().compactMap { n, w in
            guard w.center.isFinite, w.width.isFinite, w.width > 1e-6 else { return nil }
            var window = w
            window.name = w.name.isEmpty ? (volume.metadata.fileWindows.count > 1 ? "file \(n + 1)" : "file") : w.name
            return window
        }
    }

    /// The 1st to 99th percentile of every sample: ignores the few extreme voxels (metal, air
    /// outside the body, padding) that would wash a min–max window out.
    public static func automatic(for volume: Volume, statistics: VolumeStatistics? = nil) -> WindowLevel {
        let stats = statistics ?? volume.statistics()
        let p = volume.percentiles([1, 99], statistics: stats)
        if p[1] - p[0] > 1e-6 {
            return WindowLevel(minimum: p[0], maximum: p[1], name: "auto", function: computedFunction(volume))
        }
        return minMax(for: volume, statistics: stats)
    }

    public static func minMax(for volume: Volume, statistics: VolumeStatistics? = nil) -> WindowLevel {
        let stats = statistics ?? volume.statistics()
        let hi = stats.max > stats.min ? stats.max : stats.min + 1
        return WindowLevel(minimum: stats.min, maximum: hi, name: "min–max", function: computedFunction(volume))
    }

    /// The function of a window computed from the values: DICOM's LINEAR for DICOM images
    /// (whose stored values are integers the width counts), LINEAR_EXACT for the rest, whose
    /// values may be fractions of a unit.
    static func computedFunction(_ volume: Volume) -> WindowFunction {
        volume.metadata.format == .dicom ? .linear : .linearExact
    }

    /// The window that shows 8-bit colour samples as stored (0 → 0, 255 → 255).
    public static let fullByteRange = WindowLevel(minimum: 0, maximum: 255, name: "full range", function: .linearExact)

    /// Every window for a volume, in cycling order, without duplicates.
    public static func presets(for volume: Volume, statistics: VolumeStatistics? = nil) -> [WindowLevel] {
        let stats = statistics ?? volume.statistics()
        var list = fileWindows(of: volume)
        if volume.components == 3 && (volume.voxelType == .uint8 || volume.voxelType == .int8) {
            list.append(fullByteRange)
        }
        list += modalityPresets(volume.metadata.modality)
        list.append(automatic(for: volume, statistics: stats))
        list.append(minMax(for: volume, statistics: stats))
        var unique: [WindowLevel] = []
        for w in list where !unique.contains(where: { $0.center == w.center && $0.width == w.width }) {
            unique.append(w)
        }
        return unique
    }

    /// The window a volume opens with: the file's first window, else for 8-bit colour the
    /// stored values, else the modality's default preset, else automatic.
    public static func initial(for volume: Volume, statistics: VolumeStatistics? = nil) -> WindowLevel {
        if let first = fileWindows(of: volume).first { return first }
        if volume.components == 3 && (volume.voxelType == .uint8 || volume.voxelType == .int8) {
            return fullByteRange
        }
        if volume.metadata.modality?.uppercased() == "CT" { return ctDefault }
        return automatic(for: volume, statistics: statistics)
    }
}
