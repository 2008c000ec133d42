import Foundation
import VolumeKit

extension AnnotationSession {
    // MARK: Landmarks

    /// Progress through the landmark template for this annotator, or nil without a template.
    public var templateProgress: TemplateProgress? {
        guard let template else { return nil }
        let placed = Set(document.annotations.filter { $0.kind == .landmark && $0.annotator == annotator }.map(\.label))
        let done = template.landmarks.filter { placed.contains($0.name) }.count
        return TemplateProgress(placed: done, total: template.landmarks.count,
                                next: template.landmarks.first { !placed.contains($0.name) })
    }

    /// `m`: a landmark at `voxel`, named after the next template landmark this annotator has
    /// not placed, or "landmark N" without a template.
    public mutating func placeLandmark(at voxel: SIMD3<Int>, plane: Plane, volume: Volume) -> SessionChange {
        guard volume.contains(voxel.x, voxel.y, voxel.z) else { return .info("the cursor is outside the image") }
        let name: String, description: String?
        if let progress = templateProgress {
            guard let next = progress.next else {
                return .info("all \(progress.total) landmarks of \(template!.name) are placed; Tab selects one to move or rename")
            }
            name = next.name
            description = next.description
        } else {
            name = nextFreeName("landmark", kind: .landmark)
            description = nil
        }
        let landmark = Annotation(id: ids.next(), kind: .landmark, label: name, description: description, annotator: annotator,
                                  created: now, plane: plane, timepoint: timepointField(volume),
                                  points: [AnnotationPoint(voxel: voxel, geometry: volume.geometry)])
            .onFrames(frameTiming)
        var message = "placed landmark \"\(name)\" at \(Self.format(voxel))"
        let edit = Edit(summary: "place landmark \"\(name)\"", changes: [.annotation(before: nil, after: landmark)])
        let change = commit(edit)
        if let progress = templateProgress {
            message += " (\(progress.placed)/\(progress.total)"
            message += progress.next.map { "; next: \($0.name))" } ?? "; all placed)"
        }
        return SessionChange(documentChanged: true, message: message, affected: change.affected)
    }

    // MARK: Shapes

    /// A press of a drawing tool at `voxel`: starts the shape, adds a point, or finishes it
    /// (the second press of a rectangle, ellipse or distance, the third of an angle, the fourth
    /// of a Cobb angle). Pressing another tool, or the same tool on another plane, starts over.
    /// A distance's second end may be on any slice; every other shape's later points are put on
    /// the slice of its first point.
    public mutating func click(_ tool: AnnotationTool, at voxel: SIMD3<Int>, plane: Plane, volume: Volume) -> SessionChange {
        guard volume.contains(voxel.x, voxel.y, voxel.z) else { return .info("the cursor is outside the image") }
        guard var shape = pending, shape.tool == tool, shape.plane == plane else {
            pending = PendingShape(tool: tool, plane: plane, points: [voxel])
            switch tool {
            case .rectangle, .ellipse:
                return .info("\(tool.rawValue): first corner at \(Self.format(voxel)); move to the opposite corner and press again")
            case .distance:
                return .info("distance: first end at \(Self.format(voxel)); move to the other end (any slice) and press again")
            case .polygon:
                return .info("polygon: first point at \(Self.format(voxel)); add points, Enter closes")
            case .angle:
                return .info("angle: first arm's end at \(Self.format(voxel)); next press the vertex, then the other arm's end")
            case .cobb:
                return .info("Cobb angle: first line starts at \(Self.format(voxel)); press its other end, then the second line's two ends")
            }
        }
        let point = tool == .distance ? voxel : onSliceOfFirst(voxel, shape: shape, volume: volume)
        if tool != .distance, tool != .rectangle, tool != .ellipse, point == shape.points.last {
            return .info("\(tool.rawValue): that point is already there")
        }
        shape.points.append(point)
        if shape.points.count < tool.pointsToFinish {
            pending = shape
            switch tool {
            case .polygon: return .info("polygon: \(shape.points.count) points; Enter closes")
            case .angle: return .info(shape.points.count == 2 ? "angle: vertex at \(Self.format(point)); press the other arm's end"
                                                               : "angle: \(shape.points.count) of 3 points")
            case .cobb: return .info(shape.points.count == 2 ? "Cobb angle: first line done; press the second line's first end"
                                                              : "Cobb angle: press the second line's other end")
            default: return .info(nil)
            }
        }
        pending = nil
        return finish(shape, volume: volume)
    }

