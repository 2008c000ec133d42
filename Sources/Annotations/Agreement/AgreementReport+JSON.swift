extension AgreementReport {
    /// The conventions every figure follows, printed with the figures (`conventions` in JSON,
    /// the table's footer).
    public static let conventions: [(String, String)] = [
        ("pairs", "every pair of annotators, names sorted; a model's proposals count as an annotator under the model's name"),
        ("left_out", "rejected records (a model's proposals with status rejected, and records whose latest review of their current version is reject) and deleted records (a tombstone in the sidecar) enter no figure; see excluded"),
        ("landmarks", "matched by name within an image (an annotator's latest when a name is used twice); mre_mm is the mean Euclidean distance in LPS mm; sd_mm its sample standard deviation; success_rate_percent is the share of matched landmarks at a distance <= 2, 2.5, 3 and 4 mm; images of unknown pixel spacing are left out"),
        ("labels", "one unit is a label set on an image (or on one slice, for image-scoped sets); an annotator's category is the label set, several names of a multiple-choice set joined by + in name order; cohen_kappa and percent_agreement (0-100) over the units both annotators rated; fleiss_kappa over the units every annotator of the set rated; krippendorff_alpha nominal over all units, missing ratings allowed, units with fewer than two ratings not pairable; null where a figure is 0/0"),
        ("segmentations", "label maps compared per label value, ROIs (rectangles, ellipses, polygons, rasterised as the viewer's region statistics count pixels) per ROI label; per image, then the mean over the images either annotator has that label in"),
        ("frames", "on a cine (frames in time) frames are slices: a landmark is matched by name on each frame (a track on every frame it is shown on, interpolated between key frames), so matched counts frames; a track's ROI is rasterised on each frame it is shown on; frame-range labels are rated per frame under the label set frames (the names of the ranges covering the frame, or none), for the annotators who labelled ranges on the image"),
        ("dice_jaccard", "Dice = 2 |A and B| / (|A| + |B|), Jaccard = |A and B| / |A or B|, voxel counts; both 1 when both masks are empty"),
        ("surface", "a mask's surface is its foreground voxels with a 6-connected background neighbour; voxels outside the image are background"),
        ("distances", "Euclidean, in mm with the voxel spacing, from each surface voxel of one mask to the nearest surface voxel of the other (exact distance transform)"),
        ("hd95_mm", "the larger of the two directed 95th percentiles, linear interpolation between ranks (numpy's default); null when exactly one mask is empty, 0 when both are"),
        ("assd_mm", "the mean of all distances of both directions together; null when exactly one mask is empty, 0 when both are"),
        ("models", "acceptance_rate = accepted / (accepted + rejected + proposed) over the model's records of all kinds; dice is the mean over images and label values of the model's label map, whatever its status, against the person's"),
    ]

    public func json() -> JSONText {
        func number(_ d: Double?) -> JSONText { d.map { $0.isFinite ? .number(Self.rounded($0)) : .null } ?? .null }
        func strings(_ s: [String]) -> JSONText { .array(s.map { .string($0) }) }
        func landmark(_ f: LandmarkFigures) -> [(String, JSONText)] {
            [("matched", .int(f.matched)), ("mre_mm", number(f.mreMM)), ("sd_mm", number(f.sdMM)),
             ("success_rate_percent", .object(zip(Self.successRadii, f.successPercent).map { (Self.radius($0), number($1)) }))]
        }
        let landmarkPairs: [JSONText] = landmarks.map { p in
            .object([("annotators", strings(p.annotators)), ("images", strings(p.images))] + landmark(p.overall)
                    + [("landmarks", .array(p.perLandmark.map { .object([("name", .string($0.name))] + landmark($0.figures)) }))])
        }
        let labelPairs: [JSONText] = labels.map { p in
            .object([("annotators", strings(p.annotators)), ("label_set", .string(p.labelSet)), ("images", strings(p.images)),
                     ("n", .int(p.n)), ("cohen_kappa", number(p.cohenKappa)), ("percent_agreement", number(p.percentAgreement))])
        }
        func setFigures(_ list: [LabelSetFigure]) -> JSONText {
            .object(list.map { f in
                (f.labelSet, .object([("value", number(f.value)), ("annotators", strings(f.annotators)),
                                      ("n", .int(f.n)), ("images", strings(f.images))]))
            })
        }
        func maskFigures(_ m: MaskAgreement) -> [(String, JSONText)] {
            [("dice", number(m.dice)), ("jaccard", number(m.jaccard)), ("hd95_mm", number(m.hd95MM)), ("assd_mm", number(m.assdMM)),
             ("voxels", .array([.int(m.voxelsA), .int(m.voxelsB)]))]
        }
        let segmentationPairs: [JSONText] = segmentations.map { p in
            .object([("annotators", strings(p.annotators)), ("source", .string(p.source)),
                     ("label", p.value.map { .int($0) } ?? .string(p.name)), ("name", .string(p.name)),
                     ("images", strings(p.images)), ("dice", number(p.dice)), ("jaccard", number(p.jaccard)),
                     ("hd95_mm", number(p.hd95MM)), ("assd_mm", number(p.assdMM)),
                     ("per_image", .array(p.perImage.map { .object([("image", .string($0.image))] + maskFigures($0.figures)) }))])
        }
        let modelPairs: [JSONText] = self.modelPairs.map { p in
            .object([("annotators", strings([p.model, p.human].sorted())), ("model", .string(p.model)), ("human", .string(p.human)),
                     ("acceptance_rate", number(p.acceptanceRate)), ("accepted", .int(p.accepted)), ("rejected", .int(p.rejected)),
                     ("proposed", .int(p.proposed)), ("dice", number(p.dice)), ("images", strings(p.images))])
        }
        let excludedList: [JSONText] = excluded.map {
            .object([("image", .string($0.image)), ("id", .string($0.id)), ("annotator", .string($0.annotator)),
                     ("reason", .string($0.reason.rawValue))])
        }
        return .object([
            ("images", .int(images.count)),
            ("annotators", strings(annotators)),
            ("models", strings(models)),
            ("landmarks", .object([("pairs", .array(landmarkPairs))])),
            ("labels", .object([("pairs", .array(labelPairs)), ("fleiss_kappa", setFigures(fleiss)),
                                ("krippendorff_alpha", setFigures(krippendorff))])),
            ("segmentations", .object([("pairs", .array(segmentationPairs))])),
            ("models_vs_humans", .object([("pairs", .array(modelPairs))])),
            ("excluded", .array(excludedList)),
            ("problems", strings(problems)),
            ("conventions", .object(Self.conventions.map { ($0.0, .string($0.1)) })),
        ])
    }

    /// Figures to 1e-9: the last bits of the arithmetic mean nothing and only make diffs noisy.
    static func rounded(_ d: Double) -> Double { (d * 1e9).rounded() / 1e9 }

    static func radius(_ r: Double) -> String { r == r.rounded() ? String(Int(r)) : String(r) }
}
