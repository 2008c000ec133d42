/// In-place and copying fix-ups that turn one frame of stored DICOM samples into the volume's
/// layout: little endian, colour interleaved at full resolution, YBR as RGB, unused high bits
/// cleared (and the sign extended for signed data).
enum DICOMFrameConversion {
    static func byteSwap(_ p: UnsafeMutableRawPointer, byteCount: Int, width: Int) {
        switch width {
        case 2:
            let q = p.assumingMemoryBound(to: UInt16.self)
            for n in 0..<(byteCount / 2) { q[n] = q[n].byteSwapped }
        case 4:
            let q = p.assumingMemoryBound(to: UInt32.self)
            for n in 0..<(byteCount / 4) { q[n] = q[n].byteSwapped }
        case 8:
            let q = p.assumingMemoryBound(to: UInt64.self)
            for n in 0..<(byteCount / 8) { q[n] = q[n].byteSwapped }
        default: break
        }
    }

    /// RR…GG…BB… → RGBRGB…
    static func interleave(planar src: UnsafeRawPointer, into dst: UnsafeMutableRawPointer, pixels: Int, bytesPerSample: Int) {
        func typed<T>(_: T.Type) {
            let s = src.assumingMemoryBound(to: T.self), d = dst.assumingMemoryBound(to: T.self)
            for n in 0..<pixels {
                d[n * 3] = s[n]
                d[n * 3 + 1] = s[pixels + n]
                d[n * 3 + 2] = s[2 * pixels + n]
            }
        }
        switch bytesPerSample {
        case 1: return typed(UInt8.self)
        case 2: return typed(UInt16.self)
        case 4: return typed(UInt32.self)
        default: break
        }
        let plane = pixels * bytesPerSample
        for n in 0..<pixels {
            for c in 0..<3 {
                (dst + (n * 3 + c) * bytesPerSample).copyMemory(from: src + c * plane + n * bytesPerSample, byteCount: bytesPerSample)
            }
        }
    }

    /// YBR_FULL_422 as stored uncompressed (Y Y Cb Cr for each pair of pixels) → Y Cb Cr per pixel.
    static func expand422(_ src: UnsafeRawPointer, into dst: UnsafeMutableRawPointer, pixels: Int) {
        let s = src.assumingMemoryBound(to: UInt8.self), d = dst.assumingMemoryBound(to: UInt8.self)
        var n = 0
        while n + 1 < pixels {
            let i = n * 2
            let y0 = s[i], y1 = s[i + 1], cb = s[i + 2], cr = s[i + 3]
            d[n * 3] = y0; d[n * 3 + 1] = cb; d[n * 3 + 2] = cr
            d[n * 3 + 3] = y1; d[n * 3 + 4] = cb; d[n * 3 + 5] = cr
            n += 2
        }
        if n < pixels {
            let i = n * 2
            d[n * 3] = s[i]; d[n * 3 + 1] = s[i + 2]; d[n * 3 + 2] = s[i + 3]
        }
    }

    /// YBR_FULL → RGB in place, 8-bit, with the coefficients and rounding of PS3.3 C.7.6.3.1.2
    /// (the same as pydicom, so values agree exactly).
    static func ybrToRGB(_ p: UnsafeMutableRawPointer, pixels: Int) {
        let q = p.assumingMemoryBound(to: UInt8.self)
        let gcb = Float(-0.114 * 1.772 / 0.587), gcr = Float(-0.299 * 1.402 / 0.587)
        for n in 0..<pixels {
            let y = Float(q[n * 3]), cb = Float(q[n * 3 + 1]) - 128, cr = Float(q[n * 3 + 2]) - 128
            q[n * 3] = clamp8(y + Float(1.402) * cr)
            q[n * 3 + 1] = clamp8(y + gcb * cb + gcr * cr)
            q[n * 3 + 2] = clamp8(y + Float(1.772) * cb)
        }
    }

    @inline(__always)
    private static func clamp8(_ v: Float) -> UInt8 {
        let r = (v + 0.5).rounded(.down)
        return r <= 0 ? 0 : r >= 255 ? 255 : UInt8(r)
    }

    /// Clears the bits above Bits Stored; for signed data, copies the top stored bit into them.
    static func maskUnusedBits(_ p: UnsafeMutableRawPointer, samples: Int, bitsAllocated: Int, bitsStored: Int, signed: Bool) {
        let shift = bitsAllocated - bitsStored
        guard shift > 0 else { return }
        switch bitsAllocated {
        case 8:
            if signed {
                let q = p.assumingMemoryBound(to: Int8.self)
                for n in 0..<samples { q[n] = (q[n] << shift) >> shift }
            } else {
                let q = p.assumingMemoryBound(to: UInt8.self)
                let mask = UInt8.max >> shift
                for n in 0..<samples { q[n] &= mask }
            }
        case 16:
            if signed {
                let q = p.assumingMemoryBound(to: Int16.self)
                for n in 0..<samples { q[n] = (q[n] << shift) >> shift }
            } else {
                let q = p.assumingMemoryBound(to: UInt16.self)
                let mask = UInt16.max >> shift
                for n in 0..<samples { q[n] &= mask }
            }
        case 32:
            if signed {
                let q = p.assumingMemoryBound(to: Int32.self)
                for n in 0..<samples { q[n] = (q[n] << shift) >> shift }
            } else {
                let q = p.assumingMemoryBound(to: UInt32.self)
                let mask = UInt32.max >> shift
                for n in 0..<samples { q[n] &= mask }
            }
        default: break
        }
    }

    /// Stored samples → rescaled float32, for series whose slices rescale differently.
    static func rescaleToFloat(_ src: UnsafeRawPointer, type: VoxelType, samples: Int, rescale: Rescale,
                               into dst: UnsafeMutablePointer<Float>) {
        type.dispatch(RescaleToFloat(src: src, samples: samples, rescale: rescale, dst: dst))
    }
}

/// Stored samples → `slope × sample + intercept` as Float; float64 samples are rescaled in
/// double precision before they are rounded.
private struct RescaleToFloat: SampleBody {
    let src: UnsafeRawPointer
    let samples: Int
    let rescale: Rescale
    let dst: UnsafeMutablePointer<Float>

    func integer<T: StoredInteger>(_: T.Type) { rescaleInFloat(T.self) }

    func floatingPoint<T: StoredFloat>(_: T.Type) {
        guard T.self == Double.self else { return rescaleInFloat(T.self) }
        let s = src.assumingMemoryBound(to: Double.self)
        for n in 0..<samples { dst[n] = Float(s[n] * rescale.slope + rescale.intercept) }
    }

    private func rescaleInFloat<T: StoredSample>(_: T.Type) {
        let slope = Float(rescale.slope), intercept = Float(rescale.intercept)
        let s = src.assumingMemoryBound(to: T.self)
        for n in 0..<samples { dst[n] = s[n].floatValue * slope + intercept }
    }
}
