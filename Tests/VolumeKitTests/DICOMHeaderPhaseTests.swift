import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// The header phase reads the start of a file only, and folder scans hand their work on.
@Suite(.serialized) struct DICOMHeaderPhaseTests {
    @Test func readsOnlyTheStartOfALargeFile() throws {
        let image = DICOMTestBytes.image(columns: 200, rows: 200)  // 80 000 bytes of pixels
        let path = try DICOMTestBytes.write(image.part10(transferSyntax: "1.2.840.10008.1.2.1"))
        let header = try DICOMHeader.read(path: path)
        #expect(!header.holdsWholeDataset)
        #expect(header.dataset.storage.bytes.count == DICOMHeader.headSize)
        #expect(header.pixelData?.length == 80_000)
        let volume = try VolumeLoader.load(path: path)
        #expect(volume.value(199, 199, 0) == Double((199 * 200 + 199) & 0xFFFF))
    }

    @Test func longHeadersAreReadInGrowingSteps() throws {
        var d = DICOMTestBytes()
        d.text(0x0029, 0x0010, "LO", "ACME")
        d.element(0x0029, 0x1010, "OB", [UInt8](repeating: 7, count: 100_000))  // a big private block
        var image = DICOMTestBytes.image(columns: 4, rows: 3)
        image.bytes = d.bytes + image.bytes  // tags out of order, which the parser tolerates
        let path = try DICOMTestBytes.write(image.part10(transferSyntax: "1.2.840.10008.1.2.1"))
        let header = try DICOMHeader.read(path: path)
        #expect(header.pixelData?.length == 24)
        #expect(header.dataset.int(.rows) == 3)
    }

    @Test func scannedHeadersAreReusedUntilTheFileChanges() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slicemark-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let a = folder.appendingPathComponent("a.dcm").path, b = folder.appendingPathComponent("b.dcm").path
        try FileManager.default.copyItem(atPath: Fixtures.path("pydicom/CT_small.dcm"), toPath: a)
        try FileManager.default.copyItem(atPath: Fixtures.path("pydicom/MR_small.dcm"), toPath: b)
        _ = try FolderScanner.scan(folder: folder.path, progress: nil)
        #expect(DICOMHeaderCache.shared.take(for: try ReadableFile(path: a)) != nil)
        #expect(DICOMHeaderCache.shared.take(for: try ReadableFile(path: a)) == nil)  // used once
        // A file changed since the scan is parsed again.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: b)
        #expect(DICOMHeaderCache.shared.take(for: try ReadableFile(path: b)) == nil)
    }
}
