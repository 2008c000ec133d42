import Foundation
import Testing
import TestSupport
@testable import VolumeKit

@Suite struct FolderScannerTests {
    @Test(arguments: ExpectedDICOM.scans.map(\.path))
    func findsEverySeriesSplitByOrientationAndMatrix(_ folder: String) throws {
        let expected = try #require(ExpectedDICOM.scans.first { $0.path == folder }).volumes
        let sources = try FolderScanner.scan(folder: Fixtures.path("pydicom/\(folder)"), progress: nil)
        #expect(sources.count == expected)
    }

    @Test func groupsASeriesAndOrdersItsSlices() throws {
        let folder = Fixtures.path("pydicom/dicomdirtests/98892001/CT5N")
        let sources = try FolderScanner.scan(folder: folder, progress: nil)
        #expect(sources.count == 1)
        guard case .dicomSeries(let series) = try #require(sources.first) else { Issue.record("not a series"); return }
        #expect(series.files.count == 5)
        #expect(series.folder == folder)
        #expect(series.title.contains("CT"))
        let volume = try VolumeLoader.load(sources[0])
        // Files 2062 … 3353 go from z 8.76 down to −1.24: the volume starts at the lowest.
        #expect(volume.metadata.sourceFiles.first?.hasSuffix("3353") == true)
        #expect(abs(volume.geometry.origin.z - -1.2375) < 1e-4)
    }

    @Test func isStableFromRunToRun() throws {
        let folder = Fixtures.path("pydicom/dicomdirtests")
        let first = try FolderScanner.scan(folder: folder, progress: nil)
        let second = try FolderScanner.scan(folder: folder, progress: nil)
        #expect(first == second)
        #expect(first.count > 10)
    }

    @Test func skipsDICOMDIRAndNonImagesAndFindsOtherFormats() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slicemark-scan-\(UUID().uuidString)")
        let nested = folder.appendingPathComponent("a/b")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        let copy = { (from: String, to: URL) in
            try FileManager.default.copyItem(at: URL(fileURLWithPath: Fixtures.path(from)), to: to)
        }
        try copy("pydicom/dicomdirtests/DICOMDIR", folder.appendingPathComponent("DICOMDIR"))
        try copy("pydicom/rtplan.dcm", folder.appendingPathComponent("plan.dcm"))   // no image
        try copy("pydicom/CT_small.dcm", nested.appendingPathComponent("ct.dcm"))
        try Data("notes".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        try Data([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3]).write(to: folder.appendingPathComponent("scan+orig.BRIK.gz"))
        // An Analyze pair: found once, through its .hdr.
        try Data(Self.analyzeHeader()).write(to: folder.appendingPathComponent("brain.hdr"))
        try Data(count: 8).write(to: folder.appendingPathComponent("brain.img"))
        // The same in upper case, as old Analyze archives name them.
        try Data(Self.analyzeHeader()).write(to: folder.appendingPathComponent("OLD.HDR"))
        try Data(count: 8).write(to: folder.appendingPathComponent("OLD.IMG"))
        // A header whose image was not copied is no image.
        try Data(Self.analyzeHeader()).write(to: folder.appendingPathComponent("lost.hdr"))
        let sources = try FolderScanner.scan(folder: folder.path, progress: nil)
        let titles = sources.map(\.title)
        // The pair counts once the Analyze sniffer recognises its header (the NIfTI reader's job).
        let analyzeKnown = (try? VolumeLoader.detectFormat(path: folder.appendingPathComponent("brain.hdr").path)) != nil
        #expect(sources.count == (analyzeKnown ? 3 : 1), "\(titles)")
        #expect(titles.contains { $0.hasSuffix("brain.hdr") } == analyzeKnown)
        #expect(titles.contains { $0.hasSuffix("OLD.HDR") } == analyzeKnown)
        #expect(!titles.contains { $0.hasSuffix("brain.img") || $0.hasSuffix("OLD.IMG") || $0.hasSuffix("lost.hdr") })
        #expect(sources.contains { if case .dicomSeries(let s) = $0 { return s.files.count == 1 } else { return false } })
    }

    @Test func reportsProgress() throws {
        final class Seen: @unchecked Sendable {
            let lock = NSLock()
            var last: LoadProgress?
        }
        let seen = Seen()
        _ = try FolderScanner.scan(folder: Fixtures.path("pydicom/dicomdirtests/98892003"), progress: { p in
            seen.lock.lock(); seen.last = p; seen.lock.unlock()
        })
        let last = try #require(seen.last)
        #expect(last.completed == last.total)
        #expect(last.total >= 17)
    }

    /// 348-byte Analyze 7.5 header (sizeof_hdr 348, 2×2×2 uint8) for the pair test.
    static func analyzeHeader() -> [UInt8] {
        var h = [UInt8](repeating: 0, count: 348)
        h[0] = 0x5C; h[1] = 0x01  // 348 little endian
        let dims: [Int16] = [3, 2, 2, 2, 1, 1, 1, 1]
        for (n, d) in dims.enumerated() { h[40 + 2 * n] = UInt8(d); h[41 + 2 * n] = 0 }
        h[70] = 2   // datatype uint8
        h[72] = 8   // bitpix
        return h
    }
}
