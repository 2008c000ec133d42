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

    public init(volume: Volume) {
        coordinateSystem = "LPS"
        dimensions = [volume.width, volume.height, volume.depth]
        spacing = [volume.geometry.spacing.x, volume.geometry.spacing.y, volume.geometry.spacing.z]
        origin = [volume.geometry.origin.x, volume.geometry.origin.y, volume.geometry.origin.z]
        indexToLPS = volume.geometry.indexToPatient
    }
}
