import Foundation
import VolumeKit

/// A COCO file whose images are slices of this image, as our `coco` export names them
/// (`<image>_<plane>_<slice>[_t<timepoint>].png`, or its `slicemark` object), or DICOM slices
/// by their file name. Pixel (c, r) covers [c, c+1) × [r, r+1) (COCO's convention), so a
/// position (x, y) is column x − 0.5, row y − 0.5 of the slice:
///
/// - `bbox` alone (a detector's box): a rectangle of the pixels whose centres lie inside it
///   (columns ⌈x − 0.5⌉ … ⌊x + w − 0.5⌋, rows likewise); also when our export says the
///   annotation was a rectangle;
/// - `segmentation` polygons: a polygon each, through the vertices as given;
/// - `segmentation` RLE (uncompressed `counts` list or pycocotools' compressed string): that
///   slice of a label map, one value per category;
/// - `keypoints` with visibility > 0: a landmark each, named by the category's keypoint name.
///
/// `score` becomes the proposal's score. Images of other files are ignored; a file none of
/// whose images is a slice of this one, or whose slice has another size, is refused.
enum COCOImport {
    struct Slice {
        var plane: Plane
        var slice: Int
        var timepoint: Int
    }

    /// `<image>_<plane>_<slice>[_t<timepoint>]`, as our export names a slice's PNG (without
    /// its extension): the image's name, the plane, the slice and the timepoint.
    static func parseName(_ base: String) -> (image: String, plane: Plane, slice: Int, timepoint: Int)? {
        guard let m = base.wholeMatch(of: /(.+)_(axial|coronal|sagittal)_([0-9]+)(?:_t([0-9]+))?/),
              let plane = Plane(rawValue: String(m.2)), let slice = Int(m.3) else { return nil }
        return (String(m.1), plane, slice, m.4.flatMap { Int($0) } ?? 0)
    }

