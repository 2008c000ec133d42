import Foundation
import VolumeKit

/// One COCO file (`annotations.json`) and an 8-bit PNG under `images/` for every slice that
/// carries a record, in that slice's columns and rows (pixel (c, r) covers [c, c+1) × [r, r+1),
/// COCO's convention, so a voxel centre is at c + 0.5, r + 0.5):
///
/// - rectangles: `bbox` of the pixels they cover and a four-corner `segmentation` polygon;
/// - ellipses (64 points) and polygons (their vertices): `segmentation` polygons, `bbox` their extent;
/// - label maps: per slice of the image's own plane and per segment, a mask as uncompressed RLE
///   (`{"counts": [...], "size": [rows, columns]}`, column-major, starting with a run of 0s);
/// - landmarks: one keypoint category `landmarks` whose keypoints are every landmark label
///   exported (sorted), and per slice and annotator one annotation with `[x, y, 2]` for each
///   of theirs on that slice and `[0, 0, 0]` for the others.
///
/// PNGs hold the slice through the display window (`--window/--level`, else the window the
/// viewer opens with), MONOCHROME1 inverted as it is shown. Each image entry carries a
/// `slicemark` object: the source image, plane, slice, timepoint, window, the voxel of pixel
/// (0, 0) and the voxel steps of a column and a row, and for DICOM the file of the slice.
/// Distances, angles and image labels have no COCO form and are left out.
final class COCOExport {
    struct CategoryKey: Hashable, Comparable {
        var supercategory: String
        var name: String
        static func < (a: Self, b: Self) -> Bool { (a.supercategory, a.name) < (b.supercategory, b.name) }
    }

    struct Pending {
        var imageID: Int
        var category: CategoryKey
        var members: [(String, JSONText)]
        var landmarks: [(label: String, x: Double, y: Double)]?
    }

    struct SliceKey: Hashable {
        var plane: Plane
        var slice: Int
        var timepoint: Int
    }

    private var images: [JSONText] = []
    private var pending: [Pending] = []
    private var categories = Set<CategoryKey>()
    private var keypointNames = Set<String>()

    static let ellipsePoints = 64

