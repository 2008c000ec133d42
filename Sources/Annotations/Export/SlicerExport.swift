import Foundation
import VolumeKit

/// `<image>.mrk.json` per image: 3D Slicer markups (schema v1.0.4), `coordinateSystem` LPS, so
/// Slicer places every point where the sidecar's `lps` says.
///
/// - landmarks: one `Fiducial` list per annotator, a control point per landmark (its label);
/// - distances: a `Line` each; angles an `Angle` (arm, vertex, arm); a Cobb angle two `Line`s;
/// - rectangles, ellipses and polygons: a `ClosedCurve` each through their outline on the slice
///   they were drawn on (a rectangle's four corners half a pixel outside its corner voxels, an
///   ellipse as 64 points, a polygon its vertices), as the viewer draws them.
/// Every control point has `positionStatus` `defined`. Label maps and image labels have no
/// markups form and are not written here.
public enum SlicerExport {
    public static let schemaURL = "https://raw.githubusercontent.com/Slicer/Slicer/main/Modules/Loadable/Markups/Resources/Schema/markups-v1.0.4-schema.json#"
    static let ellipsePoints = 64

    public static func fileName(_ image: ExportImage) -> String { image.outputName + ".mrk.json" }

    public static func document(_ image: ExportImage, _ selection: ExportSelection) -> JSONText {
        var markups: [JSONText] = []
        let landmarks = selection.annotations.filter { $0.kind == .landmark }
        for annotator in Set(landmarks.map(\.annotator)).sorted() {
            let mine = landmarks.filter { $0.annotator == annotator }
            markups.append(markup("Fiducial", name: "\(annotator) landmarks",
                                  points: mine.map { (label: $0.label, id: $0.id, description: $0.description, lps: $0.lps) }))
        }
        for a in selection.annotations where a.kind != .landmark {
            let named = { (lps: [SIMD3<Double>]) in lps.map { (label: a.label, id: a.id, description: a.description, lps: $0) } }
            switch a.kind {
            case .landmark: break
            case .distance:
                markups.append(markup("Line", name: a.label, points: named(a.points.map(\.lps)), annotator: a.annotator,
                                      measurement: a.lengthMM.map { ("length", $0, "mm") }))
            case .angle:
                markups.append(markup("Angle", name: a.label, points: named(a.points.map(\.lps)), annotator: a.annotator,
                                      measurement: a.angleDegrees.map { ("angle", $0, "deg") }))
            case .cobb:
                let p = a.points.map(\.lps)
                for (n, pair) in [Array(p.prefix(2)), Array(p.dropFirst(2))].enumerated() where pair.count == 2 {
                    markups.append(markup("Line", name: "\(a.label) line \(n + 1)", points: named(pair), annotator: a.annotator))
                }
            case .rectangle, .ellipse, .polygon:
                markups.append(markup("ClosedCurve", name: a.label, points: named(outline(a, image.volume)), annotator: a.annotator,
                                      measurement: a.statistics?.areaMM2.map { ("area", $0, "mm2") }))
            }
        }
        return .object([("@schema", .string(schemaURL)), ("markups", .array(markups))])
    }

    /// A region's outline in LPS, from its shape on the plane it was drawn on.
    static func outline(_ a: Annotation, _ volume: Volume) -> [SIMD3<Double>] {
        let layout = volume.layout(a.plane)
        let slice = layout.position(of: a.voxel).slice
        let screen: [SIMD2<Double>]
        switch a.shape(on: layout) {
        case .rectangle(let low, let high):
            screen = [low, SIMD2(high.x, low.y), high, SIMD2(low.x, high.y)]
        case .ellipse(let centre, let radii):
            screen = (0..<ellipsePoints).map { n in
                let t = 2 * Double.pi * Double(n) / Double(ellipsePoints)
                return centre + radii * SIMD2(cos(t), sin(t))
            }
        case .polygon(let vertices):
            screen = vertices
        case .point(let p):
            screen = [p]
        case .line(let from, let to):
            screen = [from, to]
        case .lines(let segments):
            screen = segments.flatMap { [$0.from, $0.to] }
        }
        return screen.map { volume.geometry.patientPosition(ofIndex: layout.fractionalVoxel(column: $0.x, row: $0.y, slice: slice)) }
    }

    static func markup(_ type: String, name: String,
                       points: [(label: String, id: UUID, description: String?, lps: SIMD3<Double>)],
                       annotator: String? = nil, measurement: (String, Double, String)? = nil) -> JSONText {
        var members: [(String, JSONText)] = [
            ("type", .string(type)),
            ("name", .string(name)),
            ("coordinateSystem", .string("LPS")),
            ("coordinateUnits", .string("mm")),
            ("locked", .bool(true)),
            ("labelFormat", .string("%N-%d")),
            ("controlPoints", .array(points.enumerated().map { n, p in
                .object([
                    ("id", .string(String(n + 1))),
                    ("label", .string(p.label)),
                    ("description", .string(p.description ?? (annotator.map { "\($0), slicemark \(p.id.uuidString.lowercased())" }
                                                                ?? "slicemark \(p.id.uuidString.lowercased())"))),
                    ("associatedNodeID", .string("")),
                    ("position", JSONText.numbers([p.lps.x, p.lps.y, p.lps.z])),
                    ("orientation", JSONText.numbers([-1, 0, 0, 0, -1, 0, 0, 0, 1])),
                    ("selected", .bool(true)),
                    ("locked", .bool(true)),
                    ("visibility", .bool(true)),
                    ("positionStatus", .string("defined")),
                ])
            })),
        ]
        if let (mname, value, units) = measurement {
            members.append(("measurements", .array([.object([
                ("name", .string(mname)), ("enabled", .bool(true)), ("value", .number(value)), ("units", .string(units)),
            ])])))
        }
        return .object(members)
    }
}

extension PlaneLayout {
    /// The voxel index (fractional) at a screen position of a slice: `voxel(column:row:slice:)`
    /// for positions between pixel centres.
    func fractionalVoxel(column c: Double, row r: Double, slice s: Int) -> SIMD3<Double> {
        var v = SIMD3<Double>(0, 0, 0)
        v[column.axis] = column.flipped ? Double(width - 1) - c : c
        v[row.axis] = row.flipped ? Double(height - 1) - r : r
        v[normal] = Double(s)
        return v
    }
}
