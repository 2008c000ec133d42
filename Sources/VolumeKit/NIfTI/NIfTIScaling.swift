/// Stored value → real value, as nibabel's `get_slope_inter` decides it.
enum NIfTIScaling {
    /// The rescale and, when the header is odd, a warning about it.
    static func rescale(for header: NIfTIHeader, datatype: NIfTIDatatype) -> (Rescale, String?) {
        // RGB samples are colours, never scaled.
        guard datatype.components == 1 else { return (.identity, nil) }
        let slope = header.sclSlope, inter = header.sclInter
        switch header.kind {
        case .nifti1, .nifti2:
            // Slope 0 or not finite: no scaling at all.
            guard slope != 0, slope.isFinite else { return (.identity, nil) }
            guard inter.isFinite else {
                return (Rescale(slope: slope, intercept: 0),
                        "scl_inter is \(NIfTIHeaderFields.number(inter)); the intercept is taken as 0")
            }
            return (Rescale(slope: slope, intercept: inter), nil)
        case .analyze:
            // SPM2: funused1 is the slope and funused2 the intercept; without a slope, the
            // ratio of the calibrated (cal_) and stored (gl) ranges, as SPM2 does.
            if slope != 0, slope.isFinite {
                return (Rescale(slope: slope, intercept: inter.isFinite ? inter : 0), nil)
            }
            let stored = Double(header.glMax - header.glMin)
            let real = header.calMax - header.calMin
            if stored != 0, real != 0, real.isFinite {
                let s = real / stored
                return (Rescale(slope: s, intercept: header.calMin - s * Double(header.glMin)), nil)
            }
            return (.identity, nil)
        }
    }
}