    func add(_ image: ExportImage, _ selection: ExportSelection, window requested: WindowLevel?,
             writer: ExportWriter) throws(ExportError) -> Int {
        let volume = image.volume
        var sliceIDs: [SliceKey: Int] = [:]
        var taken = 0
        let window = requested ?? WindowPresets.initial(for: volume)
        // A cine's frames: a track's object goes out on each frame it is shown on.
        let timing = FrameTiming(volume: volume)
        let instances = ExportFrames.instances(selection.annotations, image, timing)
        let tracks = Set(selection.annotations.filter { $0.track != nil }.map(\.id))

        func imageID(_ key: SliceKey) throws(ExportError) -> Int {
            if let id = sliceIDs[key] { return id }
            let id = images.count + 1
            sliceIDs[key] = id
            let layout = volume.layout(key.plane)
            var pixels = [UInt8](repeating: 0, count: layout.width * layout.height)
            let invert = volume.metadata.isInvertedGrey
            for r in 0..<layout.height {
                for c in 0..<layout.width {
                    let v = layout.voxel(column: c, row: r, slice: key.slice)
                    let grey = window.apply(volume.value(v.x, v.y, v.z, t: key.timepoint))
                    pixels[r * layout.width + c] = invert ? 255 - grey : grey
                }
            }
            // A cine's image is named by its frame: `<name>_frame_<k>.png`.
            let place = timing != nil && key.plane == volume.nativePlane ? "frame_\(key.slice)" : "\(key.plane.rawValue)_\(key.slice)"
            let file = "\(image.outputName)_\(place)" + (volume.timepoints > 1 ? "_t\(key.timepoint)" : "") + ".png"
            let png: [UInt8]
            do {
                png = try PNGWriter.grey(width: layout.width, height: layout.height, pixels: pixels)
            } catch {
                throw .writeFailed(path: file, reason: "\(error)")
            }
            try writer.claim("images/" + file, for: image.path)
            try writer.write("images/" + file, png)
            let origin = layout.voxel(column: 0, row: 0, slice: key.slice)
            let columnStep = layout.width > 1 ? layout.voxel(column: 1, row: 0, slice: key.slice) &- origin : Self.step(layout.column)
            let rowStep = layout.height > 1 ? layout.voxel(column: 0, row: 1, slice: key.slice) &- origin : Self.step(layout.row)
            var info: [(String, JSONText)] = [
                ("image", .string(image.path)),
                ("plane", .string(key.plane.rawValue)),
                ("slice", .int(key.slice)),
                ("timepoint", .int(key.timepoint)),
                ("window", .object([("center", .number(window.center)), ("width", .number(window.width)),
                                    ("function", .string(window.lut == nil ? window.effectiveFunction.rawValue : "VOI LUT")),
                                    ("inverted", .bool(invert))])),
                ("voxelOfPixel00", .array([origin.x, origin.y, origin.z].map(JSONText.int))),
                ("columnStep", .array([columnStep.x, columnStep.y, columnStep.z].map(JSONText.int))),
                ("rowStep", .array([rowStep.x, rowStep.y, rowStep.z].map(JSONText.int))),
            ]
            if let timing, key.plane == volume.nativePlane {
                info.append(("frame", .int(key.slice)))
                if let seconds = timing.seconds(key.slice) { info.append(("seconds", .number(seconds))) }
            }
            if key.plane == volume.nativePlane, let slice = image.sliceFile(origin.z) {
                info.append(("file", .string(slice.file)))
                if let uid = slice.sopInstanceUID { info.append(("sopInstanceUID", .string(uid))) }
            }
            images.append(.object([
                ("id", .int(id)),
                ("file_name", .string(file)),
                ("width", .int(layout.width)),
                ("height", .int(layout.height)),
                ("slicemark", .object(info)),
            ]))
            return id
        }

        // Regions.
        for instance in instances where instance.annotation.kind.isRegion {
            let a = instance.annotation
            let layout = volume.layout(a.plane)
            let key = SliceKey(plane: a.plane, slice: layout.position(of: a.voxel).slice, timepoint: a.timepoint ?? 0)
            let id = try imageID(key)
            let polygon: [SIMD2<Double>]
            var bbox: [Double]
            switch a.shape(on: layout) {
            case .rectangle(let low, let high):
                let l = low + 0.5, h = high + 0.5
                polygon = [l, SIMD2(h.x, l.y), h, SIMD2(l.x, h.y)]
                bbox = [l.x, l.y, h.x - l.x, h.y - l.y]
            case .ellipse(let centre, let radii):
                polygon = (0..<Self.ellipsePoints).map { n in
                    let t = 2 * Double.pi * Double(n) / Double(Self.ellipsePoints)
                    return centre + 0.5 + radii * SIMD2(cos(t), sin(t))
                }
                bbox = Self.extent(polygon)
            case .polygon(let vertices):
                polygon = vertices.map { $0 + 0.5 }
                bbox = Self.extent(polygon)
            default:
                continue
            }
            categories.insert(CategoryKey(supercategory: "region", name: a.label))
            pending.append(Pending(imageID: id, category: CategoryKey(supercategory: "region", name: a.label), members: [
                ("segmentation", .array([JSONText.numbers(polygon.flatMap { [$0.x, $0.y] })])),
                ("area", .number(Self.area(polygon))),
                ("bbox", JSONText.numbers(bbox)),
                ("iscrowd", .int(0)),
                ("slicemark", .object([("record", .string(a.id.uuidString.lowercased())), ("annotator", .string(a.annotator)),
                                       ("kind", .string(a.kind.rawValue))] + Self.trackMembers(instance))),
            ]))
        }

        // Landmarks: one keypoint annotation per slice and annotator.
        var groups: [SliceKey: [String: [Annotation]]] = [:]
        var interpolatedMarks: Set<String> = []
        for instance in instances where instance.annotation.kind == .landmark {
            let a = instance.annotation
            if instance.interpolated { interpolatedMarks.insert(a.id.uuidString.lowercased() + "@\(instance.frame)") }
            let layout = volume.layout(a.plane)
            let key = SliceKey(plane: a.plane, slice: layout.position(of: a.voxel).slice, timepoint: a.timepoint ?? 0)
            groups[key, default: [:]][a.annotator, default: []].append(a)
            keypointNames.insert(a.label)
        }
        for key in groups.keys.sorted(by: { ($0.plane.rawValue, $0.slice, $0.timepoint) < ($1.plane.rawValue, $1.slice, $1.timepoint) }) {
            let id = try imageID(key)
            let layout = volume.layout(key.plane)
            for (annotator, marks) in groups[key]!.sorted(by: { $0.key < $1.key }) {
                let points = marks.map { a -> (String, Double, Double) in
                    let p = layout.position(of: a.voxel)
                    return (a.label, Double(p.column) + 0.5, Double(p.row) + 0.5)
                }
                categories.insert(CategoryKey(supercategory: "landmarks", name: "landmarks"))
                pending.append(Pending(imageID: id, category: CategoryKey(supercategory: "landmarks", name: "landmarks"), members: [
                    ("iscrowd", .int(0)),
                    ("slicemark", .object([("records", .array(marks.map { .string($0.id.uuidString.lowercased()) })),
                                           ("annotator", .string(annotator)), ("kind", .string("landmark"))]
                                          + Self.landmarkTrackMembers(marks, tracks: tracks, interpolated: interpolatedMarks, frame: key.slice))),
                ], landmarks: points))
            }
        }

        // Records, not frames: a track is one record however many frames it is on.
        taken += selection.annotations.filter { $0.kind.isRegion || $0.kind == .landmark }.count

        // Label maps: RLE per slice of the native plane and per segment.
        let native = volume.nativePlane
        let layout = volume.layout(native)
        for (record, segments) in selection.segmentations {
            let map = try ExportLabelMaps.read(image, record)
            let values = Set(segments.map { UInt16($0.value) })
            var any = false
            for s in 0..<layout.sliceCount {
                var present = Set<UInt16>()
                for c in 0..<layout.width {
                    for r in 0..<layout.height {
                        let v = map[layout.voxel(column: c, row: r, slice: s)]
                        if v != 0, values.contains(v) { present.insert(v) }
                    }
                }
                guard !present.isEmpty else { continue }
                let id = try imageID(SliceKey(plane: native, slice: s, timepoint: 0))
                for segment in segments.sorted(by: { $0.value < $1.value }) where present.contains(UInt16(segment.value)) {
                    let rle = Self.rle(map, layout: layout, slice: s, value: UInt16(segment.value))
                    let category = CategoryKey(supercategory: "segment", name: segment.name)
                    categories.insert(category)
                    pending.append(Pending(imageID: id, category: category, members: [
                        ("segmentation", .object([("counts", .array(rle.counts.map(JSONText.int))),
                                                  ("size", .array([.int(layout.height), .int(layout.width)]))])),
                        ("area", .number(Double(rle.area))),
                        ("bbox", JSONText.numbers(rle.bbox)),
                        ("iscrowd", .int(0)),
                        ("slicemark", .object([("record", .string(record.id.uuidString.lowercased())),
                                               ("annotator", .string(record.annotator)), ("kind", .string("segmentation")),
                                               ("labelMap", .string(record.file)), ("value", .int(segment.value))])),
                    ]))
                }
                any = true
            }
            if any { taken += 1 }
        }
        return taken
    }

