import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import Annotations

/// Every figure of `agree` against an independent implementation on the same inputs
/// (scripts/reference/agree_check.py): scikit-learn, statsmodels and the krippendorff package
/// for labels; SimpleITK's LabelOverlapMeasuresImageFilter and scipy's distance_transform_edt
/// (sampling = spacing) for label maps, on a real image's anisotropic grid.
///
/// Tolerances: 1e-9 for kappas, alpha and percentages (the same formulas in double
/// precision, summed in another order); 1e-12 for Dice and Jaccard (ratios of the same
/// counts); 1e-6 mm for HD95 and ASSD (both exact distance transforms in double; the report
/// rounds to 1e-9).
@Suite(.serialized) struct AgreementReferenceTests {
    static let script = "scripts/reference/agree_check.py"

    @Test func labelFiguresMatchScikitLearnStatsmodelsAndKrippendorff() throws {
        var rng = SplitMix(seed: 42)
        let raters = ["ana", "ben", "cleo", "dev"]
        let categories = ["normal", "benign", "malignant"]
        var study = AgreementStudy()
        var units: [[Any]] = []
        let geometry = SidecarGeometry(volume: SyntheticVolume.ramp(width: 4, height: 3, depth: 2))
        for u in 0..<60 {
            var document = SidecarDocument(image: SidecarImage(format: .nifti, studyInstanceUID: nil, seriesInstanceUID: nil,
                                                               sopInstanceUIDs: []), geometry: geometry)
            var row: [Any] = []
            // Readers agree more often than chance: a true category, sometimes replaced.
            let truth = categories[Int(rng.next() % 3)]
            for rater in raters {
                let missing = rng.next() % 5 == 0 && u % 4 != 0
                guard !missing else { row.append(NSNull()); continue }
                let category = rng.next() % 3 == 0 ? categories[Int(rng.next() % 3)] : truth
                document.labels.append(ImageLabel(id: UUID(), labelSet: "finding", name: category, annotator: rater,
                                                  created: Timestamp(millisecondsSince1970: 0)))
                row.append(category)
            }
            units.append(row)
            study.add(AgreementImage(name: "image\(u)", sidecarPath: "/nowhere/image\(u).annotations.json", document: document))
        }
        let report = study.report()
        let reference = try PythonCheck.run(Self.script, "labels", ["raters": raters, "units": units])
        let pairs = try #require(reference["pairs"] as? [String: [String: Any]])
        #expect(report.labels.count == 6)
        for pair in report.labels {
            let ref = try #require(pairs[pair.annotators.joined(separator: "|")])
            #expect(pair.n == ref["n"] as? Int)
            #expect(abs(pair.cohenKappa! - (ref["cohen_kappa"] as! Double)) < 1e-9, "\(pair.annotators)")
            #expect(abs(pair.percentAgreement! - (ref["percent_agreement"] as! Double)) < 1e-9)
        }
        let fleiss = try #require(report.fleiss.first)
        #expect(fleiss.n == reference["fleiss_n"] as? Int)
        #expect(abs(fleiss.value! - (reference["fleiss_kappa"] as! Double)) < 1e-9)
        let alpha = try #require(report.krippendorff.first?.value)
        #expect(abs(alpha - (reference["krippendorff_alpha"] as! Double)) < 1e-9)
    }

    @Test func labelMapFiguresMatchSimpleITKAndScipy() throws {
        let fixture = try AgreementStudyFixture()
        defer { fixture.folder.cleanUp() }
        var a = fixture.emptyMap, b = fixture.emptyMap
        AgreementStudyFixture.paintEllipsoid(&a, value: 1, centre: [60, 48, 12], radii: [30, 20, 7])
        AgreementStudyFixture.paintEllipsoid(&b, value: 1, centre: [63, 46, 12.5], radii: [28, 22, 6], jitter: 0.25, seed: 3)
        AgreementStudyFixture.paintBox(&a, value: 2, from: [5, 5, 0], to: [20, 30, 9])   // touches the grid's edge
        AgreementStudyFixture.paintBox(&b, value: 2, from: [7, 3, 1], to: [22, 28, 10])
        AgreementStudyFixture.paintBox(&a, value: 3, from: [100, 70, 15], to: [104, 74, 18])  // only in one map
        try fixture.save("ana", labelMap: a)
        try fixture.save("ben", labelMap: b)
        var study = AgreementStudy()
        study.add(try fixture.sidecar())
        let report = study.report()
        let reference = try PythonCheck.run(Self.script, "masks", ["a": fixture.labelMapPath("ana"), "b": fixture.labelMapPath("ben"),
                                                                    "labels": [1, 2, 3]])
        let spacing = try #require(reference["spacing"] as? [Double])
        #expect(spacing.count == 3 && abs(spacing[2] - 2.2) < 1e-5, "an anisotropic grid")
        let labels = try #require(reference["labels"] as? [String: [String: Any]])
        #expect(report.segmentations.map(\.value) == [1, 2, 3])
        for pair in report.segmentations {
            #expect(pair.annotators == ["ana", "ben"])
            let ref = try #require(labels[String(pair.value!)])
            let mine = try #require(pair.perImage.first?.figures)
            #expect([mine.voxelsA, mine.voxelsB] == ref["voxels"] as? [Int])
            #expect(abs(mine.dice - (ref["dice"] as! Double)) < 1e-12, "label \(pair.value!)")
            #expect(abs(mine.jaccard - (ref["jaccard"] as! Double)) < 1e-12)
            if let hd = ref["hd95_mm"] as? Double {
                #expect([mine.surfaceA, mine.surfaceB] == ref["surface"] as? [Int])
                #expect(abs(mine.hd95MM! - hd) < 1e-6, "label \(pair.value!)")
                #expect(abs(mine.assdMM! - (ref["assd_mm"] as! Double)) < 1e-6)
            } else {
                #expect(mine.hd95MM == nil && mine.assdMM == nil, "one mask empty: no distance")
            }
        }
        #expect(report.segmentations[0].name == "liver")
        let json = report.json().rendered()
        #expect(json.contains("\"hd95_mm\": null"))
    }

