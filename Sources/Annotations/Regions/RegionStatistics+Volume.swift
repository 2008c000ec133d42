import VolumeKit

extension RegionStatistics {
    /// Statistics of a region drawn on `plane` through the voxels `points` (all on one slice:
    /// the slice of the first point), over every sample of each covered voxel at timepoint `t`.
    public init(kind: AnnotationKind, points: [SIMD3<Int>], plane: Plane, volume: Volume, timepoint t: Int = 0) {
        let layout = volume.layout(plane)
        let slice = points.first.map { layout.position(of: $0).slice } ?? 0
        // A video decodes its frames when asked for (a frame that does not decode reads as zero).
        if let frames = volume.frames, layout.normal == 2 { try? frames.load(slice) }
        let screen = points.map { v -> SIMD2<Int> in
            let p = layout.position(of: v)
            return SIMD2(p.column, p.row)
        }
        let pixels = RegionMask.pixels(kind: kind, points: screen, width: layout.width, height: layout.height)
        var values: [Double] = []
        values.reserveCapacity(pixels.count * volume.components)
        for pixel in pixels {
            let v = layout.voxel(column: pixel.x, row: pixel.y, slice: slice)
            for component in 0..<volume.components {
                let value = volume.value(v.x, v.y, v.z, t: t, component: component)
                if value.isFinite { values.append(value) }
            }
        }
        let known = volume.geometry.spacingKnown
        let area = known ? Double(pixels.count) * layout.pixelSpacing.x * layout.pixelSpacing.y : nil
        let areaPx2 = known ? nil : Double(pixels.count)
        guard !values.isEmpty else {
            self.init(pixelCount: pixels.count, areaMM2: area, areaPx2: areaPx2, mean: nil, std: nil, min: nil, max: nil)
            return
        }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        self.init(pixelCount: pixels.count, areaMM2: area, areaPx2: areaPx2, mean: mean, std: variance.squareRoot(),
                  min: values.min(), max: values.max())
    }
}
