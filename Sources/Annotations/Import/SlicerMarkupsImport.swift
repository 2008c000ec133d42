import Foundation
import VolumeKit

/// A 3D Slicer markups file (`.mrk.json`, schema v1.0.x), as Slicer saves it and as our
/// `slicer` export writes it:
///
/// - `Fiducial` lists: a landmark per control point, named by the point's label;
/// - `Line`: a distance between its two points; `Angle`: an angle (arm, vertex, arm);
/// - `ClosedCurve`: a polygon through its points when they lie on one slice; four points
///   half a voxel outside a box of voxels (how our export writes a rectangle) are that
///   rectangle again (its corners: the lowest voxel index on each axis, then the highest);
/// - `Curve`, `Plane`, `ROI` and curves off any one slice are left out, and said so.
///
/// `coordinateSystem` `LPS` (the default) or `RAS` (x and y negated); `coordinateUnits` `mm`
/// (or `um`, divided by 1000). Only control points whose `positionStatus` is `defined` (or
/// absent) are taken. A point more than half a voxel outside the image means the file is for
/// another image: nothing is imported.
enum SlicerMarkupsImport {
    static func read(_ path: String, bytes: [UInt8], target: ImportTarget) throws(ImportError) -> ImportedFile {
        let json: JSONValue
        switch JSONValue.parse(bytes) {
        case .success(let j): json = j
        case .failure(let problem): throw .unreadable(path: path, reason: problem.text)
        }
        guard let markups = json["markups"]?.array else {
            throw .unreadable(path: path, reason: "not a 3D Slicer markups file (no \"markups\" list)")
        }
        let placement = PointPlacement(volume: target.volume)
        var file = ImportedFile()
        for (m, markup) in markups.enumerated() {
            let type = markup["type"]?.string ?? "?"
            let name = markup["name"]?.string ?? "\(type) \(m + 1)"
            let system = (markup["coordinateSystem"]?.string ?? "LPS").uppercased()
            guard system == "LPS" || system == "RAS" else {
                throw .unreadable(path: path, reason: "markup \"\(name)\": coordinateSystem \(system) is neither LPS nor RAS")
            }
            let units = markup["coordinateUnits"]?.string ?? "mm"
            guard units == "mm" || units == "um" else {
                throw .unreadable(path: path, reason: "markup \"\(name)\": coordinateUnits \(units) is neither mm nor um")
            }
            var points: [(label: String, description: String?, point: AnnotationPoint)] = []
            for (n, cp) in (markup["controlPoints"]?.array ?? []).enumerated() {
                let status = cp["positionStatus"]?.string ?? "defined"
                guard status == "defined" else { continue }
                guard let p = cp["position"]?.doubles, p.count == 3 else {
                    throw .unreadable(path: path, reason: "markup \"\(name)\" point \(n + 1): position is not three numbers")
                }
                var lps = SIMD3(p[0], p[1], p[2]) * (units == "um" ? 0.001 : 1)
                if system == "RAS" { lps = SIMD3(-lps.x, -lps.y, lps.z) }
                guard let point = placement.point(lps: lps) else {
                    let index = target.volume.geometry.index(ofPatientPosition: lps)
                    let mm = String(format: "%.1f, %.1f, %.1f", lps.x, lps.y, lps.z)
                    let at = String(format: "%.1f, %.1f, %.1f", index.x, index.y, index.z)
                    let grid = "\(target.volume.width)×\(target.volume.height)×\(target.volume.depth)"
                    throw .anotherImage(path: path, reason: "markup \"\(name)\" point \(n + 1) (LPS \(mm) mm) is at voxel \(at), outside the image's \(grid)")
                }
                let label = cp["label"]?.string ?? ""
                let description = cp["description"]?.string
                points.append((label.isEmpty ? "\(name)-\(n + 1)" : label, description?.isEmpty == false ? description : nil, point))
            }
            let key = "markup \(m)"
            switch type {
            case "Fiducial":
                for (n, p) in points.enumerated() {
                    let plane = target.volume.nativePlane
                    file.drafts.append(ProposalDraft(key: key + " point \(n)", kind: .landmark, label: p.label,
                                                     description: p.description, plane: plane, points: [p.point]))
                }
            case "Line" where points.count == 2:
                file.drafts.append(ProposalDraft(key: key, kind: .distance, label: name, plane: target.volume.nativePlane,
                                                 points: points.map { $0.point }))
            case "Angle" where points.count == 3:
                guard let plane = placement.plane(of: points.map { $0.point.voxel }) else {
                    file.notes.append("angle \"\(name)\" does not lie on one slice: left out")
                    continue
                }
                file.drafts.append(ProposalDraft(key: key, kind: .angle, label: name, plane: plane, points: points.map { $0.point }))
            case "ClosedCurve" where points.count >= 3:
                guard let plane = placement.plane(of: points.map { $0.point.voxel }) else {
                    file.notes.append("closed curve \"\(name)\" does not lie on one slice: left out")
                    continue
                }
                if let corners = rectangle(points.map { $0.point.lps }, plane: plane, target: target) {
                    file.drafts.append(ProposalDraft(key: key, kind: .rectangle, label: name, plane: plane, points: corners))
                } else {
                    file.drafts.append(ProposalDraft(key: key, kind: .polygon, label: name, plane: plane, points: points.map { $0.point }))
                }
            default:
                file.notes.append("\(type) \"\(name)\" with \(points.count) point(s) has no slicemark form: left out")
            }
        }
        return file
    }

    /// The two corner voxels of the rectangle whose outline (half a voxel outside its corner
    /// voxels' centres, on one slice) these four points are; nil when they are not one.
    static func rectangle(_ lps: [SIMD3<Double>], plane: Plane, target: ImportTarget) -> [AnnotationPoint]? {
        guard lps.count == 4 else { return nil }
        let volume = target.volume, layout = volume.layout(plane)
        let screen = lps.map { p -> SIMD3<Double> in
            let v = volume.geometry.index(ofPatientPosition: p)
            let c = layout.column.flipped ? Double(layout.width - 1) - v[layout.column.axis] : v[layout.column.axis]
            let r = layout.row.flipped ? Double(layout.height - 1) - v[layout.row.axis] : v[layout.row.axis]
            return SIMD3(c, r, v[layout.normal])
        }
        func distinct(_ xs: [Double]) -> [Double] {
            xs.sorted().reduce(into: [Double]()) { out, x in if out.last.map({ abs($0 - x) > 1e-3 }) ?? true { out.append(x) } }
        }
        let cs = distinct(screen.map(\.x)), rs = distinct(screen.map(\.y))
        func halfway(_ x: Double) -> Bool { abs(x - x.rounded(.down) - 0.5) < 1e-3 }
        guard cs.count == 2, rs.count == 2, (cs + rs).allSatisfy(halfway) else { return nil }
        // Every corner of the box must be one of the points.
        for c in cs { for r in rs where !screen.contains(where: { abs($0.x - c) < 1e-3 && abs($0.y - r) < 1e-3 }) { return nil } }
        let slice = Int(screen[0].z.rounded())
        let low = layout.voxel(column: Int((cs[0] + 0.5).rounded()), row: Int((rs[0] + 0.5).rounded()), slice: slice)
        let high = layout.voxel(column: Int((cs[1] - 0.5).rounded()), row: Int((rs[1] - 0.5).rounded()), slice: slice)
        return PointPlacement(volume: volume).corners(low, high)
    }
}
