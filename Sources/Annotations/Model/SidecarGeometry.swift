import Foundation
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
    /// Where the in-plane spacing comes from (`SpacingSource`); written only when it is not the
    /// file's own Pixel Spacing / pixdim. With `unknown`, spacing, origin, `indexToLPS` and every
    /// `lps` are in pixels, not millimetres.
    public var spacingSource: SpacingSource
    /// Why the image could not be read, for the sidecar of an image that cannot be (its labels
    /// say "corrupt"); then there is no grid: dimensions, spacing, origin and `indexToLPS` are empty.
    public var unreadable: String?
    public var unknown: UnknownKeys = [:]

    /// The grid of an image that could not be read: none.
    public static func unreadable(_ reason: String) -> SidecarGeometry {
        SidecarGeometry(coordinateSystem: "LPS", dimensions: [], spacing: [], origin: [], indexToLPS: [],
                        spacingSource: .unknown, unreadable: reason)
    }

    init(coordinateSystem: String, dimensions: [Int], spacing: [Double], origin: [Double], indexToLPS: [[Double]],
         spacingSource: SpacingSource, unreadable: String?) {
        self.coordinateSystem = coordinateSystem
        self.dimensions = dimensions
        self.spacing = spacing
        self.origin = origin
        self.indexToLPS = indexToLPS
        self.spacingSource = spacingSource
        self.unreadable = unreadable
    }

    public init(volume: Volume) {
        coordinateSystem = "LPS"
        dimensions = [volume.width, volume.height, volume.depth]
        spacing = [volume.geometry.spacing.x, volume.geometry.spacing.y, volume.geometry.spacing.z]
        origin = [volume.geometry.origin.x, volume.geometry.origin.y, volume.geometry.origin.z]
        indexToLPS = volume.geometry.indexToPatient
        spacingSource = volume.geometry.spacingSource
    }

    /// Why a sidecar with grid `other` is not for an image with this grid, or nil: another
    /// number of columns, rows or slices, or another voxel spacing (its millimetres would be
    /// wrong here). Origin and orientation are not compared.
    public func mismatch(with other: SidecarGeometry) -> String? {
        // An image that could not be read has no grid to compare: its files' hashes decide.
        if unreadable != nil || other.unreadable != nil { return nil }
        let dims = { (d: [Int]) in d.map(String.init).joined(separator: " × ") }
        if other.dimensions != dimensions {
            return "it was made for an image of \(dims(other.dimensions)) voxels, this one has \(dims(dimensions))"
        }
        let close = spacing.count == other.spacing.count
            && zip(spacing, other.spacing).allSatisfy { abs($0 - $1) <= 1e-4 * max(abs($0), abs($1), 1e-9) }
        if !close {
            let mm = { (s: [Double]) in s.map { String(format: "%g", $0) }.joined(separator: " × ") }
            return "it was made for voxels of \(mm(other.spacing)), this image's are \(mm(spacing))"
        }
        return nil
    }

    public init(from decoder: any Decoder) throws {
        var r = try ObjectReader(decoder)
        coordinateSystem = try r("coordinateSystem")
        dimensions = try r("dimensions")
        spacing = try r("spacing")
        origin = try r("origin")
        indexToLPS = try r("indexToLPS")
        spacingSource = try r.optional("spacingSource", as: String.self).map { SpacingSource(rawValue: $0) ?? .unknown } ?? .pixelSpacing
        unreadable = try r.optional("unreadable")
        unknown = try r.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var w = ObjectWriter(encoder)
        try w("coordinateSystem", coordinateSystem)
        try w("dimensions", dimensions)
        try w("spacing", spacing)
        try w("origin", origin)
        try w("indexToLPS", indexToLPS)
        if spacingSource != .pixelSpacing && unreadable == nil { try w("spacingSource", spacingSource) }
        try w.optional("unreadable", unreadable)
        try w.unknown(unknown)
    }
}
