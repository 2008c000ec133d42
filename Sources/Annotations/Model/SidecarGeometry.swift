import VolumeKit

/// The image grid the voxel indices refer to, so that scripts reading a sidecar can map
/// indices to millimetres without opening the image. `indexToLPS` is the 4×4 matrix (rows)
/// taking `[i, j, k, 1]` to LPS millimetres.
public struct SidecarGeometry: Sendable, Equatable, Codable {
    public var coordinateSystem: String
    public var dimensions: [Int]
    public var spacing: [Double]
    public var origin: [Double]
    public var indexToLPS: [[Double]]
    public var unknown: UnknownKeys = [:]

    public init(volume: Volume) {
        coordinateSystem = "LPS"
        dimensions = [volume.width, volume.height, volume.depth]
        spacing = [volume.geometry.spacing.x, volume.geometry.spacing.y, volume.geometry.spacing.z]
        origin = [volume.geometry.origin.x, volume.geometry.origin.y, volume.geometry.origin.z]
        indexToLPS = volume.geometry.indexToPatient
    }

    public init(from decoder: any Decoder) throws {
        var r = try ObjectReader(decoder)
        coordinateSystem = try r("coordinateSystem")
        dimensions = try r("dimensions")
        spacing = try r("spacing")
        origin = try r("origin")
        indexToLPS = try r("indexToLPS")
        unknown = try r.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var w = ObjectWriter(encoder)
        try w("coordinateSystem", coordinateSystem)
        try w("dimensions", dimensions)
        try w("spacing", spacing)
        try w("origin", origin)
        try w("indexToLPS", indexToLPS)
        try w.unknown(unknown)
    }
}
