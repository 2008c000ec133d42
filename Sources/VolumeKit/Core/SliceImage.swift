/// One plane of a volume as real-world values, row-major, top row first, ready to window.
public struct SliceImage: Sendable {
    public let layout: PlaneLayout
    public let slice: Int
    public let timepoint: Int
    public let width: Int
    public let height: Int
    public let components: Int
    /// `width * height * components` values after rescale.
    public var values: [Float]

    public var pixelSpacing: SIMD2<Double> { layout.pixelSpacing }

    public func value(column: Int, row: Int, component: Int = 0) -> Float {
        values[(row * width + column) * components + component]
    }
}

extension Volume {
    /// Extracts slice `index` of `plane` at timepoint `t` (clamped into range).
    public func slice(_ plane: Plane, index: Int, t: Int = 0) -> SliceImage {
        let layout = self.layout(plane)
        let s = Swift.min(Swift.max(index, 0), layout.sliceCount - 1)
        let tt = Swift.min(Swift.max(t, 0), timepoints - 1)
        var values = [Float](repeating: 0, count: layout.width * layout.height * components)
        values.withUnsafeMutableBufferPointer { out in
            fillSlice(layout: layout, slice: s, t: tt, into: out.baseAddress!)
        }
        return SliceImage(layout: layout, slice: s, timepoint: tt, width: layout.width,
                          height: layout.height, components: components, values: values)
    }

    /// Writes the rescaled values of one slice into `out` (`width * height * components` floats).
    /// A video's frame is decoded first when it is not there (`FrameSource.load`; a frame that
    /// does not decode reads as zero, and whoever shows it reports why).
    public func fillSlice(layout: PlaneLayout, slice s: Int, t: Int, into out: UnsafeMutablePointer<Float>) {
        if let frames, layout.normal == 2 { try? frames.load(s) }
        let origin = layout.voxel(column: 0, row: 0, slice: s)
        let base = sampleIndex(origin.x, origin.y, origin.z, t: t)
        let axisStride = [components, width * components, width * height * components]
        let colStride = axisStride[layout.column.axis] * (layout.column.flipped ? -1 : 1)
        let rowStride = axisStride[layout.row.axis] * (layout.row.flipped ? -1 : 1)
        voxelType.dispatch(SliceCopy(width: layout.width, height: layout.height, components: components,
                                     base: base, colStride: colStride, rowStride: rowStride,
                                     samples: buffer.bytes, out: out,
                                     slope: Float(rescale.slope), intercept: Float(rescale.intercept)))
    }
}

/// Stored samples of one plane → rescaled Floats, row by row.
private struct SliceCopy: UniformSampleBody {
    typealias Result = Void
    let width, height, components, base, colStride, rowStride: Int
    let samples: UnsafeRawPointer
    let out: UnsafeMutablePointer<Float>
    let slope, intercept: Float

    func run<T: StoredSample>(_: T.Type) {
        let typed = samples.assumingMemoryBound(to: T.self)
        var o = 0
        for r in 0..<height {
            var idx = base + r * rowStride
            for _ in 0..<width {
                for c in 0..<components { out[o + c] = typed[idx + c].floatValue * slope + intercept }
                o += components
                idx += colStride
            }
        }
    }
}
