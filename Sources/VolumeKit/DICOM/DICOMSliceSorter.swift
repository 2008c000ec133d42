import Foundation

/// Frames of a series (or of one enhanced multi-frame file) put in order: slices along the
/// normal of the image plane, timepoints when several frames share each position.
struct DICOMSliceGrid: Sendable {
    var depth: Int
    var timepoints: Int
    /// Record index for each (t, k), at `t * depth + k`.
    var slots: [Int]
    var geometry: VolumeGeometry
    var warnings: [String]
}

enum DICOMSliceSorter {
    /// Positions closer than this (mm along the normal) are the same slice position.
    static let samePositionTolerance = 0.01

    static func arrange(_ records: [DICOMFrameRecord], singleFileFallbackSpacing: Double?) -> DICOMSliceGrid {
        var warnings: [String] = []
        let first = records[0]
        let row = first.rowCosine ?? SIMD3(1, 0, 0)
        let col = first.columnCosine ?? SIMD3(0, 1, 0)
        var normal = cross(row, col)
        if length(normal) < 1e-6 { normal = SIMD3(0, 0, 1) }
        normal /= length(normal)
        let spacing2D = first.pixelSpacing ?? SIMD2(1, 1)
        let spacingSource = first.pixelSpacing == nil ? SpacingSource.unknown : first.spacingSource
        let direction = Matrix3(columns: [row, col, normal])
        let fallbackSpacing = singleFileFallbackSpacing ?? first.sliceThickness ?? 1

        let orientations = Set(records.compactMap { r -> [Double]? in
            guard let a = r.rowCosine, let b = r.columnCosine else { return nil }
            return [a.x, a.y, a.z, b.x, b.y, b.z].map { ($0 * 1000).rounded() / 1000 }
        })
        if orientations.count > 1 {
            warnings.append("the slices have \(orientations.count) different orientations; they are shown as if parallel")
        }
        let frames = Set(records.compactMap(\.frameOfReferenceUID))
        if frames.count > 1 {
            warnings.append("the slices belong to \(frames.count) different frames of reference (0020,0052); positions may not line up")
        }
        let sops = records.filter { $0.frame == 0 }.compactMap(\.sopInstanceUID)
        let duplicateSOPs = sops.count - Set(sops).count
        if duplicateSOPs > 0 {
            warnings.append("\(duplicateSOPs) file(s) repeat a SOP Instance UID already in the series")
        }

        let positioned = records.allSatisfy { $0.position != nil }
        if records.count == 1 || !positioned {
            // Frames with neither position nor orientation (a cine) are moments, not slices: no word.
            if !positioned && records.count > 1 && records.contains(where: { $0.rowCosine != nil }) {
                warnings.append("no Image Position (Patient) on every slice: slices are ordered by Instance Number and spaced by Slice Thickness")
            }
            let order = records.indices.sorted { (records[$0].order, records[$0].frame, $0) < (records[$1].order, records[$1].frame, $1) }
            let origin = records[order[0]].position ?? .zero
            let geometry = VolumeGeometry(origin: origin, spacing: SIMD3(spacing2D.y, spacing2D.x, abs(fallbackSpacing) > 0 ? abs(fallbackSpacing) : 1),
                                          direction: direction, spacingSource: spacingSource)
            return DICOMSliceGrid(depth: records.count, timepoints: 1, slots: order, geometry: geometry, warnings: warnings)
        }

        let keys = records.map { dot($0.position!, normal) }
        let order = records.indices.sorted { a, b in
            if abs(keys[a] - keys[b]) > samePositionTolerance { return keys[a] < keys[b] }
            let ta = records[a].temporal ?? 0, tb = records[b].temporal ?? 0
            if ta != tb { return ta < tb }
            return (records[a].order, records[a].file, records[a].frame) < (records[b].order, records[b].file, records[b].frame)
        }
        // Groups of frames at one position.
        var groups: [[Int]] = []
        for index in order {
            if let last = groups.last?.last, abs(keys[index] - keys[last]) <= samePositionTolerance {
                groups[groups.count - 1].append(index)
            } else {
                groups.append([index])
            }
        }
        let sizes = Set(groups.map(\.count))
        var depth = order.count, timepoints = 1
        var slots = order
        var positions = order.map { keys[$0] }
        if sizes.count == 1, let m = sizes.first, m > 1 {
            // Every position holds m frames: m timepoints (or echoes) of one volume; a cine
            // at a single position is one slice over time.
            depth = groups.count
            timepoints = m
            slots = (0..<m).flatMap { t in groups.map { $0[t] } }
            positions = groups.map { keys[$0[0]] }
        } else if groups.count < order.count {
            warnings.append("\(order.count - groups.count) slice(s) share a position with another slice")
        }

        var zSpacing = fallbackSpacing
        if depth > 1 {
            let span = positions[depth - 1] - positions[0]
            zSpacing = span / Double(depth - 1)
            let steps = (1..<depth).map { positions[$0] - positions[$0 - 1] }
            let nonzero = steps.filter { $0 > samePositionTolerance }
            let sortedSteps = nonzero.sorted()
            if let typical = sortedSteps.isEmpty ? nil : sortedSteps[sortedSteps.count / 2] {
                let gaps = steps.enumerated().filter { $0.element > typical * 1.5 }
                for gap in gaps.prefix(3) {
                    warnings.append(String(format: "gap of %.2f mm between slices %d and %d (usual spacing %.2f mm)",
                                           gap.element, gap.offset, gap.offset + 1, typical))
                }
                let uneven = steps.filter { abs($0 - typical) > max(0.01, typical * 0.01) && $0 <= typical * 1.5 }
                if !uneven.isEmpty, let lo = steps.min(), let hi = steps.max() {
                    warnings.append(String(format: "uneven slice spacing: %.3f to %.3f mm", lo, hi))
                }
            }
        }
        if !(zSpacing > 1e-6) { zSpacing = abs(fallbackSpacing) > 0 ? abs(fallbackSpacing) : 1 }
        let origin = records[slots[0]].position!
        let geometry = VolumeGeometry(origin: origin, spacing: SIMD3(spacing2D.y, spacing2D.x, zSpacing), direction: direction,
                                      spacingSource: spacingSource)
        return DICOMSliceGrid(depth: depth, timepoints: timepoints, slots: slots, geometry: geometry, warnings: warnings)
    }
}
