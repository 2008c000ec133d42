import VolumeKit

/// How an annotation looks on one slice of a plane, in that slice's pixel coordinates
/// (pixel (c, r) is centred on (c, r)), drawn so that the outline is exactly the boundary of
/// what `RegionMask` counts:
///
/// - `rectangle`: the edges of the covered pixels, half a pixel outside the corner centres;
/// - `ellipse`: centre and semi-axes of the inclusion test;
/// - `polygon`: through the vertex centres;
/// - `point`: a landmark; `line`: a distance, its ends projected onto the slice;
/// - `lines`: separate segments: an angle's two arms (both from the vertex), a Cobb angle's
///   two lines.
public enum AnnotationShape: Sendable, Equatable {
    public struct Segment: Sendable, Equatable {
        public var from: SIMD2<Double>
        public var to: SIMD2<Double>

        public init(from: SIMD2<Double>, to: SIMD2<Double>) {
            self.from = from
            self.to = to
        }
    }

    case point(SIMD2<Double>)
    case rectangle(min: SIMD2<Double>, max: SIMD2<Double>)
    case ellipse(center: SIMD2<Double>, radii: SIMD2<Double>)
    case polygon([SIMD2<Double>])
    case line(from: SIMD2<Double>, to: SIMD2<Double>)
    case lines([Segment])
}

extension Annotation {
    /// The annotation as drawn on `layout`'s plane, whatever plane it was drawn on.
    public func shape(on layout: PlaneLayout) -> AnnotationShape {
        let screen = points.map { point -> SIMD2<Double> in
            let p = layout.position(of: point.voxel)
            return SIMD2(Double(p.column), Double(p.row))
        }
        switch kind {
        case .landmark:
            return .point(screen[0])
        case .distance:
            return .line(from: screen[0], to: screen[screen.count - 1])
        case .polygon:
            return .polygon(screen)
        case .angle where screen.count == 3:
            return .lines([AnnotationShape.Segment(from: screen[1], to: screen[0]), AnnotationShape.Segment(from: screen[1], to: screen[2])])
        case .cobb where screen.count == 4:
            return .lines([AnnotationShape.Segment(from: screen[0], to: screen[1]), AnnotationShape.Segment(from: screen[2], to: screen[3])])
        case .angle, .cobb:
            return .lines(zip(screen, screen.dropFirst()).map { AnnotationShape.Segment(from: $0, to: $1) })
        case .rectangle, .ellipse:
            let low = SIMD2(screen.map(\.x).min()!, screen.map(\.y).min()!)
            let high = SIMD2(screen.map(\.x).max()!, screen.map(\.y).max()!)
            if kind == .rectangle { return .rectangle(min: low - 0.5, max: high + 0.5) }
            return .ellipse(center: (low + high) / 2, radii: (high - low + 1) / 2)
        }
    }

    /// The slices of `layout`'s plane the annotation lies on: one for a landmark or a region
    /// drawn on that plane, every slice it spans otherwise.
    public func slices(on layout: PlaneLayout) -> ClosedRange<Int> {
        let s = points.map { layout.position(of: $0.voxel).slice }
        return s.min()!...s.max()!
    }
}
