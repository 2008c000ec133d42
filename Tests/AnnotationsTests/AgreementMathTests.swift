import Foundation
import Testing
import VolumeKit
@testable import Annotations

/// The pure maths of `agree` and `consensus` on inputs small enough to work out by hand.
@Suite struct AgreementMathTests {
    static func mask(_ w: Int, _ h: Int, _ d: Int, spacing: SIMD3<Double> = [1, 1, 1], _ voxels: [SIMD3<Int>]) -> BinaryMask {
        var m = BinaryMask(width: w, height: h, depth: d, spacing: spacing)
        for v in voxels { m[v.x, v.y, v.z] = true }
        return m
    }

    @Test func twoEmptyMasksAgreeCompletely() {
        let e = BinaryMask(width: 4, height: 4, depth: 4, spacing: [1, 1, 1])
        let f = MaskAgreement(e, e)
        #expect(f.dice == 1 && f.jaccard == 1)
        #expect(f.hd95MM == 0 && f.assdMM == 0)
    }

    @Test func oneEmptyMaskHasNoDistance() {
        let e = BinaryMask(width: 4, height: 4, depth: 4, spacing: [1, 1, 1])
        let a = Self.mask(4, 4, 4, [[1, 1, 1]])
        let f = MaskAgreement(a, e)
        #expect(f.dice == 0 && f.jaccard == 0)
        #expect(f.hd95MM == nil && f.assdMM == nil)
    }

    @Test func singleVoxelsApartByAnisotropicSpacing() {
        // One voxel each, two apart along y with 0.5 mm, three along z with 2.5 mm.
        let a = Self.mask(5, 6, 7, spacing: [0.7, 0.5, 2.5], [[1, 1, 1]])
        let b = Self.mask(5, 6, 7, spacing: [0.7, 0.5, 2.5], [[1, 3, 4]])
        let f = MaskAgreement(a, b)
        let d = (1.0 * 1.0 + 7.5 * 7.5).squareRoot()
        #expect(abs(f.hd95MM! - d) < 1e-12)
        #expect(abs(f.assdMM! - d) < 1e-12)
        #expect(f.dice == 0)
    }

    @Test func surfaceCountsTheGridEdgeAsBackground() {
        // A full 3×3×3 grid: every voxel but the centre touches the outside.
        var full = BinaryMask(width: 3, height: 3, depth: 3, spacing: [1, 1, 1])
        full.voxels = [UInt8](repeating: 1, count: 27)
        #expect(full.surface().count == 26)
        // A 5×5×5 cube inside a 7×7×7 grid: 125 − 27 interior voxels.
        var cube = BinaryMask(width: 7, height: 7, depth: 7, spacing: [1, 1, 1])
        for k in 1...5 { for j in 1...5 { for i in 1...5 { cube[i, j, k] = true } } }
        #expect(cube.surface().count == 125 - 27)
    }

    @Test func diceAndJaccardOfOverlappingBoxes() {
        var a = BinaryMask(width: 10, height: 10, depth: 3, spacing: [1, 1, 1])
        var b = a
        for j in 0..<4 { for i in 0..<4 { a[i, j, 1] = true } }   // 16 voxels
        for j in 2..<6 { for i in 2..<6 { b[i, j, 1] = true } }   // 16, 4 shared
        let f = MaskAgreement(a, b)
        #expect(f.intersection == 4)
        #expect(abs(f.dice - 8.0 / 32) < 1e-15)
        #expect(abs(f.jaccard - 4.0 / 28) < 1e-15)
    }

    @Test func percentileInterpolatesBetweenRanks() {
        // numpy.percentile([0, 1, 2, 3, 10], 95) = 3 + 0.8 · 7 = 8.6
        #expect(abs(MaskAgreement.percentile95([10, 0, 3, 1, 2]) - 8.6) < 1e-12)
        #expect(MaskAgreement.percentile95([4]) == 4)
    }

    @Test func distanceTransformMatchesBruteForce() {
        var rng = SplitMix(seed: 7)
        let (w, h, d) = (9, 7, 5)
        let spacing = SIMD3<Double>(0.8, 1.3, 2.1)
        let features = (0..<6).map { _ in Int(rng.next() % UInt64(w * h * d)) }
        let queries = Array(0..<(w * h * d))
        let fast = DistanceTransform.distances(from: queries, toNearest: features, width: w, height: h, depth: d, spacing: spacing)!
        for q in queries {
            let p = SIMD3(Double(q % w), Double((q / w) % h), Double(q / (w * h)))
            let brute = features.map { f -> Double in
                let r = SIMD3(Double(f % w), Double((f / w) % h), Double(f / (w * h)))
                return (((p - r) * spacing) * ((p - r) * spacing)).sum().squareRoot()
            }.min()!
            #expect(abs(fast[q] - brute) < 1e-9, "voxel \(q)")
        }
    }

    @Test func kappaOfPerfectAndChanceAgreement() {
        #expect(CategoricalAgreement.cohenKappa(["a", "b", "a"], ["a", "b", "a"]) == 1)
        // Every rating the same category: pe = 1, kappa undefined.
        #expect(CategoricalAgreement.cohenKappa(["a", "a"], ["a", "a"]) == nil)
        // po = 0.5, pe = 0.5 → 0.
        #expect(CategoricalAgreement.cohenKappa(["a", "a", "b", "b"], ["a", "b", "a", "b"]) == 0)
        #expect(CategoricalAgreement.percentAgreement(["a", "b"], ["a", "c"]) == 50)
    }

    @Test func krippendorffLeavesOutUnitsRatedOnce() {
        // The third unit has one rating: not pairable, so alpha is that of the first two.
        let with = CategoricalAgreement.krippendorffAlpha([["a", "a", nil], ["b", "b", "b"], ["a", nil, nil]])
        let without = CategoricalAgreement.krippendorffAlpha([["a", "a", nil], ["b", "b", "b"]])
        #expect(with == without && with == 1)
        #expect(CategoricalAgreement.krippendorffAlpha([["a", "a"], ["a", "a"]]) == nil)
    }

    @Test func fleissNeedsEveryUnitRatedAlike() {
        #expect(CategoricalAgreement.fleissKappa([["a", "a"], ["b"]]) == nil)
        #expect(CategoricalAgreement.fleissKappa([["a", "a", "a"], ["b", "b", "b"]]) == 1)
    }

    @Test func majorityTiesGiveBackground() {
        #expect(LabelVoting.mode([1, 2, 2]) == (2, false))
        #expect(LabelVoting.mode([1, 2, 0]) == (0, true))
        #expect(LabelVoting.mode([3, 3, 0, 0]) == (0, true))
        #expect(LabelVoting.mode([0, 0, 5]) == (0, false))
    }

    @Test func stapleOfUnanimousRatersIsTheirMask() {
        // Two raters marking the same 10 of 100 voxels: sensitivity and specificity 1.
        var counts = [Int](repeating: 0, count: 4)
        counts[0] = 90
        counts[3] = 10
        let s = STAPLE(counts: counts, raters: 2)
        #expect(abs(s.probability[3] - 1) < 1e-12 && abs(s.probability[0]) < 1e-12)
        #expect(s.sensitivity.allSatisfy { abs($0 - 1) < 1e-12 })
    }
}
