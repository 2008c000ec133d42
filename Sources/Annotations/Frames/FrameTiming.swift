import VolumeKit

/// The frames of a multi-frame 2D image (an ultrasound or angiography cine): how many, and the
/// time of each. A frame is the index k along the image's third axis — the slice number of its
/// one plane — so a record's frame is its voxel's k, whatever reads the pixels.
///
/// The time of frame k is the sum of the Frame Time Vector (0018,1065) up to k where the file
/// has one (as the status line shows it), else k × the frame interval (Frame Time (0018,1063),
/// Cine Rate or Recommended Display Frame Rate, as `ImagePresentation` reads them); nil when the
/// file gives none.
public struct FrameTiming: Sendable, Equatable {
    public var count: Int
    /// Milliseconds from one frame to the next, when the file says.
    public var intervalMS: Double?
    /// Milliseconds before each frame (the first is 0), when the file gives them one by one.
    public var vectorMS: [Double]?

    public init(count: Int, intervalMS: Double?, vectorMS: [Double]? = nil) {
        self.count = count
        self.intervalMS = intervalMS
        self.vectorMS = vectorMS
    }

    /// The frames of `volume` when it is a cine (frames in time); nil for a volume of slices.
    public init?(volume: Volume) {
        let presentation = ImagePresentation(metadata: volume.metadata, depth: volume.depth)
        guard presentation.isCine, volume.depth > 1 else { return nil }
        self.init(count: volume.depth, intervalMS: presentation.frameTime, vectorMS: presentation.frameTimeVector)
    }

    /// Seconds from the first frame to frame `k`, to a microsecond; nil without a frame interval.
    public func seconds(_ k: Int) -> Double? {
        if let vectorMS, k < vectorMS.count {
            let ms = k <= 0 ? 0 : vectorMS[1...k].reduce(0, +)
            return (ms * 1000).rounded() / 1_000_000
        }
        return intervalMS.map { (Double(k) * $0 * 1000).rounded() / 1_000_000 }
    }

    public func contains(_ k: Int) -> Bool { (0..<count).contains(k) }
}