    /// A track's object on a frame says so: `track` true, its `frame`, and `interpolated`.
    static func trackMembers(_ instance: FrameInstance) -> [(String, JSONText)] {
        guard instance.isTrack else { return [] }
        return [("track", .bool(true)), ("frame", .int(instance.frame)), ("interpolated", .bool(instance.interpolated))]
    }

    /// The ids, among a keypoint annotation's landmarks, of tracks (`tracks`) and of those
    /// interpolated on this frame (`interpolated`).
    static func landmarkTrackMembers(_ marks: [Annotation], tracks: Set<UUID>, interpolated: Set<String>, frame: Int) -> [(String, JSONText)] {
        let tracked = marks.filter { tracks.contains($0.id) }.map { $0.id.uuidString.lowercased() }
        guard !tracked.isEmpty else { return [] }
        return [("tracks", .array(tracked.map(JSONText.string))), ("frame", .int(frame)),
                ("interpolated", .array(tracked.filter { interpolated.contains($0 + "@\(frame)") }.map(JSONText.string)))]
    }

    static func step(_ axis: AxisStep) -> SIMD3<Int> {
        var v = SIMD3<Int>(0, 0, 0)
        v[axis.axis] = axis.flipped ? -1 : 1
        return v
    }

    static func extent(_ points: [SIMD2<Double>]) -> [Double] {
        let xs = points.map(\.x), ys = points.map(\.y)
        return [xs.min()!, ys.min()!, xs.max()! - xs.min()!, ys.max()! - ys.min()!]
    }

