import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// DICOM Segmentations read against pydicom, highdicom and numpy (`scripts/expected/dicom_seg.py`).
@Suite struct DICOMSegmentationFixtureTests {
    /// Compares a label grid with the script's `{dimensions, origin, spacing, direction, counts, runs}`.
    func expectGrid(_ labels: DICOMSegmentationLabels, _ expected: [String: Any], _ name: String,
                    sourceLocation: SourceLocation = #_sourceLocation) {
        let map = labels.labelMap
        #expect(map.dimensions == ExpectedSegmentation.ints(expected["dimensions"]), "\(name) dimensions", sourceLocation: sourceLocation)
        let origin = ExpectedSegmentation.doubles(expected["origin"])
        let spacing = ExpectedSegmentation.doubles(expected["spacing"])
        let direction = (expected["direction"] as? [Any] ?? []).map { ExpectedSegmentation.doubles($0) }
        for a in 0..<3 {
            #expect(abs(map.geometry.origin[a] - origin[a]) < 1e-3, "\(name) origin \(map.geometry.origin) vs \(origin)", sourceLocation: sourceLocation)
            #expect(abs(map.geometry.spacing[a] - spacing[a]) < 1e-4, "\(name) spacing \(map.geometry.spacing) vs \(spacing)", sourceLocation: sourceLocation)
            for b in 0..<3 {
                #expect(abs(map.geometry.direction.columns[a][b] - direction[a][b]) < 1e-4, "\(name) direction", sourceLocation: sourceLocation)
            }
        }
        #expect(map.counts() == ExpectedSegmentation.counts(expected["counts"]), "\(name) voxels per label", sourceLocation: sourceLocation)
        let runs = sameRuns(map, ExpectedSegmentation.runs(expected["runs"]))
        #expect(runs.same, "\(name): \(runs.detail)", sourceLocation: sourceLocation)
    }

    @Test func liverAloneOnItsOwnGrid() throws {
        let expected = ExpectedSegmentation.liver
        let seg = try DICOMSegmentation.read(path: ExpectedSegmentation.path(expected))
        #expect(seg.type == .binary)
        #expect(seg.summary.rows == 512 && seg.summary.columns == 512)
        #expect(seg.summary.referencedSeriesInstanceUIDs == expected["referencedSeries"] as? [String])
        let frames = expected["frames"] as? [[String: Any]] ?? []
        try #require(seg.frames.count == frames.count)
        for (n, f) in frames.enumerated() {
            #expect(seg.frames[n].segmentNumber == (f["segment"] as? NSNumber)?.intValue)
            let p = ExpectedSegmentation.doubles(f["position"])
            #expect(seg.frames[n].position == SIMD3(p[0], p[1], p[2]), "frame \(n + 1) position")
            #expect(seg.masks[n].count == (f["pixels"] as? NSNumber)?.intValue, "frame \(n + 1) pixels in the segment")
        }
        let segments = expected["segments"] as? [[String: Any]] ?? []
        #expect(seg.segments.map(\.label) == segments.map { $0["label"] as? String ?? "" })
        #expect(seg.segments.map(\.algorithmType) == segments.map { $0["algorithmType"] as? String })
        #expect(seg.segments.first?.propertyType == "Liver")
        #expect(seg.segments.map { $0.color.map { [Int($0.x), Int($0.y), Int($0.z)] } ?? [] }
                == segments.map { ExpectedSegmentation.ints($0["rgb"]) })
        let labels = try seg.ownGrid()
        #expect(labels.overlappingVoxels == 0)
        expectGrid(labels, expected["ownGrid"] as? [String: Any] ?? [:], "liver.dcm")
    }

    @Test func headerOnlySummary() throws {
        let summary = try #require(try DICOMSegmentation.summary(path: ExpectedSegmentation.path(ExpectedSegmentation.liver)))
        #expect(summary.frames.count == 3)
        #expect(summary.segments.map(\.number) == [1])
        #expect(summary.referencedInstanceUIDs.count == 3)
        #expect(DICOMSegmentation.isSegmentation(path: ExpectedSegmentation.path(ExpectedSegmentation.liver)))
        #expect(!DICOMSegmentation.isSegmentation(path: Fixtures.path("pydicom/CT_small.dcm")))
        #expect(try DICOMSegmentation.summary(path: Fixtures.path("pydicom/CT_small.dcm")) == nil)
    }

    static var highdicomFiles: [String] { ExpectedSegmentation.segmentations.map { $0["path"] as? String ?? "" } }

    @Test(arguments: highdicomFiles)
    func highdicomSegmentationOnItsSeries(_ relative: String) throws {
        let expected = try #require(ExpectedSegmentation.segmentations.first { $0["path"] as? String == relative })
        let seg = try DICOMSegmentation.read(path: Fixtures.path(relative))
        #expect(seg.type.rawValue == expected["type"] as? String)
        #expect(seg.summary.transferSyntaxUID == expected["transferSyntax"] as? String)
        #expect(seg.frames.count == (expected["frames"] as? NSNumber)?.intValue)
        #expect(seg.summary.maximumFractionalValue == (expected["maximumFractionalValue"] as? NSNumber)?.intValue)
        let segments = expected["segments"] as? [[String: Any]] ?? []
        #expect(seg.segments.map(\.number) == segments.map { ($0["number"] as? NSNumber)?.intValue ?? 0 })
        #expect(seg.segments.map(\.label) == segments.map { $0["label"] as? String ?? "" })
        #expect(seg.segments.map { $0.color.map { [Int($0.x), Int($0.y), Int($0.z)] } ?? [] }
                == segments.map { ExpectedSegmentation.ints($0["rgb"]) }, "sRGB as highdicom converts the CIELab values")

        let series = ExpectedSegmentation.series
        let sources = try VolumeLoader.sources(at: Fixtures.path(series["folder"] as? String ?? ""))
        let pairing = DICOMSegmentationPairing.split(sources)
        #expect(pairing.images.count == 1, "the series is the only image: \(pairing.images.map(\.title))")
        let pair = try #require(pairing.segmentations.first { $0.summary.path == seg.path })
        let source = try #require(pair.series)
        #expect(source.seriesInstanceUID == series["seriesInstanceUID"] as? String)
        #expect(try seg.summary.referencedSeries(in: sources) == source)

        let volume = try VolumeLoader.load(.dicomSeries(source))
        #expect(volume.dimensions == ExpectedSegmentation.ints(series["dimensions"]))
        let labels = try seg.labelMap(on: volume)
        #expect(labels.labelMap.geometry == volume.geometry)
        if let slices = expected["frameSlices"] { #expect(labels.frameSlices == ExpectedSegmentation.ints(slices)) }
        let onSeries = expected["onSeries"] as? [String: Any] ?? [:]
        #expect(labels.overlappingVoxels == (onSeries["overlapping"] as? NSNumber)?.intValue)
        #expect(labels.labelMap.counts() == ExpectedSegmentation.counts(onSeries["counts"]))
        let runs = sameRuns(labels.labelMap, ExpectedSegmentation.runs(onSeries["runs"]))
        #expect(runs.same, "\(runs.detail)")

        expectGrid(try seg.ownGrid(), expected["ownGrid"] as? [String: Any] ?? [:], "\(relative) alone")
    }

    @Test func aloneItsSeriesIsMissing() throws {
        let alone = ExpectedSegmentation.alone
        let sources = try VolumeLoader.sources(at: Fixtures.path(alone["folder"] as? String ?? ""))
        let pairing = DICOMSegmentationPairing.split(sources)
        #expect(pairing.images.isEmpty)
        let pair = try #require(pairing.segmentations.first)
        #expect(pair.series == nil)
        let referenced = alone["referencedSeries"] as? [String] ?? []
        #expect(throws: DICOMSegmentationError.referencedSeriesMissing(path: pair.summary.path, referenced: referenced)) {
            try pair.summary.referencedSeries(in: sources)
        }
        let message = DICOMSegmentationError.referencedSeriesMissing(path: pair.summary.path, referenced: referenced).description
        #expect(message.contains(referenced.first ?? "?") && !message.contains("\n"))
    }
}