    /// Enter: closes the polygon being drawn (three or more points).
    public mutating func closePolygon(volume: Volume) -> SessionChange {
        guard let shape = pending, shape.tool == .polygon else { return .info("no polygon is being drawn") }
        guard shape.points.count >= 3 else { return .info("polygon: a polygon needs at least 3 points, it has \(shape.points.count)") }
        pending = nil
        return finish(shape, volume: volume)
    }

    /// Escape: drops the shape being drawn.
    public mutating func cancelPending() -> SessionChange {
        guard let shape = pending else { return .info(nil) }
        pending = nil
        return .info("\(shape.tool.rawValue) cancelled")
    }

    private mutating func finish(_ shape: PendingShape, volume: Volume) -> SessionChange {
        let kind = shape.tool.kind
        let label = kind.isRegion ? (regionLabel ?? nextFreeName(kind.rawValue, kind: kind)) : nextFreeName(kind.rawValue, kind: kind)
        let annotation = Self.measured(Annotation(id: ids.next(), kind: kind, label: label, annotator: annotator, created: now,
                                                  plane: shape.plane, timepoint: timepointField(volume),
                                                  points: shape.points.map { AnnotationPoint(voxel: $0, geometry: volume.geometry) })
                                           .onFrames(shape.plane == volume.nativePlane ? frameTiming : nil),
                                       volume: volume)
        let edit = Edit(summary: "draw \(kind.rawValue) \"\(label)\"", changes: [.annotation(before: nil, after: annotation)])
        return commit(edit, message: "\(kind.rawValue) \(label): \(annotation.measurementText(unit: volume.valueUnit))")
    }

    // MARK: Moving

    /// Cursor keys on a selection: moves every point of the selected annotation by `columns`
    /// and `rows` screen pixels of `plane`, refusing to leave the image.
    /// On a cine, a track's object moves on frame `frame` only, which becomes a key frame.
    public mutating func nudgeSelected(columns: Int, rows: Int, plane: Plane, volume: Volume, frame: Int? = nil) -> SessionChange {
        guard let before = selectedAnnotation else { return .info("nothing is selected (Tab selects)") }
        if before.track != nil, let frame { return nudgeTrack(before, columns: columns, rows: rows, frame: frame, volume: volume) }
        let layout = volume.layout(plane)
        var moved: [SIMD3<Int>] = []
        for point in before.points {
            let p = layout.position(of: point.voxel)
            let c = p.column + columns, r = p.row + rows
            guard c >= 0, r >= 0, c < layout.width, r < layout.height else {
                return .info("\(Self.describe(before)) would leave the image")
            }
            moved.append(layout.voxel(column: c, row: r, slice: p.slice))
        }
        var after = before
        // A moved point keeps whatever a newer slicemark recorded on it.
        after.setPoints(zip(moved, before.points).map { voxel, old in
            var point = AnnotationPoint(voxel: voxel, geometry: volume.geometry)
            point.unknown = old.unknown
            return point
        })
        after = Self.measured(after, volume: volume)
        let edit = Edit(summary: "move \(Self.describe(before))", changes: [.annotation(before: before, after: after)])
        return commitMove(edit, of: before.id, message: "moved \(Self.describe(after)) to \(Self.format(after.voxel))")
    }

