import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// Damaged input gives a `VolumeKitError` naming the file and the place, quickly, without
/// crashing and without allocating what a damaged header claims.
@Suite struct DICOMBadInputTests {
    func error(reading path: String) -> VolumeKitError? {
        do {
            _ = try VolumeLoader.load(path: path)
            return nil
        } catch let error as VolumeKitError {
            return error
        } catch {
            Issue.record("not a VolumeKitError: \(error)")
            return nil
        }
    }

    @Test func emptyFile() throws {
        let path = try DICOMTestBytes.write([])
        #expect(error(reading: path) == .emptyFile(path: path))
    }

    @Test func truncatedAnywhere() throws {
        // MR_small cut at many places: each gives an error with the file's name, never a crash.
        let whole = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.path("pydicom/MR_small.dcm"))))
        let pixels = try #require(try DICOMHeader.read(path: Fixtures.path("pydicom/MR_small.dcm")).pixelData)
        let imageEnd = pixels.offset + (pixels.length ?? 0)  // trailing padding after it is never read
        let path = try DICOMTestBytes.write([], name: "cut.dcm")
        for cut in stride(from: 1, to: imageEnd, by: 97) {
            try Data(whole.prefix(cut)).write(to: URL(fileURLWithPath: path))
            let e = try #require(error(reading: path), "cut at \(cut) read without error")
            #expect(e.path == path)
        }
    }

    @Test func truncatedPixelDataSaysWhere() throws {
        let path = Fixtures.path("pydicom/MR_truncated.dcm")
        let e = try #require(error(reading: path))
        guard case .truncated(_, let detail) = e else { Issue.record("\(e)"); return }
        #expect(detail.contains("(7FE0,0010)"))
        #expect(detail.contains("byte"))
    }

    @Test func lengthPastTheEnd() throws {
        var d = DICOMTestBytes()
        d.text(0x0008, 0x0060, "CS", "CT")
        d.element(0x0010, 0x0010, "PN", Array("Doe^John".utf8), length: 60_000)
        let path = try DICOMTestBytes.write(d.part10(transferSyntax: "1.2.840.10008.1.2.1"))
        let e = try #require(error(reading: path))
        guard case .truncated(_, let detail) = e else { Issue.record("\(e)"); return }
        #expect(detail.contains("(0010,0010)"))
        #expect(detail.contains("60000"))
    }

    @Test func absurdMatrixIsNotAllocated() throws {
        // 65535 × 65535 claimed, 24 bytes present: rejected before any allocation of 8 GB.
        let d = DICOMTestBytes.image(columns: 65535, rows: 3, claimedRows: 65535, pixelBytes: 24)
        let path = try DICOMTestBytes.write(d.part10(transferSyntax: "1.2.840.10008.1.2.1"))
        let start = Date()
        let e = try #require(error(reading: path))
        #expect(Date().timeIntervalSince(start) < 1)
        guard case .truncated = e else { Issue.record("\(e)"); return }
    }

    @Test func absurdFrameCountIsRefusedBeforeAnySizeIsComputed() throws {
        var header = DICOMTestBytes()
        header.text(0x0028, 0x0008, "IS", "99999")
        header.us(0x0028, 0x0010, 65535)
        header.us(0x0028, 0x0011, 65535)
        header.us(0x0028, 0x0100, 16)
        header.element(0x7FE0, 0x0010, "OW", [0, 0, 0, 0])
        let path = try DICOMTestBytes.write(header.part10(transferSyntax: "1.2.840.10008.1.2.1"))
        let e = try #require(error(reading: path))
        guard case .malformed(_, let detail) = e else { Issue.record("\(e)"); return }
        #expect(detail.contains("impossible image size"))
    }

    @Test func compressedDataClaimingAHugeImageIsRefused() throws {
        var d = DICOMTestBytes()
        d.text(0x0028, 0x0008, "IS", "1000")
        d.us(0x0028, 0x0010, 4096)
        d.us(0x0028, 0x0011, 4096)
        d.us(0x0028, 0x0100, 16)
        d.tag(0x7FE0, 0x0010); d.bytes += Array("OB".utf8); d.u16(0); d.u32(DICOMTestBytes.undefined)
        d.item([], undefinedLength: false)
        d.item([0xFF, 0xD8, 0xFF, 0xD9], undefinedLength: false)
        d.sequenceDelimiter()
        let path = try DICOMTestBytes.write(d.part10(transferSyntax: "1.2.840.10008.1.2.4.50"))
        let e = try #require(error(reading: path))
        guard case .malformed(_, let detail) = e else { Issue.record("\(e)"); return }
        #expect(detail.contains("compressed bytes"))
    }

    @Test func zeroRowsIsMalformed() throws {
        let d = DICOMTestBytes.image(columns: 4, rows: 3, claimedRows: 0)
        let path = try DICOMTestBytes.write(d.part10(transferSyntax: "1.2.840.10008.1.2.1"))
        let e = try #require(error(reading: path))
        guard case .malformed(_, let detail) = e else { Issue.record("\(e)"); return }
        #expect(detail.contains("Rows"))
    }

    @Test func garbageSequenceIsMalformedNotACrash() throws {
        var d = DICOMTestBytes()
        d.element(0x0008, 0x1140, "SQ", [0x08, 0x00, 0x60, 0x00, 4, 0, 0, 0, 0x41, 0x41, 0x41, 0x41])
        let path = try DICOMTestBytes.write(d.part10(transferSyntax: "1.2.840.10008.1.2.1"))
        let e = try #require(error(reading: path))
        #expect(e.description.contains("(0008,1140)"))
    }

    @Test func deeplyNestedUndefinedSequencesStop() throws {
        // 200 levels of undefined-length sequences: refused, not a stack overflow.
        var d = DICOMTestBytes()
        for _ in 0..<200 {
            d.tag(0x0008, 0x1140); d.bytes += Array("SQ".utf8); d.u16(0); d.u32(DICOMTestBytes.undefined)
            d.tag(0xFFFE, 0xE000); d.u32(DICOMTestBytes.undefined)
        }
        let path = try DICOMTestBytes.write(d.part10(transferSyntax: "1.2.840.10008.1.2.1"))
        let e = try #require(error(reading: path))
        #expect(e.path == path)
    }

    @Test func notDICOMAtAll() throws {
        let path = try DICOMTestBytes.write(Array(String(repeating: "just some text\n", count: 40).utf8), name: "notes.txt")
        #expect(error(reading: path) == .notAnImage(path: path))
    }

    @Test func objectWithoutImage() throws {
        let path = Fixtures.path("pydicom/rtplan.dcm")
        let e = try #require(error(reading: path))
        #expect(e.description.contains("no image"))
    }

    @Test func folderWithoutImages() throws {
        let path = try DICOMTestBytes.write(Array("text".utf8), name: "readme.txt")
        let folder = (path as NSString).deletingLastPathComponent
        #expect(error(reading: folder) == .noImagesFound(path: folder))
    }

    @Test func fragmentsUnderAnUncompressedSyntaxAreMalformed() throws {
        var d = DICOMTestBytes.image(columns: 2, rows: 2)
        d.bytes.removeLast(20)  // drop the native pixel data element
        d.tag(0x7FE0, 0x0010); d.bytes += Array("OB".utf8); d.u16(0); d.u32(DICOMTestBytes.undefined)
        d.item([], undefinedLength: false)
        d.item([1, 2, 3, 4, 5, 6, 7, 8], undefinedLength: false)
        d.sequenceDelimiter()
        let path = try DICOMTestBytes.write(d.part10(transferSyntax: "1.2.840.10008.1.2.1"))
        let e = try #require(error(reading: path))
        #expect(e.description.contains("says it is uncompressed"))
    }

    /// A 2×2 image whose pixel data is one encapsulated fragment of four bytes, in `transferSyntax`.
    static func encapsulated(transferSyntax: String) throws -> String {
        var d = DICOMTestBytes.image(columns: 2, rows: 2)
        d.bytes.removeLast(8 + 4 + 8)  // drop the native pixel data element
        d.tag(0x7FE0, 0x0010); d.bytes += Array("OB".utf8); d.u16(0); d.u32(DICOMTestBytes.undefined)
        d.item([], undefinedLength: false)
        d.item([1, 2, 3, 4], undefinedLength: false)
        d.sequenceDelimiter()
        return try DICOMTestBytes.write(d.part10(transferSyntax: transferSyntax))
    }

    @Test func undecodableTransferSyntaxIsNamed() throws {
        let path = try Self.encapsulated(transferSyntax: "1.2.840.10008.1.2.4.92")
        let e = try #require(error(reading: path))
        #expect(e.description.contains("JPEG 2000 Part 2 Multi-component Lossless"))
        #expect(e.description.contains("1.2.840.10008.1.2.4.92"))
    }

    @Test func aVideoWhoseStreamHoldsNoPictureIsAnError() throws {
        let path = try Self.encapsulated(transferSyntax: "1.2.840.10008.1.2.4.100")
        let e = try #require(error(reading: path))
        #expect(e.description.contains(path))
        #expect(e.description.contains("MPEG-2") && e.description.contains("holds no picture that decodes"), "\(e)")
    }
}