/// Frames without a plane position, and the label image for a segmentation shown alone.
@Suite struct DICOMSegmentationPlacementTests {
    @Test func framesWithoutPositionGoToTheirSourceImage() throws {
        let entry = ExpectedSegmentation.root["noPositions"] as? [String: Any] ?? [:]
        let like = try #require(ExpectedSegmentation.segmentations.first { $0["path"] as? String == entry["like"] as? String })
        let seg = try DICOMSegmentation.read(path: ExpectedSegmentation.path(entry))
        #expect(seg.frames.allSatisfy { $0.position == nil && $0.sourceInstanceUIDs.count == 1 })
        let sources = try VolumeLoader.sources(at: Fixtures.path(ExpectedSegmentation.series["folder"] as? String ?? ""))
        let volume = try VolumeLoader.load(.dicomSeries(try seg.summary.referencedSeries(in: sources)))
        let labels = try seg.labelMap(on: volume)
        let onSeries = like["onSeries"] as? [String: Any] ?? [:]
        #expect(labels.frameSlices == ExpectedSegmentation.ints(like["frameSlices"]))
        let runs = sameRuns(labels.labelMap, ExpectedSegmentation.runs(onSeries["runs"]))
        #expect(runs.same, "\(runs.detail)")
        #expect(throws: DICOMSegmentationError.self) { try seg.ownGrid() }
    }

    @Test func labelMapPixelsNameTheirSegment() throws {
        // A label map cannot overlap, so each pixel's segment is the value numpy expects there.
        let entry = try #require(ExpectedSegmentation.segmentations.first { $0["type"] as? String == "LABELMAP" })
        let seg = try DICOMSegmentation.read(path: ExpectedSegmentation.path(entry))
        #expect(seg.type == .labelMap && seg.frames.allSatisfy { $0.segmentNumber == 0 })
        let labels = try seg.ownGrid()
        var differing = 0
        for n in seg.frames.indices {
            for offset in 0..<(seg.summary.rows * seg.summary.columns) {
                let value = labels.labelMap[offset % seg.summary.columns, offset / seg.summary.columns, labels.frameSlices[n]]
                if seg.segmentNumber(frame: n, offset: offset) != Int(value) { differing += 1 }
            }
        }
        #expect(differing == 0)
        #expect(labels.labelMap.counts() == ExpectedSegmentation.counts((entry["ownGrid"] as? [String: Any])?["counts"]))
    }

    @Test func labelVolumeHoldsTheLabels() throws {
        let seg = try DICOMSegmentation.read(path: ExpectedSegmentation.path(ExpectedSegmentation.segmentations[0]))
        let labels = try seg.ownGrid()
        let volume = seg.labelVolume(labels)
        #expect(volume.dimensions == labels.labelMap.dimensions)
        #expect(volume.voxelType == .uint8)
        #expect(volume.geometry == labels.labelMap.geometry)
        #expect(volume.metadata.modality == "SEG")
        var same = true
        for k in 0..<volume.depth {
            for j in 0..<volume.height {
                for i in 0..<volume.width where volume.value(i, j, k) != Double(labels.labelMap[i, j, k]) { same = false }
            }
        }
        #expect(same)
        #expect(volume.metadata.warnings.contains { $0.contains("\(labels.overlappingVoxels) voxel(s)") })
    }
}
