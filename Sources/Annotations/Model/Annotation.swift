import Foundation
import VolumeKit

/// One landmark, region or measurement on an image.
///
/// `voxel` / `lps` is the annotation's anchor: a landmark's point, a region's or distance's
/// first point. `points` holds every point in both systems (see `AnnotationKind.pointCount`);
/// all points of a region lie on one slice of `plane`.
public struct Annotation: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var kind: AnnotationKind
    public var label: String
    public var description: String?
    public var annotator: String
    public var created: Timestamp
    public var modified: Timestamp
    public var modifiedBy: String
    public var plane: Plane
    /// The timepoint of a 4D image it was drawn at; absent for 3D images.
    public var timepoint: Int?
    public var voxel: SIMD3<Int>
    public var lps: SIMD3<Double>
    public var points: [AnnotationPoint]
    public var statistics: RegionStatistics?
    public var lengthMM: Double?
    public var review: Review

    public init(id: UUID = UUID(), kind: AnnotationKind, label: String, description: String? = nil,
                annotator: String, created: Timestamp, modified: Timestamp? = nil, modifiedBy: String? = nil,
                plane: Plane, timepoint: Int? = nil, points: [AnnotationPoint], statistics: RegionStatistics? = nil,
                lengthMM: Double? = nil, review: Review = .draft) {
        precondition(!points.isEmpty, "an annotation has at least one point")
        self.id = id
        self.kind = kind
        self.label = label
        self.description = description
        self.annotator = annotator
        self.created = created
        self.modified = modified ?? created
        self.modifiedBy = modifiedBy ?? annotator
        self.plane = plane
        self.timepoint = timepoint
        self.voxel = points[0].voxel
        self.lps = points[0].lps
        self.points = points
        self.statistics = statistics
        self.lengthMM = lengthMM
        self.review = review
    }

    /// Replaces the points, keeping the anchor in step with the first one.
    public mutating func setPoints(_ newPoints: [AnnotationPoint]) {
        precondition(!newPoints.isEmpty)
        points = newPoints
        voxel = newPoints[0].voxel
        lps = newPoints[0].lps
    }
}
