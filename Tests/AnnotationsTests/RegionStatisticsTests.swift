import Testing
import TestSupport
import VolumeKit
@testable import Annotations

/// Statistics on the ramp volume (stored value i + 10 j + 100 k), worked out by hand.
@Suite struct RegionStatisticsTests {
    let geometry = VolumeGeometry(origin: [0, 0, 0], spacing: [0.5, 0.75, 2])

    /// Axial slice k = 3, i 1…3, j 2…4: values i + 10 j + 300. Mean 2 + 30 + 300; the variance
    /// is var(i) + 100 var(j) = 2/3 + 200/3 over the 3 × 3 grid.
    @Test func axialRectangle() {
        let volume = SyntheticVolume.ramp(width: 8, height: 6, depth: 4, geometry: geometry)
        let s = RegionStatistics(kind: .rectangle, points: [[1, 2, 3], [3, 4, 3]], plane: .axial, volume: volume)
        #expect(s.pixelCount == 9)
        #expect(abs(s.areaMM2! - 9 * 0.5 * 0.75) < 1e-12)
        #expect(s.mean == 332)
        #expect(abs(s.std! - (202.0 / 3).squareRoot()) < 1e-9)
        #expect(s.min == 321)
        #expect(s.max == 343)
    }

    /// Same region with rescale slope 2, intercept −1000: values 2 v − 1000.
    @Test func valuesAreRescaled() {
        let volume = SyntheticVolume.ramp(width: 8, height: 6, depth: 4, geometry: geometry,
                                          rescale: Rescale(slope: 2, intercept: -1000))
        let s = RegionStatistics(kind: .rectangle, points: [[1, 2, 3], [3, 4, 3]], plane: .axial, volume: volume)
        #expect(s.mean == -336)
        #expect(abs(s.std! - 2 * (202.0 / 3).squareRoot()) < 1e-9)
        #expect(s.min == -358)
        #expect(s.max == -314)
    }

    /// Coronal slice j = 2, i 1…2, k 0…1: values {21, 22, 121, 122}; the pixel is 0.5 × 2 mm.
    @Test func coronalRectangleUsesThatPlanesPixelSize() {
        let volume = SyntheticVolume.ramp(width: 8, height: 6, depth: 4, geometry: geometry)
        let s = RegionStatistics(kind: .rectangle, points: [[1, 2, 0], [2, 2, 1]], plane: .coronal, volume: volume)
        #expect(s.pixelCount == 4)
        #expect(s.areaMM2 == 4)
        #expect(s.mean == 71.5)
        #expect(abs(s.std! - 2500.25.squareRoot()) < 1e-9)
        #expect(s.min == 21)
        #expect(s.max == 122)
    }

    /// Axial ellipse in the box i 0…4, j 0…2 (slice 0): the 11 pixels of `RegionMaskTests`.
    @Test func ellipseValues() {
        let volume = SyntheticVolume.ramp(width: 8, height: 6, depth: 4, geometry: geometry)
        let s = RegionStatistics(kind: .ellipse, points: [[0, 0, 0], [4, 2, 0]], plane: .axial, volume: volume)
        let values: [Double] = [1, 2, 3, 10, 11, 12, 13, 14, 21, 22, 23]
        #expect(s.pixelCount == 11)
        #expect(abs(s.mean! - values.reduce(0, +) / 11) < 1e-12)
        #expect(s.min == 1)
        #expect(s.max == 23)
    }
}
