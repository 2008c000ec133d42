import Foundation

/// The grid a segmentation is laid on (an image's, or one built from its own frames), and
/// where on it each frame goes.
struct DICOMSegmentationGrid {
    let width: Int
    let height: Int
    let depth: Int
    let geometry: VolumeGeometry
    /// SOP Instance UID of each slice, when known (for frames without a position).
    let sliceSOPs: [String]

    /// The largest label map `ownGrid` builds (voxels): well above any real segmentation.
    static let maximumVoxels = 1 << 31

    struct Placement {
        /// Grid position of the frame's first pixel.
        let i: Int
        let j: Int
        let k: Int
    }

    func place(_ frame: DICOMSegmentationFrame, frame n: Int, summary: DICOMSegmentationSummary) throws(DICOMSegmentationError) -> Placement {
        let path = summary.path
        let direction = geometry.direction
        if let row = frame.rowCosine, let column = frame.columnCosine {
            let tolerance = DICOMSegmentation.orientationTolerance
            guard dot(row, direction.columns[0]) >= 1 - tolerance, dot(column, direction.columns[1]) >= 1 - tolerance else {
                throw .gridMismatch(path: path, frame: n, detail: "it is oriented \(Self.text(row)), \(Self.text(column)) (row, column directions) but the image \(Self.text(direction.columns[0])), \(Self.text(direction.columns[1]))")
            }
        }
        if let spacing = frame.pixelSpacing, geometry.spacingKnown {
            let own = SIMD2(spacing.y, spacing.x)  // along a row (x), down a column (y)
            let grid = SIMD2(geometry.spacing.x, geometry.spacing.y)
            let tolerance = DICOMSegmentation.spacingTolerance
            guard abs(own.x - grid.x) <= tolerance * grid.x, abs(own.y - grid.y) <= tolerance * grid.y else {
                throw .gridMismatch(path: path, frame: n, detail: String(format: "its pixels are %g × %g mm, the image's %g × %g mm (never resampled)", own.x, own.y, grid.x, grid.y))
            }
        }
        guard let position = frame.position else {
            if let k = frame.sourceInstanceUIDs.lazy.compactMap({ self.sliceSOPs.firstIndex(of: $0) }).first {
                return Placement(i: 0, j: 0, k: k)
            }
            throw .gridMismatch(path: path, frame: n, detail: "it has no Plane Position Sequence (0020,9113) and no source image among the image's slices")
        }
        let index = geometry.index(ofPatientPosition: position)
        let rounded = index.rounded(.toNearestOrEven)
        let difference = index - rounded
        let off = SIMD3(abs(difference.x), abs(difference.y), abs(difference.z))
        let tolerance = DICOMSegmentation.positionTolerance
        guard off.x <= tolerance, off.y <= tolerance else {
            throw .gridMismatch(path: path, frame: n, detail: String(format: "its first pixel lies %.2f, %.2f pixels off the image's pixel centres", index.x - rounded.x, index.y - rounded.y))
        }
        guard off.z <= tolerance else {
            throw .gridMismatch(path: path, frame: n, detail: String(format: "it lies %.2f mm from the nearest slice (slices %.2f mm apart)", off.z * geometry.spacing.z, geometry.spacing.z))
        }
        guard rounded.z >= 0, rounded.z < Double(depth), abs(rounded.x) < 1e9, abs(rounded.y) < 1e9 else {
            throw .gridMismatch(path: path, frame: n, detail: String(format: "it lies at slice %.0f, outside the image's slices 0…%d", rounded.z, depth - 1))
        }
        return Placement(i: Int(rounded.x), j: Int(rounded.y), k: Int(rounded.z))
    }

