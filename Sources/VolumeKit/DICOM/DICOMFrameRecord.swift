/// Where one frame (a single-frame file, or one frame of a multi-frame file) sits in the
/// patient, and how its stored values become real-world values.
struct DICOMFrameRecord: Sendable {
    var file: Int
    var frame: Int
    var position: SIMD3<Double>?
    var rowCosine: SIMD3<Double>?
    var columnCosine: SIMD3<Double>?
    /// (row spacing, column spacing) as Pixel Spacing stores them.
    var pixelSpacing: SIMD2<Double>?
    var spacingSource: SpacingSource = .unknown
    var sliceThickness: Double?
    var rescale: Rescale
    /// Instance Number, or the frame number in a multi-frame file: the order without positions.
    var order: Int
    /// A temporal position (Temporal Position Index, trigger or acquisition time) when known.
    var temporal: Double?
    var sopInstanceUID: String?
    var frameOfReferenceUID: String?
}

extension DICOMFrameRecord {
    /// One record per frame of a file, from its header: classic single- and multi-frame images,
    /// and enhanced multi-frame images with functional groups.
    static func records(of ds: DICOMDataset, file: Int, frames: Int) -> [DICOMFrameRecord] {
        let base = baseRecord(of: ds, file: file)
        let perFrame = ds.items(.perFrameFunctionalGroups)
        let shared = ds.items(.sharedFunctionalGroups).first
        if !perFrame.isEmpty || shared != nil {
            return (0..<frames).map { n in
                enhanced(base, frame: n, perFrame: n < perFrame.count ? perFrame[n] : nil, shared: shared)
            }
        }
        if frames == 1 { return [base] }
        // Classic multi-frame: frames stacked along the normal from Image Position (Patient),
        // at Grid Frame Offset Vector offsets (RT Dose) or the slice spacing.
        let offsets = ds.numbers(.gridFrameOffsetVector)
        let step = ds.number(DICOMTag(0x0018, 0x0088)) ?? ds.number(.sliceThickness) ?? 1
        return (0..<frames).map { n in
            var r = base
            r.frame = n
            r.order = n
            if let p = base.position, let row = base.rowCosine, let col = base.columnCosine {
                let offset = offsets.count == frames ? offsets[n] : Double(n) * (step == 0 ? 1 : step)
                r.position = p + cross(row, col) * offset
            }
            return r
        }
    }

    static func baseRecord(of ds: DICOMDataset, file: Int) -> DICOMFrameRecord {
        let ipp = ds.numbers(.imagePositionPatient)
        let iop = ds.numbers(.imageOrientationPatient)
        let spacing = DICOMPixelSpacing(ds)
        return DICOMFrameRecord(
            file: file, frame: 0,
            position: ipp.count >= 3 ? SIMD3(ipp[0], ipp[1], ipp[2]) : nil,
            rowCosine: iop.count >= 6 ? normalized(SIMD3(iop[0], iop[1], iop[2])) : nil,
            columnCosine: iop.count >= 6 ? normalized(SIMD3(iop[3], iop[4], iop[5])) : nil,
            pixelSpacing: spacing.value, spacingSource: spacing.source,
            sliceThickness: ds.number(DICOMTag(0x0018, 0x0088)) ?? ds.number(.sliceThickness),
            rescale: modalityRescale(of: ds) ?? .identity,
            order: ds.int(.instanceNumber) ?? 0,
            temporal: ds.number(.temporalPositionIndex) ?? ds.number(DICOMTag(0x0020, 0x0100))
                ?? ds.number(DICOMTag(0x0018, 0x1060)),
            sopInstanceUID: ds.string(.sopInstanceUID),
            frameOfReferenceUID: ds.string(.frameOfReferenceUID))
    }

    /// Rescale Slope/Intercept, or the first Real World Value Mapping when there is none.
    static func modalityRescale(of ds: DICOMDataset) -> Rescale? {
        if ds.contains(.rescaleSlope) || ds.contains(.rescaleIntercept) {
            let slope = ds.number(.rescaleSlope) ?? 1
            return Rescale(slope: slope == 0 ? 1 : slope, intercept: ds.number(.rescaleIntercept) ?? 0)
        }
        if let mapping = ds.items(.realWorldValueMappingSequence).first,
           let slope = mapping.number(.realWorldValueSlope), slope != 0 {
            return Rescale(slope: slope, intercept: mapping.number(.realWorldValueIntercept) ?? 0)
        }
        return nil
    }

    private static func enhanced(_ base: DICOMFrameRecord, frame: Int, perFrame: DICOMDataset?,
                                 shared: DICOMDataset?) -> DICOMFrameRecord {
        var r = base
        r.frame = frame
        r.order = frame
        // A functional group is taken from the frame's own groups first, then the shared ones.
        func group(_ tag: DICOMTag) -> DICOMDataset? {
            perFrame?.items(tag).first ?? shared?.items(tag).first
        }
        if let ipp = group(.planePositionSequence)?.numbers(.imagePositionPatient), ipp.count >= 3 {
            r.position = SIMD3(ipp[0], ipp[1], ipp[2])
        }
        if let iop = group(.planeOrientationSequence)?.numbers(.imageOrientationPatient), iop.count >= 6 {
            r.rowCosine = normalized(SIMD3(iop[0], iop[1], iop[2]))
            r.columnCosine = normalized(SIMD3(iop[3], iop[4], iop[5]))
        }
        if let measures = group(.pixelMeasuresSequence) {
            let s = measures.numbers(.pixelSpacing)
            if let pair = DICOMPixelSpacing.pair(s) {
                r.pixelSpacing = pair
                r.spacingSource = .pixelSpacing
            }
            if let t = measures.number(DICOMTag(0x0018, 0x0088)) ?? measures.number(.sliceThickness) { r.sliceThickness = t }
        }
        if let transform = group(.pixelValueTransformationSequence), let rescale = modalityRescale(of: transform) {
            r.rescale = rescale
        } else if let mapping = group(.realWorldValueMappingSequence),
                  let slope = mapping.number(.realWorldValueSlope), slope != 0, !hasModalityRescale(base) {
            r.rescale = Rescale(slope: slope, intercept: mapping.number(.realWorldValueIntercept) ?? 0)
        }
        if let content = group(.frameContentSequence) {
            if let t = content.number(.temporalPositionIndex) { r.temporal = t }
            if let inStack = content.int(.inStackPositionNumber) { r.order = inStack }
        }
        return r
    }

    private static func hasModalityRescale(_ r: DICOMFrameRecord) -> Bool { !r.rescale.isIdentity }

    private static func normalized(_ v: SIMD3<Double>) -> SIMD3<Double> {
        let n = length(v)
        return n > 0 ? v / n : v
    }
}