    static func read(_ path: String, bytes: [UInt8], target: ImportTarget) throws(ImportError) -> ImportedFile {
        let json: JSONValue
        switch JSONValue.parse(bytes) {
        case .success(let j): json = j
        case .failure(let problem): throw .unreadable(path: path, reason: problem.text)
        }
        guard let images = json["images"]?.array, let annotations = json["annotations"]?.array else {
            throw .unreadable(path: path, reason: "not a COCO file (no \"images\" and \"annotations\" lists)")
        }
        let volume = target.volume
        var sliceFiles: [String: Int] = [:]
        if volume.metadata.format == .dicom {
            for (k, s) in volume.metadata.slices.enumerated() { sliceFiles[(s.file as NSString).lastPathComponent] = k }
        }
        var slices: [Int: Slice] = [:]
        for image in images {
            guard let id = image["id"]?.int, let name = image["file_name"]?.string else { continue }
            guard let slice = try sliceOf(image, name: name, target: target, sliceFiles: sliceFiles, path: path) else { continue }
            let layout = volume.layout(slice.plane)
            guard slice.slice >= 0, slice.slice < layout.sliceCount, slice.timepoint >= 0, slice.timepoint < volume.timepoints else {
                throw .anotherImage(path: path, reason: "image \(name) is \(slice.plane.rawValue) slice \(slice.slice), this image has \(layout.sliceCount)")
            }
            if let w = image["width"]?.int, let h = image["height"]?.int, w != layout.width || h != layout.height {
                throw .anotherImage(path: path, reason: "image \(name) is \(w)×\(h) pixels, this image's \(slice.plane.rawValue) slices are \(layout.width)×\(layout.height)")
            }
            slices[id] = slice
        }
        guard !slices.isEmpty else {
            let names = images.prefix(3).compactMap { $0["file_name"]?.string }
            throw .anotherImage(path: path, reason: "none of its \(images.count) image(s) is a slice of \(target.exportName) (they are named \(names.joined(separator: ", "))\(images.count > 3 ? ", …" : ""))")
        }
        var categories: [Int: (name: String, keypoints: [String])] = [:]
        for c in json["categories"]?.array ?? [] {
            guard let id = c["id"]?.int else { continue }
            categories[id] = (c["name"]?.string ?? "category \(id)", (c["keypoints"]?.array ?? []).map { $0.string ?? "" })
        }
        let placement = PointPlacement(volume: volume)
        var file = ImportedFile()
        var map: LabelMap?
        var table = LabelTable()
        var maskValues: [Int: UInt16] = [:]
        for (n, a) in annotations.enumerated() {
            guard let imageID = a["image_id"]?.int, let slice = slices[imageID] else { continue }
            let layout = volume.layout(slice.plane)
            let category = a["category_id"]?.int.flatMap { categories[$0] }
            let label = category?.name ?? "object"
            let score = a["score"]?.double
            let hint = a["slicemark"]?["kind"]?.string
            let key = "annotation \(a["id"]?.int.map(String.init) ?? "#\(n)")"
            func point(_ x: Double, _ y: Double) -> AnnotationPoint? {
                placement.point(index: layout.fractionalVoxel(column: x - 0.5, row: y - 0.5, slice: slice.slice))
            }
            let segmentation = a["segmentation"]
            if let keypoints = a["keypoints"]?.doubles, !keypoints.isEmpty {
                for t in stride(from: 0, to: keypoints.count - 2, by: 3) where keypoints[t + 2] > 0 {
                    let names = category?.keypoints ?? []
                    let name = names.indices.contains(t / 3) && !names[t / 3].isEmpty ? names[t / 3] : "keypoint \(t / 3 + 1)"
                    guard let p = point(keypoints[t], keypoints[t + 1]) else {
                        throw .anotherImage(path: path, reason: "\(key): keypoint \(name) lies outside the slice")
                    }
                    file.drafts.append(ProposalDraft(key: key + " keypoint \(t / 3)", kind: .landmark, label: name,
                                                     plane: slice.plane, points: [p], score: score))
                }
            } else if let rle = segmentation?.object {
                guard let mask = COCORLE.decode(rle), mask.height == layout.height, mask.width == layout.width else {
                    file.notes.append("\(key): its RLE mask is not a \(layout.width)×\(layout.height) mask of the slice: left out")
                    continue
                }
                let categoryID = a["category_id"]?.int ?? 0
                let value: UInt16
                if let v = maskValues[categoryID] {
                    value = v
                } else {
                    let wanted = a["slicemark"]?["value"]?.int.flatMap { (1...65535).contains($0) ? UInt16($0) : nil }
                    value = wanted.flatMap { w in maskValues.values.contains(w) ? nil : w } ?? ((maskValues.values.max() ?? 0) + 1)
                    maskValues[categoryID] = value
                    table.entries.append(.init(value: value, name: label, color: LabelTable.defaultColor(for: value)))
                }
                if map == nil { map = LabelMap(grid: volume) }
                for c in 0..<mask.width {
                    for r in 0..<mask.height where mask.bits[c * mask.height + r] {
                        map![layout.voxel(column: c, row: r, slice: slice.slice)] = value
                    }
                }
            } else if hint != "rectangle", let polygons = segmentation?.array, !polygons.isEmpty {
                for (m, polygon) in polygons.enumerated() {
                    guard let xy = polygon.doubles, xy.count >= 6, xy.count % 2 == 0 else {
                        file.notes.append("\(key): polygon \(m + 1) has fewer than three vertices: left out")
                        continue
                    }
                    var points: [AnnotationPoint] = []
                    for t in stride(from: 0, to: xy.count, by: 2) {
                        guard let p = point(xy[t], xy[t + 1]) else {
                            throw .anotherImage(path: path, reason: "\(key): a vertex lies outside the slice")
                        }
                        points.append(p)
                    }
                    file.drafts.append(ProposalDraft(key: key + " polygon \(m)", kind: .polygon, label: label, plane: slice.plane,
                                                     points: points, score: score))
                }
            } else if let box = a["bbox"]?.doubles, box.count == 4, box[2] >= 0, box[3] >= 0 {
                let c0 = Int((box[0] - 0.5).rounded(.up)), c1 = Int((box[0] + box[2] - 0.5).rounded(.down))
                let r0 = Int((box[1] - 0.5).rounded(.up)), r1 = Int((box[1] + box[3] - 0.5).rounded(.down))
                guard c1 >= c0, r1 >= r0 else {
                    file.notes.append("\(key): its box covers no pixel centre: left out")
                    continue
                }
                guard c0 >= 0, r0 >= 0, c1 < layout.width, r1 < layout.height,
                      let corners = placement.corners(layout.voxel(column: c0, row: r0, slice: slice.slice),
                                                      layout.voxel(column: c1, row: r1, slice: slice.slice)) else {
                    throw .anotherImage(path: path, reason: "\(key): its box reaches outside the \(layout.width)×\(layout.height) slice")
                }
                file.drafts.append(ProposalDraft(key: key + " box", kind: .rectangle, label: label, plane: slice.plane,
                                                 points: corners, score: score))
            } else {
                file.notes.append("\(key): no box, polygon, mask or keypoints: left out")
            }
        }
        if let map { file.labelMap = LabelMapDraft(map: map, table: table) }
        return file
    }

