import Foundation
import VolumeKit

/// A CSV of points (RFC 4180, header row; `.tsv` tab-separated), one point per row:
///
/// - position: `x, y, z` in LPS millimetres, or `i, j, k` zero-based voxel indices (with both,
///   as our `csv` export writes them, x y z are the position and i j k must be the voxel it
///   rounds to);
/// - name: `name` or `label` (else "point N"); score: `score`, `confidence` or `probability`;
/// - rows sharing an `annotation_id` with a `kind` (our export: one row per point, numbered in
///   `point`) become that annotation: a distance, polygon, rectangle, ellipse, angle or Cobb
///   angle; `kind` `label` rows (image labels) are left out;
/// - identity: with an `image` column only the rows naming this image are taken (none: the
///   file is another image's); a `series_uid` or `sop_uid` that is not this image's refuses
///   the file, as does a point off the grid.
enum PointsCSVImport {
    static func read(_ path: String, bytes: [UInt8], target: ImportTarget) throws(ImportError) -> ImportedFile {
        guard let text = String(validating: bytes, as: UTF8.self) ?? String(bytes: bytes, encoding: .isoLatin1) else {
            throw .unreadable(path: path, reason: "not a text file")
        }
        let table: CSVTable
        do {
            table = try CSVTable.parse(text, separator: path.lowercased().hasSuffix(".tsv") ? "\t" : ",")
        } catch {
            switch error {
            case .empty: throw .nothingToImport(path: path, reason: "the file is empty")
            case .unterminatedQuote(let line): throw .unreadable(path: path, reason: "line \(line): a quoted field is never closed")
            case .textAfterQuote(let line): throw .unreadable(path: path, reason: "line \(line): text after a closing quote")
            }
        }
        let x = table.column("x"), y = table.column("y"), z = table.column("z")
        let i = table.column("i"), j = table.column("j"), k = table.column("k")
        let lpsColumns = [x, y, z].allSatisfy { $0 != nil }, voxelColumns = [i, j, k].allSatisfy { $0 != nil }
        guard lpsColumns || voxelColumns else {
            throw .unreadable(path: path, reason: "the header names neither x,y,z (LPS mm) nor i,j,k (voxel) columns; it has \(table.header.prefix(12).joined(separator: ","))")
        }
        let name = table.column("name", "label"), score = table.column("score", "confidence", "probability")
        let image = table.column("image"), series = table.column("series_uid", "seriesinstanceuid")
        let sop = table.column("sop_uid", "sopinstanceuid"), kind = table.column("kind"), group = table.column("annotation_id")
        let pointNumber = table.column("point")
        let placement = PointPlacement(volume: target.volume)

        var rows = table.rows
        if let image {
            rows = rows.filter { $0.fields.indices.contains(image) && target.names($0.fields[image]) }
            if rows.isEmpty {
                let named = Set(table.rows.compactMap { $0.fields.indices.contains(image) ? $0.fields[image] : nil }).sorted().prefix(3)
                throw .anotherImage(path: path, reason: "no row names \((target.displayName as NSString).lastPathComponent) in its image column (it names \(named.joined(separator: ", ")))")
            }
        }
        func field(_ row: [String], _ column: Int?) -> String? {
            guard let column, row.indices.contains(column) else { return nil }
            let f = row[column].trimmingCharacters(in: .whitespaces)
            return f.isEmpty ? nil : f
        }
        var file = ImportedFile()
        var groups: [String: (kind: AnnotationKind, label: String, score: Double?, points: [(Int, AnnotationPoint)])] = [:]
        var groupOrder: [String] = []
        var skippedLabels = 0
        for (n, row) in rows.enumerated() {
            let where_ = "line \(row.line)"
            if let uid = field(row.fields, series), uid != target.seriesInstanceUID {
                throw .anotherImage(path: path, reason: "\(where_): series_uid \(uid), this image's is \(target.seriesInstanceUID ?? "none (it is not DICOM)")")
            }
            if let kindText = field(row.fields, kind), kindText == "label" { skippedLabels += 1; continue }
            var point: AnnotationPoint?
            if lpsColumns, let xs = field(row.fields, x), let ys = field(row.fields, y), let zs = field(row.fields, z) {
                guard let px = Double(xs), let py = Double(ys), let pz = Double(zs), px.isFinite, py.isFinite, pz.isFinite else {
                    throw .unreadable(path: path, reason: "\(where_): x,y,z \(xs),\(ys),\(zs) are not numbers")
                }
                guard let p = placement.point(lps: SIMD3(px, py, pz)) else {
                    throw .anotherImage(path: path, reason: "\(where_): LPS \(xs), \(ys), \(zs) mm lies outside the image's grid")
                }
                point = p
            }
            if voxelColumns, let istr = field(row.fields, i), let jstr = field(row.fields, j), let kstr = field(row.fields, k) {
                guard let vi = Int(istr), let vj = Int(jstr), let vk = Int(kstr) else {
                    throw .unreadable(path: path, reason: "\(where_): i,j,k \(istr),\(jstr),\(kstr) are not whole numbers")
                }
                let voxel = SIMD3(vi, vj, vk)
                if let p = point {
                    guard p.voxel == voxel else {
                        throw .unreadable(path: path, reason: "\(where_): x,y,z lie in voxel \(p.voxel.x),\(p.voxel.y),\(p.voxel.z), not in i,j,k \(vi),\(vj),\(vk)")
                    }
                } else {
                    guard let p = placement.point(voxel: voxel) else {
                        throw .anotherImage(path: path, reason: "\(where_): voxel \(vi), \(vj), \(vk) lies outside the image's \(target.volume.width)×\(target.volume.height)×\(target.volume.depth)")
                    }
                    point = p
                }
            }
            guard let point else {
                throw .unreadable(path: path, reason: "\(where_): no position (x,y,z or i,j,k are empty)")
            }
            if let uid = field(row.fields, sop), let mine = target.sopInstanceUID(ofSlice: point.voxel.z), uid != mine {
                throw .anotherImage(path: path, reason: "\(where_): sop_uid \(uid) is not the instance of slice \(point.voxel.z) (\(mine))")
            }
            let label = field(row.fields, name) ?? "point \(n + 1)"
            let s = field(row.fields, score).flatMap(Double.init)
            if let g = field(row.fields, group), let kindText = field(row.fields, kind) {
                guard let k = AnnotationKind(rawValue: kindText) else {
                    throw .unreadable(path: path, reason: "\(where_): kind \(kindText) is not one slicemark knows")
                }
                if groups[g] == nil { groupOrder.append(g); groups[g] = (k, label, s, []) }
                let number = field(row.fields, pointNumber).flatMap(Int.init) ?? groups[g]!.points.count
                groups[g]!.points.append((number, point))
            } else {
                file.drafts.append(ProposalDraft(key: "row \(n)", kind: .landmark, label: label, plane: target.volume.nativePlane,
                                                 points: [point], score: s))
            }
        }
        for g in groupOrder {
            let entry = groups[g]!
            let points = entry.points.sorted { $0.0 < $1.0 }.map { $0.1 }
            guard entry.kind.pointCount.contains(points.count) else {
                file.notes.append("\(entry.kind.rawValue) \"\(entry.label)\" has \(points.count) point(s): left out")
                continue
            }
            var plane = target.volume.nativePlane
            if entry.kind.staysOnOneSlice {
                guard let p = placement.plane(of: points.map(\.voxel)) else {
                    file.notes.append("\(entry.kind.rawValue) \"\(entry.label)\" does not lie on one slice: left out")
                    continue
                }
                plane = p
            }
            file.drafts.append(ProposalDraft(key: "annotation \(g)", kind: entry.kind, label: entry.label, plane: plane,
                                             points: points, score: entry.score))
        }
        if skippedLabels > 0 { file.notes.append("\(skippedLabels) image label row(s) left out (only points and shapes are imported)") }
        return file
    }
}