    // MARK: Helpers

    /// A region's later points go on the slice of its first point.
    private func onSliceOfFirst(_ voxel: SIMD3<Int>, shape: PendingShape, volume: Volume) -> SIMD3<Int> {
        let normal = volume.layout(shape.plane).normal
        var v = voxel
        v[normal] = shape.points[0][normal]
        return v
    }

    /// Recomputes what is derived from the points: region statistics, a distance's length, an
    /// angle's or Cobb angle's degrees (all from the LPS positions, so in millimetres whatever
    /// the voxel spacing; in pixels when the image has no pixel spacing).
    static func measured(_ annotation: Annotation, volume: Volume) -> Annotation {
        var a = annotation
        if a.kind.isRegion {
            a.statistics = RegionStatistics(kind: a.kind, points: a.points.map(\.voxel), plane: a.plane, volume: volume,
                                            timepoint: min(max(a.timepoint ?? 0, 0), volume.timepoints - 1))
        }
        if a.kind == .distance, a.points.count == 2 {
            if volume.geometry.spacingKnown {
                a.lengthMM = length(a.points[1].lps - a.points[0].lps)
                a.lengthPx = nil
            } else {
                // No pixel spacing: the length in pixels, never millimetres made up from 1 mm.
                let d = a.points[1].voxel &- a.points[0].voxel
                a.lengthPx = length(SIMD3(Double(d.x), Double(d.y), Double(d.z)))
                a.lengthMM = nil
            }
        }
        if a.kind == .angle || a.kind == .cobb {
            a.angleDegrees = AngleMeasurement.degrees(kind: a.kind, points: a.points.map(\.lps))
        }
        return a
    }

    /// The timepoint to record: only 4D images have one.
    func timepointField(_ volume: Volume) -> Int? {
        volume.timepoints > 1 ? min(max(timepoint, 0), volume.timepoints - 1) : nil
    }

    static func format(_ v: SIMD3<Int>) -> String { "[\(v.x), \(v.y), \(v.z)]" }

    /// "rectangle 3": one more than the highest number used for that prefix.
    func nextFreeName(_ prefix: String, kind: AnnotationKind) -> String {
        let used = document.annotations.filter { $0.kind == kind && $0.annotator == annotator }.compactMap { a -> Int? in
            guard a.label.hasPrefix(prefix + " ") else { return nil }
            return Int(a.label.dropFirst(prefix.count + 1))
        }
        return "\(prefix) \((used.max() ?? 0) + 1)"
    }

    /// Annotations to draw on `slice` of `plane`: landmarks on that slice, regions, angles and
    /// Cobb angles drawn on that plane and slice (not shown across other planes), and distances
    /// whose ends lie on either side of the slice. On a 4D image, regions only at their timepoint.
    public func annotations(on plane: Plane, slice: Int, volume: Volume) -> [Annotation] {
        let layout = volume.layout(plane)
        let current = timepointField(volume)
        return document.annotations.compactMap { a -> Annotation? in
            // A track's object where it is on this frame (interpolated between key frames).
            if a.track != nil {
                guard a.plane == plane else { return nil }
                return a.onFrame(slice, geometry: volume.geometry, timing: frameTiming)?.annotation
            }
            return shows(a, layout: layout, plane: plane, slice: slice, timepoint: current) ? a : nil
        }
    }

    private func shows(_ a: Annotation, layout: PlaneLayout, plane: Plane, slice: Int, timepoint current: Int?) -> Bool {
        switch a.kind {
        case .landmark, .distance:
            return a.slices(on: layout).contains(slice)
        case .rectangle, .ellipse, .polygon:
            let sameTime = a.timepoint == nil || current == nil || a.timepoint == current
            return sameTime && a.plane == plane && a.slices(on: layout).contains(slice)
        case .angle, .cobb:
            return a.plane == plane && a.slices(on: layout).contains(slice)
        }
    }
}