    static func area(_ p: [SIMD2<Double>]) -> Double {
        var twice = 0.0
        for n in p.indices {
            let a = p[n], b = p[(n + 1) % p.count]
            twice += a.x * b.y - b.x * a.y
        }
        return abs(twice) / 2
    }

    /// COCO's uncompressed RLE of one slice's mask: runs over the pixels in column-major order.
    static func rle(_ map: LabelMap, layout: PlaneLayout, slice s: Int, value: UInt16)
        -> (counts: [Int], area: Int, bbox: [Double]) {
        var counts: [Int] = []
        var current = false, run = 0, area = 0
        var minC = Int.max, minR = Int.max, maxC = -1, maxR = -1
        for c in 0..<layout.width {
            for r in 0..<layout.height {
                let on = map[layout.voxel(column: c, row: r, slice: s)] == value
                if on {
                    area += 1
                    minC = min(minC, c); maxC = max(maxC, c); minR = min(minR, r); maxR = max(maxR, r)
                }
                if on != current {
                    counts.append(run)
                    run = 0
                    current = on
                }
                run += 1
            }
        }
        counts.append(run)
        return (counts, area, [Double(minC), Double(minR), Double(maxC - minC + 1), Double(maxR - minR + 1)])
    }

    /// The COCO document: categories numbered from 1 in name order, annotations from 1.
    func document(version: String) -> JSONText {
        let ordered = categories.sorted()
        var ids: [CategoryKey: Int] = [:]
        for (n, key) in ordered.enumerated() { ids[key] = n + 1 }
        let names = keypointNames.sorted()
        let annotations: [JSONText] = pending.enumerated().map { n, p in
            var members: [(String, JSONText)] = [("id", .int(n + 1)), ("image_id", .int(p.imageID)),
                                                 ("category_id", .int(ids[p.category]!))]
            if let marks = p.landmarks {
                var keypoints: [Double] = []
                var visible: [SIMD2<Double>] = []
                for name in names {
                    if let m = marks.first(where: { $0.label == name }) {
                        keypoints += [m.x, m.y, 2]
                        visible.append(SIMD2(m.x, m.y))
                    } else {
                        keypoints += [0, 0, 0]
                    }
                }
                let box = Self.extent(visible)
                members += [("keypoints", JSONText.numbers(keypoints)), ("num_keypoints", .int(visible.count)),
                            ("bbox", JSONText.numbers(box)), ("area", .number(box[2] * box[3]))]
            }
            return .object(members + p.members)
        }
        let categoryList: [JSONText] = ordered.map { key in
            var members: [(String, JSONText)] = [("id", .int(ids[key]!)), ("name", .string(key.name)),
                                                 ("supercategory", .string(key.supercategory))]
            if key.supercategory == "landmarks" {
                members += [("keypoints", .array(names.map(JSONText.string))), ("skeleton", .array([]))]
            }
            return .object(members)
        }
        return .object([
            ("info", .object([("description", .string("slicemark export")), ("version", .string(version))])),
            ("licenses", .array([])),
            ("images", .array(images)),
            ("annotations", .array(annotations)),
            ("categories", .array(categoryList)),
        ])
    }
}
