import VolumeKit

/// One point of an annotation in both coordinate systems: the zero-based voxel index
/// `[i, j, k]` in the image's own index order, and the patient position in LPS millimetres.
public struct AnnotationPoint: Sendable, Equatable, Codable {
    public var voxel: SIMD3<Int>
    public var lps: SIMD3<Double>
    public var unknown: UnknownKeys = [:]

    public init(voxel: SIMD3<Int>, lps: SIMD3<Double>) {
        self.voxel = voxel
        self.lps = lps
    }

    /// The voxel with its position computed from the image geometry, to a nanometre: the
    /// arithmetic's last bits (`0.35156200000000126`) mean nothing and only make sidecars noisy.
    public init(voxel: SIMD3<Int>, geometry: VolumeGeometry) {
        self.voxel = voxel
        let p = geometry.patientPosition(ofIndex: SIMD3(Double(voxel.x), Double(voxel.y), Double(voxel.z)))
        self.lps = (p * 1e6).rounded(.toNearestOrEven) / 1e6
    }

    public init(from decoder: any Decoder) throws {
        var r = try ObjectReader(decoder)
        voxel = try r("voxel")
        lps = try r("lps")
        unknown = try r.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var w = ObjectWriter(encoder)
        try w("voxel", voxel)
        try w("lps", lps)
        try w.unknown(unknown)
    }
}