    /// Which slice of the image a COCO image is, or nil when it is another image's.
    static func sliceOf(_ image: JSONValue, name: String, target: ImportTarget, sliceFiles: [String: Int],
                      path: String) throws(ImportError) -> Slice? {
        if let info = image["slicemark"], let planeName = info["plane"]?.string, let plane = Plane(rawValue: planeName),
           let slice = info["slice"]?.int {
            if let source = info["image"]?.string, !target.names(source) { return nil }
            if info["image"] == nil, !namesTarget(name, target) { return nil }
            return Slice(plane: plane, slice: slice, timepoint: info["timepoint"]?.int ?? 0)
        }
        if let k = sliceFiles[(name as NSString).lastPathComponent] {
            return Slice(plane: target.volume.nativePlane, slice: k, timepoint: 0)
        }
        let base = ((name as NSString).lastPathComponent as NSString).deletingPathExtension
        guard let parsed = parseName(base), target.names(parsed.image) || parsed.image == target.exportName else { return nil }
        return Slice(plane: parsed.plane, slice: parsed.slice, timepoint: parsed.timepoint)
    }

    static func namesTarget(_ fileName: String, _ target: ImportTarget) -> Bool {
        let base = ((fileName as NSString).lastPathComponent as NSString).deletingPathExtension
        guard let parsed = parseName(base) else { return false }
        return target.names(parsed.image) || parsed.image == target.exportName
    }
}

/// COCO's run-length encoding of a mask: runs of 0s and 1s alternating (starting with 0s) over
/// the pixels in column-major order; `counts` as a list, or as pycocotools' compressed string
/// (each count in 5-bit groups, offset by 48, from the third count on a difference to the
/// count two before).
enum COCORLE {
    struct Mask {
        var width: Int
        var height: Int
        /// Column-major: pixel (c, r) is `bits[c * height + r]`.
        var bits: [Bool]
    }

    static func decode(_ rle: [String: JSONValue]) -> Mask? {
        guard let size = rle["size"]?.array, size.count == 2, let h = size[0].int, let w = size[1].int, h > 0, w > 0,
              h * w <= 1 << 28 else { return nil }
        let counts: [Int]
        if let list = rle["counts"]?.array {
            let c = list.compactMap(\.int)
            guard c.count == list.count else { return nil }
            counts = c
        } else if let text = rle["counts"]?.string, let c = decompress(text) {
            counts = c
        } else {
            return nil
        }
        var bits = [Bool](repeating: false, count: h * w)
        var n = 0, on = false
        for run in counts {
            guard run >= 0, n + run <= bits.count else { return nil }
            if on { for p in n..<(n + run) { bits[p] = true } }
            n += run
            on.toggle()
        }
        return Mask(width: w, height: h, bits: bits)
    }

    /// pycocotools' `rleFrString`.
    static func decompress(_ text: String) -> [Int]? {
        let s = Array(text.utf8)
        var counts: [Int] = []
        var p = 0
        while p < s.count {
            var x = 0, k = 0, more = true
            while more {
                guard p < s.count, s[p] >= 48 else { return nil }
                let c = Int(s[p]) - 48
                x |= (c & 0x1F) << (5 * k)
                more = (c & 0x20) != 0
                p += 1
                k += 1
                if !more && (c & 0x10) != 0 { x |= -1 << (5 * k) }
            }
            if counts.count > 2 { x += counts[counts.count - 2] }
            counts.append(x)
        }
        return counts
    }
}
