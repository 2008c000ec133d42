import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import Annotations

/// `consensus` on a real image's grid: its label maps against SimpleITK's LabelVoting and
/// STAPLEImageFilter (scripts/reference/agree_check.py), its landmarks and labels by hand, and
/// a second run replacing the first.
///
/// Tolerances: the voted and STAPLE maps must equal SimpleITK's voxel for voxel; STAPLE's
/// sensitivities, specificities and per-voxel probabilities within 1e-9 (the same EM in double
/// precision, summed by pattern instead of voxel by voxel); iterations within one.
@Suite(.serialized) struct ConsensusTests {
    static let script = AgreementReferenceTests.script

    /// Three readers' outlines of two structures, each a little different.
    static func threeReaders(_ fixture: AgreementStudyFixture) throws {
        for (n, reader) in ["ana", "ben", "cleo"].enumerated() {
            var map = fixture.emptyMap
            let shift = Double(n) - 1
            AgreementStudyFixture.paintEllipsoid(&map, value: 1, centre: [60 + 2 * shift, 48 - shift, 12], radii: [25 + shift, 18, 6],
                                                 jitter: 0.3, seed: UInt64(10 + n))
            AgreementStudyFixture.paintBox(&map, value: 2, from: [5 + n, 5, 0], to: [20, 30 - n, 9])
            try fixture.save(reader, landmarks: ["nasion": [10 + n, 20, 5], "sella": [40, 50 + n, 10]],
                             labels: [("finding", n == 2 ? "benign" : "normal", nil), ("quality", ["good", "poor", "fair"][n], nil)],
                             labelMap: map)
        }
    }

    @Test func majorityMatchesSimpleITKLabelVoting() throws {
        let fixture = try AgreementStudyFixture()
        defer { fixture.folder.cleanUp() }
        try Self.threeReaders(fixture)
        let consensus = Consensus(name: "consensus", method: .majority, now: .now())
        let outcome = try consensus.apply(to: try fixture.sidecar(), store: fixture.store)
        #expect(outcome.changed)
        let reference = try PythonCheck.run(Self.script, "voting", [
            "maps": ["ana", "ben", "cleo"].map(fixture.labelMapPath), "ours": fixture.labelMapPath("consensus")])
        #expect(reference["differing"] as? Int == 0)
        #expect((reference["foreground"] as? Int ?? 0) > 1000)
        #expect(outcome.voxelTies == 0, "three readers, and no voxel where all three differ")

        // Landmarks at the mean position, labels by majority, the tie reported.
        let document = try fixture.store.load().document
        let mine = document.annotations.filter { $0.annotator == "consensus" }
        #expect(mine.map(\.label).sorted() == ["nasion", "sella"])
        let nasion = try #require(mine.first { $0.label == "nasion" })
        let expected = fixture.geometry.patientPosition(ofIndex: [11, 20, 5])
        #expect(((nasion.lps - expected) * (nasion.lps - expected)).sum().squareRoot() < 1e-5)
        #expect(nasion.voxel == [11, 20, 5] && nasion.source == .human && nasion.status == nil)
        let spread = try #require(outcome.landmarks.first { $0.name == "nasion" })
        #expect(abs(spread.maxMM - 2) < 1e-5, "two readers 1 voxel (2 mm) from the mean")
        #expect(document.labels.filter { $0.annotator == "consensus" }.map(\.name) == ["normal"])
        #expect(outcome.ties.map(\.labelSet) == ["quality"])
        let segmentation = try #require(document.segmentations.first { $0.annotator == "consensus" })
        #expect(segmentation.file == "example4d.nii.gz.consensus.seg.nii.gz")
        #expect(segmentation.sha256 == (try ContentHash.hex(ofFile: fixture.labelMapPath("consensus"))))
        #expect(document.notes.first { $0.annotator == "consensus" }?.text.contains("majority") == true)
        #expect(FileManager.default.fileExists(atPath: SidecarLocation.labelTablePath(forLabelMap: fixture.labelMapPath("consensus"))))

        // A second run changes nothing and duplicates nothing.
        let again = try consensus.apply(to: try fixture.sidecar(), store: fixture.store)
        #expect(!again.changed)
        let after = try fixture.store.load().document
        #expect(after == document)

        // The consensus is left out of agreement between the readers only when asked.
        var study = AgreementStudy()
        study.add(try fixture.sidecar(), skipping: "consensus")
        #expect(!study.report().annotators.contains("consensus"))
    }

    @Test func stapleMatchesSimpleITK() throws {
        let fixture = try AgreementStudyFixture()
        defer { fixture.folder.cleanUp() }
        try Self.threeReaders(fixture)
        let outcome = try Consensus(name: "staple", method: .staple, now: .now()).apply(to: try fixture.sidecar(), store: fixture.store)
        let maps = try ["ana", "ben", "cleo"].map { try LabelMapReader.read(path: fixture.labelMapPath($0)) }
        let mine = STAPLE.labelMap(maps)
        for value in [1, 2] {
            let reference = try PythonCheck.run(Self.script, "staple", [
                "maps": ["ana", "ben", "cleo"].map(fixture.labelMapPath), "value": value, "ours": NSNull()])
            let staple = try #require(mine.labels[UInt16(value)])
            let sensitivity = try #require(reference["sensitivity"] as? [Double])
            let specificity = try #require(reference["specificity"] as? [Double])
            for r in 0..<3 {
                #expect(abs(staple.sensitivity[r] - sensitivity[r]) < 1e-9, "label \(value) rater \(r)")
                #expect(abs(staple.specificity[r] - specificity[r]) < 1e-9)
            }
            #expect(abs(staple.iterations - (reference["iterations"] as! Int)) <= 1)
            let probabilities = try #require(reference["pattern_probability"] as? [String: [Double]])
            for (pattern, range) in probabilities {
                let p = staple.probability[Int(pattern)!]
                #expect(abs(p - range[0]) < 1e-9 && abs(p - range[1]) < 1e-9, "label \(value) pattern \(pattern)")
            }
        }
        // The map written: each label where its probability is above 0.5 (the labels here do
        // not overlap, so SimpleITK's per-label threshold gives the same map).
        let written = try LabelMapReader.read(path: fixture.labelMapPath("staple"))
        #expect(written.littleEndianBytes() == mine.map.littleEndianBytes())
        let one = try PythonCheck.run(Self.script, "staple", ["maps": ["ana", "ben", "cleo"].map(fixture.labelMapPath), "value": 1,
                                                             "ours": fixture.labelMapPath("staple")])
        let foreground1 = try #require(one["foreground"] as? Int)
        #expect(foreground1 > 1000)
        #expect(written.counts()[1] == foreground1)
        #expect(!outcome.stapleIterations.isEmpty)
    }
}
