import Foundation
import Testing
import TestSupport
import VolumeKit
@testable import Annotations

@Suite struct LabelPaintingTests {
    /// The ramp volume: stored value i + 10 j + 100 k, rescaled by 2 v − 1000.
    let image = SyntheticVolume.ramp(width: 20, height: 16, depth: 6,
                                     geometry: VolumeGeometry(origin: [0, 0, 0], spacing: [1, 1, 1]),
                                     rescale: Rescale(slope: 2, intercept: -1000))

    func map(with values: (Int, Int, Int) -> UInt16) -> LabelMap {
        var m = LabelMap(grid: image)
        for k in 0..<image.depth { for j in 0..<image.height { for i in 0..<image.width { m[i, j, k] = values(i, j, k) } } }
        return m
    }

    /// A 3×3 square brush footprint (radius √2 on a 1 mm grid) at (5, 5, 2).
    let square = (4...6).flatMap { j in (4...6).map { i in SIMD3(i, j, 2) } }

    @Test func overAllReplacesEverything() {
        var m = map { i, _, _ in i == 5 ? 3 : 0 }
        let edit = LabelPainting.dab(&m, at: [5, 5, 2], normalAxis: 2, brush: LabelBrush(label: 1, radius: 1.5),
                                     image: image, timepoint: 0)
        #expect(square.allSatisfy { m[$0] == 1 })
        #expect(edit.changedVoxels == 9)
        #expect(edit.changedByLabel() == [1: 9, 0: -6, 3: -3])
        #expect(edit.changes()[3] == LabelEdit.LabelChange(gained: 0, lost: 3))
    }

    @Test func overUnlabelledKeepsOtherLabels() {
        var m = map { i, _, _ in i == 5 ? 3 : 0 }
        let edit = LabelPainting.dab(&m, at: [5, 5, 2], normalAxis: 2,
                                     brush: LabelBrush(label: 1, radius: 1.5, mode: .overUnlabelled), image: image, timepoint: 0)
        #expect(square.allSatisfy { m[$0] == ($0.x == 5 ? 3 : 1) })
        #expect(edit.changedByLabel() == [1: 6, 0: -6])
    }

    @Test func overOneLabelReplacesOnlyIt() {
        var m = map { i, _, _ in i == 5 ? 3 : i == 4 ? 2 : 0 }
        _ = LabelPainting.dab(&m, at: [5, 5, 2], normalAxis: 2,
                              brush: LabelBrush(label: 1, radius: 1.5, mode: .overLabel(3)), image: image, timepoint: 0)
        #expect(square.allSatisfy { m[$0] == ($0.x == 5 ? 1 : $0.x == 4 ? 2 : 0) })
    }

    /// Label 0 erases; with a mode it erases only that label.
    @Test func eraser() {
        var m = map { i, _, _ in i == 5 ? 3 : 2 }
        _ = LabelPainting.dab(&m, at: [5, 5, 2], normalAxis: 2,
                              brush: LabelBrush(label: 0, radius: 1.5, mode: .overLabel(3)), image: image, timepoint: 0)
        #expect(square.allSatisfy { m[$0] == ($0.x == 5 ? 0 : 2) })
        _ = LabelPainting.dab(&m, at: [5, 5, 2], normalAxis: 2, brush: LabelBrush(label: 0, radius: 1.5), image: image, timepoint: 0)
        #expect(square.allSatisfy { m[$0] == 0 })
        // Label 2 is everywhere but column i = 5; the dabs erased the 6 voxels of it in the square.
        #expect(m.counts()[2] == image.voxelsPerTimepoint - image.height * image.depth - 6)
    }