    @Test func landmarksAndRegionsOnTheRealGrid() throws {
        let fixture = try AgreementStudyFixture()
        defer { fixture.folder.cleanUp() }
        try fixture.save("ana", landmarks: ["nasion": [10, 20, 5], "sella": [40, 50, 10], "menton": [1, 2, 3]],
                         regions: [(.rectangle, "lesion", [[10, 10, 5], [20, 30, 5]])])
        try fixture.save("ben", landmarks: ["nasion": [11, 20, 5], "sella": [40, 50, 11]],
                         regions: [(.rectangle, "lesion", [[15, 12, 5], [25, 28, 5]])])
        var study = AgreementStudy()
        study.add(try fixture.sidecar())
        let report = study.report()
        let pair = try #require(report.landmarks.first)
        #expect(pair.annotators == ["ana", "ben"] && pair.overall.matched == 2)
        // Independently: the positions in LPS from the image's own geometry.
        let g = fixture.geometry
        func mm(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double {
            let d = g.patientPosition(ofIndex: a) - g.patientPosition(ofIndex: b)
            return (d * d).sum().squareRoot()
        }
        let nasion = mm([10, 20, 5], [11, 20, 5]), sella = mm([40, 50, 10], [40, 50, 11])
        #expect(abs(nasion - 2) < 1e-6 && abs(sella - 2.2) < 1e-5)
        #expect(abs(pair.overall.mreMM - (nasion + sella) / 2) < 1e-6)
        #expect(pair.overall.successPercent == [50, 100, 100, 100])
        #expect(pair.perLandmark.map(\.name) == ["nasion", "sella"])
        // Rectangles, corners included: 11 × 21 and 11 × 17 pixels, 6 × 17 shared.
        let roi = try #require(report.segmentations.first { $0.source == "roi" })
        #expect(roi.name == "lesion")
        #expect(abs(roi.dice - 2.0 * 102 / (231 + 187)) < 1e-12)
    }

    @Test func rejectedAndDeletedRecordsAreLeftOutAndNamed() throws {
        let fixture = try AgreementStudyFixture()
        defer { fixture.folder.cleanUp() }
        try fixture.save("ana", labels: [("finding", "normal", nil)])
        try fixture.save("ben", labels: [("finding", "normal", nil)])
        try fixture.save("model-x", labels: [("finding", "benign", nil)], source: .model(name: "model-x", version: "1"), status: .rejected)
        var study = AgreementStudy()
        study.add(try fixture.sidecar())
        let report = study.report()
        #expect(report.labels.map(\.annotators) == [["ana", "ben"]])
        #expect(report.excluded.map(\.reason) == [.rejectedProposal])
        let model = try #require(report.modelPairs.first { $0.human == "ana" })
        #expect(model.rejected == 1 && model.acceptanceRate == 0)
    }

    @Test func aModelsProposalAgainstAPersonAndAReviewersRejection() throws {
        let fixture = try AgreementStudyFixture()
        defer { fixture.folder.cleanUp() }
        var human = fixture.emptyMap, model = fixture.emptyMap
        AgreementStudyFixture.paintEllipsoid(&human, value: 1, centre: [60, 48, 12], radii: [30, 20, 7])
        AgreementStudyFixture.paintEllipsoid(&model, value: 1, centre: [62, 47, 12], radii: [28, 21, 7], jitter: 0.2, seed: 9)
        AgreementStudyFixture.paintBox(&human, value: 2, from: [5, 5, 0], to: [20, 30, 9])
        try fixture.save("ana", labels: [("finding", "normal", nil)], labelMap: human)
        try fixture.save("seg-net", labelMap: model, source: .model(name: "seg-net", version: "2"), status: .proposed)
        try fixture.save("ben", labels: [("finding", "abnormal", nil)])
        // A reviewer rejects ben's label: it leaves the figures.
        var document = try fixture.store.load().document
        let label = try #require(document.labels.first { $0.annotator == "ben" })
        document.reviews.append(ReviewRecord(id: UUID(), target: label.id, targetModified: label.modified, reviewer: "rev",
                                             decision: .reject, comment: "wrong side", time: label.modified, revision: document.highestRevision + 1))
        var study = AgreementStudy()
        study.add(AgreementImage(name: "example4d", sidecarPath: fixture.store.sidecarPath, document: document))
        let report = study.report()
        #expect(report.labels.isEmpty, "ben's only label was rejected in review")
        #expect(report.excluded.map(\.reason) == [.rejectedInReview])
        #expect(report.models == ["seg-net"])
        let pair = try #require(report.modelPairs.first { $0.human == "ana" })
        #expect(pair.proposed == 1 && pair.acceptanceRate == 0 && pair.images.count == 1)
        let reference = try PythonCheck.run(Self.script, "masks", ["a": fixture.labelMapPath("seg-net"), "b": fixture.labelMapPath("ana"),
                                                                    "labels": [1, 2]])
        let labels = try #require(reference["labels"] as? [String: [String: Any]])
        let expected = ((labels["1"]!["dice"] as! Double) + (labels["2"]!["dice"] as! Double)) / 2
        #expect(abs(pair.dice! - expected) < 1e-12)
        // The proposal is an annotator of the label-map figures too.
        #expect(report.segmentations.contains { $0.annotators == ["ana", "seg-net"] && $0.value == 2 && $0.dice == 0 })
    }
}