    /// A grid of the segmentation's own frames (see `DICOMSegmentation.ownGrid()`).
    static func own(_ summary: DICOMSegmentationSummary) throws(DICOMSegmentationError) -> DICOMSegmentationGrid {
        let path = summary.path
        let frames = summary.frames
        var positions: [SIMD3<Double>] = []
        for (n, f) in frames.enumerated() {
            guard let p = f.position, p.x.isFinite, p.y.isFinite, p.z.isFinite else {
                throw .malformed(path: path, detail: "frame \(n + 1) has no usable Plane Position Sequence (0020,9113): where it lies is unknown")
            }
            positions.append(p)
        }
        let first = frames[0]
        let row = first.rowCosine ?? SIMD3(1, 0, 0), column = first.columnCosine ?? SIMD3(0, 1, 0)
        var normal = cross(row, column)
        guard length(normal) > 1e-6 else {
            throw .malformed(path: path, detail: "Image Orientation (Patient) of frame 1 has parallel row and column directions")
        }
        normal /= length(normal)
        let tolerance = DICOMSegmentation.orientationTolerance
        for (n, f) in frames.enumerated() {
            let r = f.rowCosine ?? row, c = f.columnCosine ?? column
            guard dot(r, row) >= 1 - tolerance, dot(c, column) >= 1 - tolerance else {
                throw .gridMismatch(path: path, frame: n, detail: "its orientation differs from frame 1's; the frames do not form one stack")
            }
        }
        let pixel = first.pixelSpacing
        let spacing2D = SIMD2(pixel?.y ?? 1, pixel?.x ?? 1)  // along a row (x), down a column (y)
        let p0 = positions[0]
        for (n, p) in positions.enumerated() {
            let u = dot(p - p0, row) / spacing2D.x, v = dot(p - p0, column) / spacing2D.y
            guard abs(u) <= DICOMSegmentation.positionTolerance, abs(v) <= DICOMSegmentation.positionTolerance else {
                throw .gridMismatch(path: path, frame: n, detail: String(format: "it is shifted %.2f, %.2f pixels in plane from frame 1; the frames do not form one stack", u, v))
            }
        }

        var distances = positions.map { dot($0, normal) }.sorted()
        var distinct: [Double] = []
        for d in distances where distinct.last.map({ d - $0 > DICOMSliceSorter.samePositionTolerance }) ?? true { distinct.append(d) }
        distances = distinct
        let d0 = distances[0]
        func fits(_ step: Double) -> Bool {
            distances.allSatisfy { d in
                let k = (d - d0) / step
                return abs(k - k.rounded()) <= DICOMSegmentation.positionTolerance
            }
        }
        var step = first.sliceSpacing.flatMap { $0 > 0 ? $0 : nil } ?? 1
        if distances.count > 1 {
            let smallest = zip(distances.dropFirst(), distances).map { $0 - $1 }.min()!
            let span = distances.last! - d0
            let stated = first.sliceSpacing ?? 0
            if stated > 0, stated <= smallest * (1 + DICOMSegmentation.positionTolerance), fits(stated),
               span / stated < Double(16 * distances.count) {
                step = stated
            } else if fits(smallest) {
                step = smallest
            } else {
                throw .gridMismatch(path: path, frame: nil, detail: String(format: "the frames lie %.3f to %.3f mm apart, which no regular slice spacing holds", smallest, zip(distances.dropFirst(), distances).map { $0 - $1 }.max()!))
            }
        }
        let slices = ((distances.last! - d0) / step).rounded() + 1
        guard slices.isFinite, slices * Double(summary.rows * summary.columns) <= Double(maximumVoxels) else {
            throw .unsupported(path: path, detail: String(format: "a grid of %d × %d × %.0f voxels", summary.columns, summary.rows, slices))
        }
        // Writers leave out empty frames, so slices between frames are expected, but not a
        // stack of mostly empty slices a damaged position would make.
        guard slices <= Double(64 * distances.count + 64) else {
            throw .gridMismatch(path: path, frame: nil, detail: String(format: "%d frame position(s) spread over %.0f slices of %.3f mm", distances.count, slices, step))
        }
        let depth = Int(slices)
        let origin = p0 + normal * (d0 - dot(p0, normal))
        let geometry = VolumeGeometry(origin: origin, spacing: SIMD3(spacing2D.x, spacing2D.y, step),
                                      direction: Matrix3(columns: [row, column, normal]),
                                      spacingSource: pixel == nil ? .unknown : .pixelSpacing)
        return DICOMSegmentationGrid(width: summary.columns, height: summary.rows, depth: depth, geometry: geometry, sliceSOPs: [])
    }

    static func text(_ v: SIMD3<Double>) -> String { String(format: "(%.4f, %.4f, %.4f)", v.x, v.y, v.z) }
}
