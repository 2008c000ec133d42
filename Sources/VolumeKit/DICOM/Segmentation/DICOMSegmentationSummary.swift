/// Where one frame of a segmentation lies and which segment it belongs to, from its functional
/// groups (the frame's own first, then the shared ones).
public struct DICOMSegmentationFrame: Sendable, Equatable {
    /// Referenced Segment Number (0062,000B) of its Segment Identification Sequence; 0 in a
    /// Label Map Segmentation, whose pixel values are themselves segment numbers.
    public var segmentNumber: Int
    /// Image Position (Patient) of its Plane Position Sequence: the centre of its first pixel, LPS mm.
    public var position: SIMD3<Double>?
    /// Image Orientation (Patient) of its Plane Orientation Sequence: along a row, down a column.
    public var rowCosine: SIMD3<Double>?
    public var columnCosine: SIMD3<Double>?
    /// (row spacing, column spacing) as Pixel Spacing (0028,0030) of Pixel Measures stores them.
    public var pixelSpacing: SIMD2<Double>?
    /// Spacing Between Slices (0018,0088), else Slice Thickness (0018,0050), of Pixel Measures.
    public var sliceSpacing: Double?
    /// SOP Instance UIDs of its Derivation Image → Source Image Sequence: the images it was drawn on.
    public var sourceInstanceUIDs: [String]
}

/// What a segmentation's header says, read without its pixel data: enough to know what it is,
/// which series it belongs on and where each frame goes.
public struct DICOMSegmentationSummary: Sendable, Equatable {
    public var path: String
    public var sopInstanceUID: String?
    public var seriesInstanceUID: String?
    public var studyInstanceUID: String?
    public var frameOfReferenceUID: String?
    public var seriesDescription: String?
    /// Content Label (0070,0080).
    public var contentLabel: String?
    public var transferSyntaxUID: String
    public var type: DICOMSegmentationType
    /// Segmentation Fractional Type (0062,0010): PROBABILITY or OCCUPANCY; fractional only.
    public var fractionalType: String?
    /// Maximum Fractional Value (0062,000E); fractional only.
    public var maximumFractionalValue: Int?
    /// The segments, in Segment Number order (a label map's segment 0, its background, left out).
    public var segments: [DICOMSegment]
    public var rows: Int
    public var columns: Int
    public var frames: [DICOMSegmentationFrame]
    /// Series Instance UIDs of the Referenced Series Sequence (0008,1115): the images it was made on.
    public var referencedSeriesInstanceUIDs: [String]
    /// SOP Instance UIDs of the images it references (Referenced Series → Referenced Instance
    /// Sequence, and every frame's source images), in the order first met.
    public var referencedInstanceUIDs: [String]

    public func segment(_ number: Int) -> DICOMSegment? { segments.first { $0.number == number } }
}

