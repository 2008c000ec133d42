extension SidecarDocument {
    /// Revisions a file may hold: far more changes than any image will see, and far from
    /// overflowing when one more is added.
    static let revisionRange = 0...(1 << 53)

    /// What in a decoded sidecar slicemark cannot use, or nil: a point count that does not fit
    /// the kind, a voxel outside the image. JSON decoding alone cannot catch these, and a
    /// hand-edited file must never crash the viewer.
    public func problem(dimensions: [Int]) -> String? {
        let revisions = annotations.map { ("annotations", $0.revision) } + labels.map { ("labels", $0.revision) }
            + notes.map { ("notes", $0.revision) } + reviews.map { ("reviews", $0.revision) }
            + segmentations.map { ("segmentations", $0.revision) } + deleted.map { ("deleted", $0.revision) }
        if let (list, bad) = revisions.first(where: { !Self.revisionRange.contains($0.1) }) {
            return "\(list): revision \(bad) is outside 0…\(Self.revisionRange.upperBound)"
        }
        for (n, a) in annotations.enumerated() {
            let where_ = "annotations[\(n)]"
            guard a.kind.pointCount.contains(a.points.count) else {
                let expected = a.kind.pointCount.upperBound == Int.max ? "at least \(a.kind.pointCount.lowerBound)"
                                                                       : "\(a.kind.pointCount.lowerBound)"
                return "\(where_).points: a \(a.kind.rawValue) has \(expected) points, this one has \(a.points.count)"
            }
            for (p, point) in a.points.enumerated() {
                for axis in 0..<3 where point.voxel[axis] < 0 || (axis < dimensions.count && point.voxel[axis] >= dimensions[axis]) {
                    return "\(where_).points[\(p)].voxel [\(point.voxel.x), \(point.voxel.y), \(point.voxel.z)] is outside the image (\(dimensions.map(String.init).joined(separator: " × ")))"
                }
            }
            if a.voxel != a.points[0].voxel {
                return "\(where_).voxel differs from its first point"
            }
        }
        return nil
    }
}
