import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// Damaged segmentations, and segmentations that do not fit the image they are put on, give a
/// typed error with a one-line message naming the file; nothing crashes.
@Suite struct DICOMSegmentationBadInputTests {
    func error(_ body: () throws -> Void) -> DICOMSegmentationError? {
        do {
            try body()
        } catch let error as DICOMSegmentationError {
            return error
        } catch {
            Issue.record("not a DICOMSegmentationError: \(error)")
        }
        return nil
    }

    static var badFiles: [String] { ExpectedSegmentation.bad.map { $0["path"] as? String ?? "" } }

    @Test(arguments: badFiles)
    func damagedFile(_ relative: String) throws {
        let expected = try #require(ExpectedSegmentation.bad.first { $0["path"] as? String == relative })
        let path = Fixtures.path(relative)
        let e = try #require(error { _ = try DICOMSegmentation.read(path: path) }, "\(relative) read without error")
        #expect(e.path == path)
        #expect(!e.description.contains("\n") && e.description.hasPrefix(path), "\(e)")
        switch (expected["error"] as? String ?? "", e) {
        case ("truncated", .unreadable(.truncated)): break
        case ("frameCountMismatch", .frameCountMismatch(_, let detail)):
            #expect(detail.contains("Number of Frames (0028,0008)"), "\(detail)")
        case ("unknownSegment", .unknownSegment(_, let frame, let number)):
            #expect(frame == (expected["frame"] as? NSNumber)?.intValue)
            #expect(number == (expected["segment"] as? NSNumber)?.intValue)
        case ("unsupported", .unsupported(_, let detail)):
            #expect(detail.contains("RLE"), "\(detail)")
        case ("notASegmentation", .notASegmentation(_, let sop)):
            #expect(sop == "1.2.840.10008.5.1.4.1.1.2")
        default:
            Issue.record("\(relative): expected \(expected["error"] ?? "?"), got \(e)")
        }
    }

    @Test func cutAnywhereNeverCrashes() throws {
        let source = ExpectedSegmentation.path(ExpectedSegmentation.segmentations[0])
        let whole = try [UInt8](Data(contentsOf: URL(fileURLWithPath: source)))
        let path = try DICOMTestBytes.write([], name: "cut-seg.dcm")
        for cut in stride(from: 1, to: whole.count - 1, by: 211) {
            try Data(whole.prefix(cut)).write(to: URL(fileURLWithPath: path))
            let e = try #require(error { _ = try DICOMSegmentation.read(path: path) }, "cut at \(cut) of \(whole.count) read without error")
            #expect(e.path == path)
        }
    }

    /// The oblique series and its binary segmentation.
    func seriesAndSegmentation() throws -> (Volume, DICOMSegmentation) {
        let folder = Fixtures.path(ExpectedSegmentation.series["folder"] as? String ?? "")
        let sources = try VolumeLoader.sources(at: folder)
        let images = DICOMSegmentationPairing.split(sources).images
        let volume = try VolumeLoader.load(try #require(images.first))
        let seg = try DICOMSegmentation.read(path: ExpectedSegmentation.path(ExpectedSegmentation.segmentations[0]))
        return (volume, seg)
    }

    @Test func anotherSeriesIsRefused() throws {
        var (volume, seg) = try seriesAndSegmentation()
        volume.metadata.identity.seriesInstanceUID = "1.2.3.4"
        let e = try #require(error { _ = try seg.labelMap(on: volume) })
        guard case .notReferenced(_, let series, let referenced) = e else { Issue.record("\(e)"); return }
        #expect(series == "1.2.3.4")
        #expect(referenced == seg.summary.referencedSeriesInstanceUIDs)
    }

    @Test func otherOrientationIsRefused() throws {
        var (volume, seg) = try seriesAndSegmentation()
        let d = volume.geometry.direction
        volume.geometry.direction = Matrix3(columns: [d.columns[1], d.columns[0], -d.columns[2]])
        let e = try #require(error { _ = try seg.labelMap(on: volume) })
        guard case .gridMismatch(_, _, let detail) = e else { Issue.record("\(e)"); return }
        #expect(detail.contains("oriented"), "\(detail)")
    }

    @Test func otherPixelSpacingIsRefused() throws {
        var (volume, seg) = try seriesAndSegmentation()
        volume.geometry.spacing.x = 0.8
        let e = try #require(error { _ = try seg.labelMap(on: volume) })
        guard case .gridMismatch(_, _, let detail) = e else { Issue.record("\(e)"); return }
        #expect(detail.contains("never resampled"), "\(detail)")
    }

    @Test func framesBetweenSlicesAreRefused() throws {
        var (volume, seg) = try seriesAndSegmentation()
        // Half a slice along the normal: every frame falls between two slices.
        volume.geometry.origin += volume.geometry.direction.columns[2] * (volume.geometry.spacing.z / 2)
        let e = try #require(error { _ = try seg.labelMap(on: volume) })
        guard case .gridMismatch(_, let frame, let detail) = e else { Issue.record("\(e)"); return }
        #expect(frame == 0)
        #expect(detail.contains("from the nearest slice"), "\(detail)")
    }

    @Test func framesOutsideTheSlicesAreRefused() throws {
        var (volume, seg) = try seriesAndSegmentation()
        volume.geometry.origin += volume.geometry.direction.columns[2] * (volume.geometry.spacing.z * 9)
        let e = try #require(error { _ = try seg.labelMap(on: volume) })
        guard case .gridMismatch(_, _, let detail) = e else { Issue.record("\(e)"); return }
        #expect(detail.contains("outside the image's slices"), "\(detail)")
    }

    @Test func aFrameFarAwayFitsNoGrid() throws {
        let entry = ExpectedSegmentation.root["farFrame"] as? [String: Any] ?? [:]
        let seg = try DICOMSegmentation.read(path: ExpectedSegmentation.path(entry))
        let alone = try #require(error { _ = try seg.ownGrid() })
        guard case .gridMismatch(_, nil, let detail) = alone else { Issue.record("\(alone)"); return }
        #expect(detail.contains("spread over"), "\(detail)")
        let (volume, _) = try seriesAndSegmentation()
        let onSeries = try #require(error { _ = try seg.labelMap(on: volume) })
        guard case .gridMismatch(_, let frame, let why) = onSeries else { Issue.record("\(onSeries)"); return }
        #expect(frame == (entry["frame"] as? NSNumber)?.intValue)
        #expect(why.contains("outside the image's slices"), "\(why)")
    }

    @Test func aSmallerImageIsRefused() throws {
        let (volume, seg) = try seriesAndSegmentation()
        // The same grid, cropped by 10 columns: pixels of the first segment fall outside.
        let cropped = Volume(width: volume.width - 40, height: volume.height, depth: volume.depth, voxelType: volume.voxelType,
                             geometry: volume.geometry, buffer: volume.buffer, metadata: volume.metadata)
        let e = try #require(error { _ = try seg.labelMap(on: cropped) })
        guard case .gridMismatch(_, _, let detail) = e else { Issue.record("\(e)"); return }
        #expect(detail.contains("outside the image"), "\(detail)")
    }
}