    /// Only voxels whose real value (2 (i + 10 j + 200) − 1000 = 2 i + 20 j − 600 on slice 2)
    /// is in the range: of the square, rows j = 4, 5, 6 hold −512…−508, −492…−488, −472…−468,
    /// so −491…−480 keeps (5, 5) and (6, 5) only.
    @Test func intensityRange() {
        var m = LabelMap(grid: image)
        let brush = LabelBrush(label: 1, radius: 1.5, range: -491 ... -480)
        _ = LabelPainting.dab(&m, at: [5, 5, 2], normalAxis: 2, brush: brush, image: image, timepoint: 0)
        let painted = square.filter { m[$0] == 1 }
        #expect(painted.allSatisfy { (-491 ... -480).contains(image.value($0.x, $0.y, $0.z)) })
        #expect(painted == [SIMD3(5, 5, 2), SIMD3(6, 5, 2)])
    }

    /// Values above 255 make the map wide; painted and read back exactly.
    @Test func wideLabels() {
        var m = LabelMap(grid: image)
        let edit = LabelPainting.dab(&m, at: [0, 0, 0], normalAxis: 2, brush: LabelBrush(label: 1000, radius: 1),
                                     image: image, timepoint: 0)
        #expect(m.isWide && m[0, 0, 0] == 1000 && m[1, 0, 0] == 1000 && m[0, 1, 0] == 1000 && m[1, 1, 0] == 0)
        #expect(edit.changedVoxels == 3)
        edit.undo(on: &m)
        #expect(m.counts().isEmpty)
    }

    @Test func outsideTheGridDoesNothing() {
        var m = LabelMap(grid: image)
        #expect(LabelPainting.dab(&m, at: [-1, 0, 0], normalAxis: 2, brush: LabelBrush(label: 1), image: image, timepoint: 0).isEmpty)
        #expect(m.counts().isEmpty)
    }

