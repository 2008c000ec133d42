/// Size and real voxel values (after rescale: HU for CT) of the pixels inside a region.
///
/// `areaMM2` is `pixelCount` times the area of one pixel of the plane it was drawn on. On an
/// image whose pixel spacing is unknown there is no `areaMM2` but `areaPx2` (the pixel count as
/// an area), so no millimetres are ever made up. The
/// standard deviation is the population one (divided by n, as numpy's default). Values that
/// are not finite (NaN in a float image) are left out of mean/std/min/max; with none left
/// those are absent.
public struct RegionStatistics: Sendable, Equatable, Codable {
    public var pixelCount: Int
    public var areaMM2: Double?
    public var areaPx2: Double?
    public var mean: Double?
    public var std: Double?
    public var min: Double?
    public var max: Double?
    public var unknown: UnknownKeys = [:]

    public init(pixelCount: Int, areaMM2: Double?, areaPx2: Double? = nil, mean: Double?, std: Double?,
                min: Double?, max: Double?) {
        self.pixelCount = pixelCount
        self.areaMM2 = areaMM2
        self.areaPx2 = areaPx2
        self.mean = mean
        self.std = std
        self.min = min
        self.max = max
    }

    public init(from decoder: any Decoder) throws {
        var r = try ObjectReader(decoder)
        pixelCount = try r("pixelCount")
        areaMM2 = try r.optional("areaMM2")
        areaPx2 = try r.optional("areaPx2")
        mean = try r.optional("mean")
        std = try r.optional("std")
        min = try r.optional("min")
        max = try r.optional("max")
        unknown = try r.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var w = ObjectWriter(encoder)
        try w("pixelCount", pixelCount)
        try w.optional("areaMM2", areaMM2)
        try w.optional("areaPx2", areaPx2)
        try w.optional("mean", mean)
        try w.optional("std", std)
        try w.optional("min", min)
        try w.optional("max", max)
        try w.unknown(unknown)
    }
}
