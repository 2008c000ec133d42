/// Size and real voxel values (after rescale: HU for CT) of the pixels inside a region.
///
/// `areaMM2` is `pixelCount` times the area of one pixel of the plane it was drawn on. The
/// standard deviation is the population one (divided by n, as numpy's default). Values that
/// are not finite (NaN in a float image) are left out of mean/std/min/max; with none left
/// those are absent.
public struct RegionStatistics: Sendable, Equatable, Codable {
    public var pixelCount: Int
    public var areaMM2: Double
    public var mean: Double?
    public var std: Double?
    public var min: Double?
    public var max: Double?

    public init(pixelCount: Int, areaMM2: Double, mean: Double?, std: Double?, min: Double?, max: Double?) {
        self.pixelCount = pixelCount
        self.areaMM2 = areaMM2
        self.mean = mean
        self.std = std
        self.min = min
        self.max = max
    }
}
