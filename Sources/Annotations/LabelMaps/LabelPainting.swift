import VolumeKit

/// The label-map painting tools: brush dabs, filling a drawn region, region growing
/// (`grow`, in LabelPainting+Grow.swift) and fill between slices (`interpolate`). Each returns
/// the `LabelEdit` of exactly the voxels it changed; the map is changed in place except by
/// `interpolate`, which only proposes.
public enum LabelPainting {
    /// One dab of the brush centred on `voxel`: a disc in the plane whose normal is voxel axis
    /// `normalAxis`, or a sphere. Touches only the brush's bounding box.
    public static func dab(_ map: inout LabelMap, at voxel: SIMD3<Int>, normalAxis: Int, brush: LabelBrush,
                           image: Volume, timepoint: Int) -> LabelEdit {
        guard map.contains(voxel.x, voxel.y, voxel.z) else { return LabelEdit() }
        let sampler = ImageSampler(image: image, timepoint: timepoint, map: map)
        let spacing = map.geometry.spacing
        let extent = brush.extent(spacing: spacing, normalAxis: normalAxis)
        let low = SIMD3(max(0, voxel.x - extent.x), max(0, voxel.y - extent.y), max(0, voxel.z - extent.z))
        let high = SIMD3(min(map.width - 1, voxel.x + extent.x), min(map.height - 1, voxel.y + extent.y),
                         min(map.depth - 1, voxel.z + extent.z))
        let r2 = brush.radius * brush.radius
        let width = map.width, perSlice = map.voxelsPerSlice
        let label = brush.label, labelLow = UInt8(truncatingIfNeeded: label), labelHigh = UInt8(truncatingIfNeeded: label >> 8)
        let mode = brush.mode, range = brush.range
        var edit = LabelEdit()
        edit.reserve((high.x - low.x + 1) * (high.y - low.y + 1) * (high.z - low.z + 1))
        for k in low.z...high.z {
            let dz = Double(k - voxel.z) * spacing.z, dz2 = dz * dz
            map.withMutableSlice(k, wide: label > 255) { lowBytes, highBytes in
                for j in low.y...high.y {
                    let dy = Double(j - voxel.y) * spacing.y, dy2 = dy * dy
                    let row = j * width
                    for i in low.x...high.x {
                        let dx = Double(i - voxel.x) * spacing.x
                        guard i == voxel.x && j == voxel.y && k == voxel.z || dx * dx + dy2 + dz2 <= r2 else { continue }
                        let o = row + i
                        let current = UInt16(lowBytes[o]) | UInt16(highBytes?[o] ?? 0) << 8
                        guard current != label, mode.allows(current) else { continue }
                        if let range, !range.contains(sampler.value(k * perSlice + o)) { continue }
                        lowBytes[o] = labelLow
                        highBytes?[o] = labelHigh
                        edit.append(UInt32(k * perSlice + o), current, label)
                    }
                }
            }
        }
        return edit
    }

    /// Paints `voxels` (any order, duplicates allowed, voxels outside the grid ignored) with the
    /// brush's label under its mode and range: filling a region drawn on a slice.
    public static func fill(_ map: inout LabelMap, voxels: [SIMD3<Int>], brush: LabelBrush, image: Volume,
                            timepoint: Int) -> LabelEdit {
        let width = map.width, height = map.height
        var linear: [UInt32] = []
        linear.reserveCapacity(voxels.count)
        for v in voxels where map.contains(v.x, v.y, v.z) {
            linear.append(UInt32((v.z * height + v.y) * width + v.x))
        }
        linear.sort()
        return paint(&map, sortedIndices: linear, brush: brush,
                     sampler: ImageSampler(image: image, timepoint: timepoint, map: map))
    }

    /// Fills the inside of a rectangle, ellipse or polygon annotation (the pixels `RegionMask`
    /// counts, on the slice it was drawn on), at the annotation's timepoint.
    public static func fill(_ map: inout LabelMap, annotation: Annotation, brush: LabelBrush,
                            image: Volume) throws(LabelToolError) -> LabelEdit {
        switch annotation.kind {
        case .rectangle, .ellipse, .polygon: break
        case .landmark, .distance, .angle, .cobb: throw .notARegion(kind: annotation.kind.rawValue)
        }
        let layout = image.layout(annotation.plane)
        let slice = layout.position(of: annotation.points[0].voxel).slice
        let screen = annotation.points.map { p -> SIMD2<Int> in
            let s = layout.position(of: p.voxel)
            return SIMD2(s.column, s.row)
        }
        let pixels = RegionMask.pixels(kind: annotation.kind, points: screen, width: layout.width, height: layout.height)
        let voxels = pixels.map { layout.voxel(column: $0.x, row: $0.y, slice: slice) }
        return fill(&map, voxels: voxels, brush: brush, image: image, timepoint: annotation.timepoint ?? 0)
    }

    /// Paints the voxels at ascending, distinct linear `indices` where the brush allows.
    static func paint(_ map: inout LabelMap, sortedIndices indices: [UInt32], brush: LabelBrush,
                      sampler: ImageSampler) -> LabelEdit {
        var edit = LabelEdit()
        guard !indices.isEmpty else { return edit }
        edit.reserve(indices.count)
        let perSlice = map.voxelsPerSlice
        let label = brush.label, labelLow = UInt8(truncatingIfNeeded: label), labelHigh = UInt8(truncatingIfNeeded: label >> 8)
        let mode = brush.mode, range = brush.range
        var n = 0
        indices.withUnsafeBufferPointer { idx in
            while n < idx.count {
                let k = Int(idx[n]) / perSlice, start = k * perSlice, end = start + perSlice
                map.withMutableSlice(k, wide: label > 255) { lowBytes, highBytes in
                    var previous = -1
                    while n < idx.count, Int(idx[n]) < end {
                        let linear = Int(idx[n])
                        n += 1
                        if linear == previous { continue }
                        previous = linear
                        let o = linear - start
                        let current = UInt16(lowBytes[o]) | UInt16(highBytes?[o] ?? 0) << 8
                        guard current != label, mode.allows(current) else { continue }
                        if let range, !range.contains(sampler.value(linear)) { continue }
                        lowBytes[o] = labelLow
                        highBytes?[o] = labelHigh
                        edit.append(UInt32(linear), current, label)
                    }
                }
            }
        }
        return edit
    }
}
