/// A segmentation laid on a grid: segment number n is label value n.
public struct DICOMSegmentationLabels: Sendable, Equatable {
    public var labelMap: LabelMap
    /// The segments, in Segment Number order (value = `number`).
    public var segments: [DICOMSegment]
    /// Voxels that two or more segments claim. Each gets the highest segment number among them.
    public var overlappingVoxels: Int
    /// For each frame, the slice index it went to.
    public var frameSlices: [Int]
}

extension DICOMSegmentation {
    /// Positions may be off the grid by this fraction of a pixel (in plane) or of the slice
    /// spacing (along the normal): Image Position (Patient) is a decimal string, often rounded.
    public static let positionTolerance = 0.2
    /// Orientations agree when each axis is within about 0.8° (cosine 0.9999) of the image's.
    public static let orientationTolerance = 1e-4
    /// Pixel spacings agree within this fraction.
    public static let spacingTolerance = 1e-3

    /// The segmentation on the grid of `volume` (the series it references): each frame goes to
    /// the slice its position falls on (within `positionTolerance` of the slice spacing), in
    /// the same place within the slice. Where segments overlap the higher segment number wins
    /// and the voxel is counted in `overlappingVoxels`.
    ///
    /// Throws `.notReferenced` when the volume is a DICOM series the segmentation does not
    /// reference, `.gridMismatch` when a frame's orientation, pixel spacing or position does
    /// not fit the volume's grid (it is never resampled).
    public func labelMap(on volume: Volume) throws(DICOMSegmentationError) -> DICOMSegmentationLabels {
        let referenced = summary.referencedSeriesInstanceUIDs
        if let series = volume.metadata.identity.seriesInstanceUID, !referenced.isEmpty, !referenced.contains(series) {
            throw .notReferenced(path: path, imageSeries: series, referenced: referenced)
        }
        // Slice k's SOP Instance UID, for frames that have no position, when the volume has one file a slice.
        let sops = volume.metadata.identity.sopInstanceUIDs
        let sliceSOPs = sops.count == volume.depth && volume.metadata.slices.count >= volume.depth ? sops : []
        let grid = DICOMSegmentationGrid(width: volume.width, height: volume.height, depth: volume.depth,
                                         geometry: volume.geometry, sliceSOPs: sliceSOPs)
        return try rasterise(onto: grid)
    }

    /// The segmentation on a grid of its own, for when the images it was made on are not at
    /// hand: its frame size, its frames' orientation, slices at the distinct frame positions
    /// sorted along the normal (row × column direction), spaced by Spacing Between Slices when
    /// every position lies on that spacing, else by the smallest step between positions;
    /// positions between frames (empty slices the writer left out) are empty slices. Geometry
    /// in LPS, as the image readers give it.
    public func ownGrid() throws(DICOMSegmentationError) -> DICOMSegmentationLabels {
        try rasterise(onto: try DICOMSegmentationGrid.own(summary))
    }

    func rasterise(onto grid: DICOMSegmentationGrid) throws(DICOMSegmentationError) -> DICOMSegmentationLabels {
        var placements: [DICOMSegmentationGrid.Placement] = []
        for n in frames.indices { placements.append(try grid.place(frames[n], frame: n, summary: summary)) }
        var map = LabelMap(width: grid.width, height: grid.height, depth: grid.depth, geometry: grid.geometry)
        var overlapped: [Set<Int>] = Array(repeating: [], count: grid.depth)
        // Ascending segment number, so a higher number is written last and wins.
        let order = frames.indices.sorted { (frames[$0].segmentNumber, $0) < (frames[$1].segmentNumber, $1) }
        let columns = summary.columns
        for n in order {
            let place = placements[n]
            let labels = n < frameLabels.count ? frameLabels[n] : []
            let segment = UInt16(frames[n].segmentNumber)
            var outside = 0
            masks[n].forEachSet { offset in
                let value = labels.isEmpty ? segment : labels[offset]
                let i = place.i + offset % columns, j = place.j + offset / columns
                guard i >= 0, j >= 0, i < grid.width, j < grid.height else {
                    outside += 1
                    return
                }
                let o = j * grid.width + i
                let old = map[place.k, o]
                if old != 0 && old != value { overlapped[place.k].insert(o) }
                map[place.k, o] = value
            }
            if outside > 0 {
                throw .gridMismatch(path: path, frame: n, detail: "\(outside) of its labelled pixels lie outside the image (\(grid.width) × \(grid.height))")
            }
        }
        return DICOMSegmentationLabels(labelMap: map, segments: segments,
                                       overlappingVoxels: overlapped.reduce(0) { $0 + $1.count },
                                       frameSlices: placements.map(\.k))
    }
}
