import VolumeKit

/// The frames of a multi-frame 2D image (an ultrasound or angiography cine): how many, and the
/// time of each. A frame is the index k along the image's third axis — the slice number of its
/// one plane — so a record's frame is its voxel's k, whatever reads the pixels.
///
/// The time of frame k is k × the frame interval (Frame Time (0018,1063), the mean of Frame Time
/// Vector (0018,1065), Cine Rate or Recommended Display Frame Rate, as `ImagePresentation`
/// reads them); nil when the file gives none.
public struct FrameTiming: Sendable, Equatable {
    public var count: Int
    /// Milliseconds from one frame to the next, when the file says.
    public var intervalMS: Double?

    public init(count: Int, intervalMS: Double?) {
        self.count = count
        self.intervalMS = intervalMS
    }

    /// The frames of `volume` when it is a cine (frames in time); nil for a volume of slices.
    public init?(volume: Volume) {
        let presentation = ImagePresentation(metadata: volume.metadata, depth: volume.depth)
        guard presentation.isCine, volume.depth > 1 else { return nil }
        self.init(count: volume.depth, intervalMS: presentation.frameTime)
    }

    /// Seconds from the first frame to frame `k`, to a microsecond; nil without a frame interval.
    public func seconds(_ k: Int) -> Double? {
        intervalMS.map { (Double(k) * $0 * 1000).rounded() / 1_000_000 }
    }

    public func contains(_ k: Int) -> Bool { (0..<count).contains(k) }
}