extension DICOMSegmentationSummary {
    /// Reads the summary from a parsed header; throws when it is no segmentation or one this
    /// reader cannot take.
    init(_ header: DICOMHeader) throws(DICOMSegmentationError) {
        let ds = header.dataset
        let path = header.path
        let sop = ds.string(.sopClassUID)
        let isLabelMap = sop == DICOMSegmentation.labelMapSOPClassUID
        guard isLabelMap || sop == DICOMSegmentation.sopClassUID || (sop == nil && ds.string(.modality) == "SEG") else {
            throw .notASegmentation(path: path, sopClassUID: sop)
        }
        guard let typeName = ds.string(.segmentationType)?.uppercased() else {
            throw .malformed(path: path, detail: "it has no Segmentation Type (0062,0001)")
        }
        guard let type = DICOMSegmentationType(rawValue: typeName) else {
            throw .unsupported(path: path, detail: "Segmentation Type (0062,0001) \(typeName); slicemark reads BINARY, FRACTIONAL and LABELMAP")
        }
        guard (type == .labelMap) == isLabelMap else {
            throw .malformed(path: path, detail: isLabelMap
                ? "a Label Map Segmentation whose Segmentation Type (0062,0001) is \(typeName), not LABELMAP"
                : "Segmentation Type (0062,0001) LABELMAP in a Segmentation Storage object; it belongs in a Label Map Segmentation (\(DICOMSegmentation.labelMapSOPClassUID))")
        }
        var maximum: Int?
        if type == .fractional {
            guard let m = ds.int(.maximumFractionalValue), m > 0 else {
                throw .malformed(path: path, detail: "a fractional segmentation without a positive Maximum Fractional Value (0062,000E)")
            }
            maximum = m
        }

        var segments: [DICOMSegment] = []
        // A label map may describe segment 0, its background: label value 0 is background anyway.
        let lowest = isLabelMap ? 0 : 1
        for (n, item) in ds.items(.segmentSequence).enumerated() {
            guard let segment = DICOMSegment.read(item), segment.number >= lowest, segment.number <= 65535 else {
                throw .malformed(path: path, detail: "item \(n + 1) of the Segment Sequence (0062,0002) has no valid Segment Number (0062,0004)")
            }
            guard !segments.contains(where: { $0.number == segment.number }) else {
                throw .malformed(path: path, detail: "Segment Number \(segment.number) is described twice in the Segment Sequence (0062,0002)")
            }
            if segment.number > 0 { segments.append(segment) }
        }
        guard !segments.isEmpty else {
            throw .malformed(path: path, detail: "the Segment Sequence (0062,0002) describes no segment")
        }
        segments.sort { $0.number < $1.number }

        guard let rows = ds.int(.rows), let columns = ds.int(.columns), rows > 0, columns > 0,
              rows <= DICOMPixelLayout.maximumSide, columns <= DICOMPixelLayout.maximumSide else {
            throw .malformed(path: path, detail: "no valid Rows (0028,0010) and Columns (0028,0011)")
        }
        let declared = ds.int(.numberOfFrames) ?? 1
        guard declared >= 1, declared <= DICOMPixelLayout.maximumFrames else {
            throw .frameCountMismatch(path: path, detail: "Number of Frames (0028,0008) is \(declared)")
        }
        let perFrame = ds.items(.perFrameFunctionalGroups)
        let shared = ds.items(.sharedFunctionalGroups).first
        if !perFrame.isEmpty && perFrame.count != declared || perFrame.isEmpty && declared > 1 {
            throw .frameCountMismatch(path: path, detail: "Number of Frames (0028,0008) is \(declared) but the Per-frame Functional Groups Sequence (5200,9230) has \(perFrame.count) item(s)")
        }

        let records = DICOMFrameRecord.records(of: ds, file: 0, frames: declared)
        var frames: [DICOMSegmentationFrame] = []
        var instances: [String] = []
        var seen = Set<String>()
        func note(_ uid: String) { if seen.insert(uid).inserted { instances.append(uid) } }
        for series in ds.items(.referencedSeriesSequence) {
            for item in series.items(.referencedInstanceSequence) {
                if let uid = item.string(.referencedSOPInstanceUID) { note(uid) }
            }
        }
        for n in 0..<declared {
            let own = n < perFrame.count ? perFrame[n] : nil
            var number = 0
            if !isLabelMap {
                let identification = own?.items(.segmentIdentificationSequence).first ?? shared?.items(.segmentIdentificationSequence).first
                guard let named = identification?.int(.referencedSegmentNumber) else {
                    throw .malformed(path: path, detail: "frame \(n + 1) names no segment (no Segment Identification Sequence (0062,000A))")
                }
                guard segments.contains(where: { $0.number == named }) else {
                    throw .unknownSegment(path: path, frame: n, segmentNumber: named)
                }
                number = named
            }
            let derivations = own?.items(.derivationImageSequence) ?? []
            let sources = derivations.flatMap { $0.items(.sourceImageSequence) }.compactMap { $0.string(.referencedSOPInstanceUID) }
            for uid in sources { note(uid) }
            let r = records[n]
            frames.append(DICOMSegmentationFrame(segmentNumber: number, position: r.position, rowCosine: r.rowCosine,
                                                 columnCosine: r.columnCosine, pixelSpacing: r.pixelSpacing,
                                                 sliceSpacing: r.sliceThickness, sourceInstanceUIDs: sources))
        }

        self.init(path: path, sopInstanceUID: ds.string(.sopInstanceUID), seriesInstanceUID: ds.string(.seriesInstanceUID),
                  studyInstanceUID: ds.string(.studyInstanceUID), frameOfReferenceUID: ds.string(.frameOfReferenceUID),
                  seriesDescription: ds.string(.seriesDescription), contentLabel: ds.string(.contentLabel),
                  transferSyntaxUID: header.transferSyntax.uid, type: type,
                  fractionalType: type == .fractional ? ds.string(.segmentationFractionalType) : nil,
                  maximumFractionalValue: maximum, segments: segments, rows: rows, columns: columns, frames: frames,
                  referencedSeriesInstanceUIDs: ds.items(.referencedSeriesSequence).compactMap { $0.string(.seriesInstanceUID) },
                  referencedInstanceUIDs: instances)
    }
}
