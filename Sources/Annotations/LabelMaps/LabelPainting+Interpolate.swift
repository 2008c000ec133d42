import VolumeKit

extension LabelPainting {
    /// Fill between slices: for each two consecutive slices along voxel axis `normalAxis` that
    /// hold `label` with slices without it between them, the slices between get the zero
    /// crossing of the linear blend of the two slices' signed distance maps (mm, in-plane
    /// spacing), as ITK-SNAP's and 3D Slicer's "fill between slices" interpolate.
    ///
    /// Only voxels that are 0 are filled: labelled slices and other labels are never touched.
    /// Returns a preview: the map is not changed (apply it with `redo(on:)`).
    public static func interpolate(_ map: LabelMap, label: UInt16, normalAxis: Int) throws(LabelToolError) -> LabelEdit {
        precondition((0..<3).contains(normalAxis), "normal axis is 0, 1 or 2")
        guard label != 0 else { throw .nothingToInterpolate(label: 0, labelledSlices: 0) }
        let sizes = [map.width, map.height, map.depth]
        let (u, v) = normalAxis == 0 ? (1, 2) : normalAxis == 1 ? (0, 2) : (0, 1)
        let pw = sizes[u], ph = sizes[v]
        let spacing = SIMD2(map.geometry.spacing[u], map.geometry.spacing[v])
        let labelled = slices(of: map, holding: label, along: normalAxis)
        let pairs = zip(labelled, labelled.dropFirst()).filter { $1 - $0 > 1 }
        guard !pairs.isEmpty else { throw .nothingToInterpolate(label: label, labelledSlices: labelled.count) }

        // Linear index of plane pixel (x, y) on slice s.
        let w = map.width, perSlice = map.voxelsPerSlice
        func linear(_ x: Int, _ y: Int, _ s: Int) -> Int {
            switch normalAxis {
            case 0: return y * perSlice + x * w + s
            case 1: return y * perSlice + s * w + x
            default: return s * perSlice + y * w + x
            }
        }
        var filled: [UInt32] = []
        var upperMask = mask(of: map, label: label, along: normalAxis, slice: pairs[0].0)
        for (s0, s1) in pairs {
            let m0 = s0 == pairs[0].0 ? upperMask : mask(of: map, label: label, along: normalAxis, slice: s0)
            let m1 = mask(of: map, label: label, along: normalAxis, slice: s1)
            upperMask = m1
            // Blended distances are negative only where one of the two is, so only the masks'
            // joint bounding box (one pixel more, for outside pixels) is computed; exact.
            var x0 = pw, x1 = -1, y0 = ph, y1 = -1
            for y in 0..<ph {
                for x in 0..<pw where m0[y * pw + x] || m1[y * pw + x] {
                    x0 = min(x0, x); x1 = max(x1, x); y0 = min(y0, y); y1 = max(y1, y)
                }
            }
            x0 = max(0, x0 - 1); y0 = max(0, y0 - 1); x1 = min(pw - 1, x1 + 1); y1 = min(ph - 1, y1 + 1)
            let cw = x1 - x0 + 1, ch = y1 - y0 + 1
            var c0 = [Bool](repeating: false, count: cw * ch), c1 = c0
            for y in 0..<ch {
                for x in 0..<cw {
                    c0[y * cw + x] = m0[(y + y0) * pw + x + x0]
                    c1[y * cw + x] = m1[(y + y0) * pw + x + x0]
                }
            }
            let d0 = DistanceTransform.signed(c0, width: cw, height: ch, spacing: spacing)
            let d1 = DistanceTransform.signed(c1, width: cw, height: ch, spacing: spacing)
            for s in (s0 + 1)..<s1 {
                let t = Double(s - s0) / Double(s1 - s0)
                for y in 0..<ch {
                    for x in 0..<cw {
                        let n = y * cw + x
                        guard c0[n] || c1[n], (1 - t) * d0[n] + t * d1[n] < 0 else { continue }
                        let index = linear(x + x0, y + y0, s)
                        if map[index / perSlice, index % perSlice] == 0 { filled.append(UInt32(index)) }
                    }
                }
            }
        }
        filled.sort()
        var edit = LabelEdit()
        edit.indices = filled
        edit.before = [UInt16](repeating: 0, count: filled.count)
        edit.after = [UInt16](repeating: label, count: filled.count)
        return edit
    }

    /// The slices along `axis` holding `label`, ascending; one pass over the map.
    static func slices(of map: LabelMap, holding label: UInt16, along axis: Int) -> [Int] {
        let sizes = [map.width, map.height, map.depth]
        var present = [Bool](repeating: false, count: sizes[axis])
        let l = UInt8(truncatingIfNeeded: label), hByte = UInt8(truncatingIfNeeded: label >> 8)
        let w = map.width
        for k in 0..<map.depth {
            map.withSlice(k) { low, high in
                if high == nil && hByte != 0 { return }
                for o in 0..<low.count where low[o] == l && (high?[o] ?? 0) == hByte {
                    switch axis {
                    case 0: present[o % w] = true
                    case 1: present[o / w] = true
                    default: present[k] = true; return
                    }
                }
            }
        }
        return present.indices.filter { present[$0] }
    }

    /// Which pixels of slice `s` along `axis` hold `label`, row-major over the other two axes
    /// in ascending order.
    static func mask(of map: LabelMap, label: UInt16, along axis: Int, slice s: Int) -> [Bool] {
        let w = map.width, h = map.height, d = map.depth
        switch axis {
        case 0:
            var m = [Bool](repeating: false, count: h * d)
            for z in 0..<d { for y in 0..<h { m[z * h + y] = map[s, y, z] == label } }
            return m
        case 1:
            var m = [Bool](repeating: false, count: w * d)
            for z in 0..<d { for x in 0..<w { m[z * w + x] = map[x, s, z] == label } }
            return m
        default:
            var m = [Bool](repeating: false, count: w * h)
            for o in 0..<(w * h) { m[o] = map[s, o] == label }
            return m
        }
    }
}