    /// A rectangle drawn on a coronal slice fills exactly RegionMask's pixels there.
    @Test func fillsAnAnnotation() throws {
        var m = LabelMap(grid: image)
        let layout = image.layout(.coronal)
        let corners = [layout.voxel(column: 2, row: 1, slice: 7), layout.voxel(column: 5, row: 3, slice: 7)]
        let annotation = Annotation(id: UUID(), kind: .rectangle, label: "r", annotator: "a", created: Timestamp(millisecondsSince1970: 0),
                                    plane: .coronal, points: corners.map { AnnotationPoint(voxel: $0, geometry: image.geometry) })
        let edit = try LabelPainting.fill(&m, annotation: annotation, brush: LabelBrush(label: 4), image: image)
        #expect(edit.changedVoxels == 4 * 3)
        for c in 2...5 { for r in 1...3 { #expect(m[layout.voxel(column: c, row: r, slice: 7)] == 4) } }
        let landmark = Annotation(id: UUID(), kind: .landmark, label: "l", annotator: "a", created: Timestamp(millisecondsSince1970: 0),
                                  plane: .axial, points: [AnnotationPoint(voxel: [1, 1, 1], geometry: image.geometry)])
        #expect(throws: LabelToolError.notARegion(kind: "landmark")) {
            try LabelPainting.fill(&m, annotation: landmark, brush: LabelBrush(label: 4), image: image)
        }
        let again = LabelPainting.fill(&m, voxels: corners + corners + [[99, 0, 0]], brush: LabelBrush(label: 5), image: image, timepoint: 0)
        #expect(again.changedVoxels == 2)
    }

    /// Growing respects the limit and cancellation (leaving the map untouched), reports
    /// progress, and paints under the brush's mode.
    @Test func growLimitsProgressAndMode() throws {
        let big = blankVolume(80, 80, 40, spacing: [1, 1, 1])
        var m = LabelMap(grid: big)
        #expect(throws: LabelToolError.limitReached(limit: 1000)) {
            try LabelPainting.grow(&m, from: [1, 1, 1], range: -1...1, brush: LabelBrush(label: 1), image: big,
                                   timepoint: 0, limit: 1000) { _ in true }
        }
        #expect(m.counts().isEmpty)
        var reports: [Int] = []
        #expect(throws: LabelToolError.cancelled(voxels: 131_072)) {
            try LabelPainting.grow(&m, from: [1, 1, 1], range: -1...1, brush: LabelBrush(label: 1), image: big,
                                   timepoint: 0, limit: 1 << 30) { n in reports.append(n); return reports.count < 2 }
        }
        #expect(reports == [65536, 131_072])
        #expect(m.counts().isEmpty)
        #expect(throws: LabelToolError.seedOutsideRange(value: 0, range: 1...2)) {
            try LabelPainting.grow(&m, from: [1, 1, 1], range: 1...2, brush: LabelBrush(label: 1), image: big,
                                   timepoint: 0, limit: 10) { _ in true }
        }
        #expect(throws: LabelToolError.seedOutsideImage([80, 0, 0])) {
            try LabelPainting.grow(&m, from: [80, 0, 0], range: 0...0, brush: LabelBrush(label: 1), image: big,
                                   timepoint: 0, limit: 10) { _ in true }
        }
        m[3, 3, 3] = 9
        let edit = try LabelPainting.grow(&m, from: [0, 0, 0], range: 0...0, brush: LabelBrush(label: 2, mode: .overUnlabelled),
                                          image: big, timepoint: 0, limit: 1 << 30) { _ in true }
        #expect(edit.changedVoxels == 80 * 80 * 40 - 1)
        #expect(m[3, 3, 3] == 9)
    }

    /// The ramp's 6-connectivity: a range that holds two separate bands grows only the
    /// seed's band.
    @Test func growIsSixConnected() throws {
        var m = LabelMap(grid: image)
        // Rescaled value 2 (i + 10 j + 100 k) − 1000: i 0…2 of row j = 0, slice 0 lies in −1000…−996;
        // so does nothing else.
        let edit = try LabelPainting.grow(&m, from: [0, 0, 0], range: -1000 ... -996, brush: LabelBrush(label: 1),
                                          image: image, timepoint: 0, limit: 100) { _ in true }
        #expect(edit.indices == [0, 1, 2])
    }

    @Test func interpolationNeedsTwoSlicesWithAGap() {
        var m = LabelMap(grid: image)
        #expect(throws: LabelToolError.nothingToInterpolate(label: 1, labelledSlices: 0)) {
            try LabelPainting.interpolate(m, label: 1, normalAxis: 2)
        }
        m[5, 5, 1] = 1
        m[5, 5, 2] = 1
        #expect(throws: LabelToolError.nothingToInterpolate(label: 1, labelledSlices: 2)) {
            try LabelPainting.interpolate(m, label: 1, normalAxis: 2)
        }
        m[5, 5, 5] = 1
        let edit = try? LabelPainting.interpolate(m, label: 1, normalAxis: 2)
        #expect(edit?.indices.map { Int($0) } == [3, 4].map { $0 * image.width * image.height + 5 * image.width + 5 })
        #expect(LabelToolError.nothingToInterpolate(label: 1, labelledSlices: 1).description.contains("at least two slices"))
    }

    /// Identical shapes on two slices fill the slices between with the same shape.
    @Test func interpolationOfIdenticalShapesCopiesThem() throws {
        var m = LabelMap(grid: image)
        let shape = [SIMD2(3, 4), SIMD2(4, 4), SIMD2(5, 4), SIMD2(4, 5), SIMD2(4, 3), SIMD2(10, 10)]
        for p in shape { m[p.x, p.y, 0] = 6; m[p.x, p.y, 4] = 6 }
        m[4, 4, 2] = 8
        let edit = try LabelPainting.interpolate(m, label: 6, normalAxis: 2)
        edit.redo(on: &m)
        for k in 1...3 {
            for p in shape { #expect(m[p.x, p.y, k] == (k == 2 && p == SIMD2(4, 4) ? 8 : 6)) }
        }
        #expect(m.counts()[6] == shape.count * 5 - 1)
    }
}
