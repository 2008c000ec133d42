import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// The raw reader and writer: real files written by other tools come back byte for byte, and
/// what is written reads again with the viewer's own parser.
@Suite struct DICOMWritingTests {
    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("pydicom/" + name))))
    }

    /// Explicit and implicit little endian, big endian, encapsulated JPEG, RLE multi-frame,
    /// private and UN sequences, nested sequences of undefined length, files without meta.
    @Test(arguments: ["CT_small.dcm", "MR_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm",
                      "JPEG-lossy.dcm", "SC_rgb_rle_2frame.dcm", "priv_SQ.dcm", "nested_priv_SQ.dcm",
                      "rtplan.dcm", "rtstruct.dcm", "test-SR.dcm", "ExplVR_BigEndNoMeta.dcm", "ExplVR_LitEndNoMeta.dcm",
                      "JPEG2000.dcm", "emri_small_jpeg_2k_lossless.dcm"])
    func roundTripIsByteIdentical(_ name: String) throws {
        let path = name.hasPrefix("emri") ? Fixtures.path("pydicom-data/" + name) : Fixtures.path("pydicom/" + name)
        guard FileManager.default.fileExists(atPath: path) else { Issue.record("missing fixture \(path)"); return }
        let input = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let raw = try DICOMRawReader.read(bytes: input, path: path)
        let output = try DICOMRawWriter.write(raw)
        #expect(output == input, "\(name): \(output.count) bytes written, \(input.count) read")
    }

    /// Deflated data is inflated, and deflated again on writing: the dataset is the same.
    @Test func deflatedDatasetRoundTrips() throws {
        let input = try Self.bytes("image_dfl.dcm")
        let raw = try DICOMRawReader.read(bytes: input, path: "image_dfl.dcm")
        let output = try DICOMRawWriter.write(raw)
        let again = try DICOMRawReader.read(bytes: output, path: "out.dcm")
        #expect(try DICOMRawWriter.encode(again.dataset, explicitVR: true, bigEndian: false)
                == DICOMRawWriter.encode(raw.dataset, explicitVR: true, bigEndian: false))
        let header = try DICOMHeader.parse(bytes: output, path: "out.dcm")
        #expect(header.transferSyntax.isDeflated)
        #expect(header.dataset.string(.sopInstanceUID) == (try DICOMHeader.parse(bytes: input, path: "in").dataset.string(.sopInstanceUID)))
    }

    /// Replacing a value inside a sequence item and in the meta group: lengths are recomputed
    /// and the viewer's parser reads the new values.
    @Test func changedValuesInNestedItemsRead() throws {
        for name in ["MR_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm", "nested_priv_SQ.dcm"] {
            var raw = try DICOMRawReader.read(bytes: try Self.bytes(name), path: name)
            let vr = DICOMValueRepresentation.named("LO")!
            let item = DICOMRawItem(elements: [.text(DICOMTag(0x0008, 0x0104), vr, "a much longer code meaning than before")],
                                    undefinedLength: true)
            let sequence = DICOMRawElement(tag: DICOMTag(0x0008, 0x2218), vr: .SQ, value: .sequence([item], undefinedLength: name.contains("implicit")))
            raw.dataset.removeAll { $0.tag == sequence.tag }
            raw.dataset.append(sequence)
            raw.dataset.sort { $0.tag < $1.tag }
            if let n = raw.meta.firstIndex(where: { $0.tag == DICOMTag(0x0002, 0x0003) }) {
                raw.meta[n] = .text(DICOMTag(0x0002, 0x0003), .UI, "2.25.123")
            }
            let written = try DICOMRawWriter.write(raw)
            let header = try DICOMHeader.parse(bytes: written, path: name)
            #expect(header.dataset.items(DICOMTag(0x0008, 0x2218)).first?.string(DICOMTag(0x0008, 0x0104)) == "a much longer code meaning than before", "\(name)")
            if raw.meta.contains(where: { $0.tag == DICOMTag(0x0002, 0x0003) }) {
                #expect(header.meta?.string(DICOMTag(0x0002, 0x0003)) == "2.25.123")
                // The group length counts the meta elements after it.
                let groupLength = header.meta?.numbers(DICOMTag(0x0002, 0x0000)).first.map { Int($0) }
                let metaEnd = 132 + 12 + (groupLength ?? 0)
                #expect(written[metaEnd] != 0x02 || written[metaEnd + 1] != 0x00, "\(name): the meta group ends where its length says")
            }
        }
    }

    @Test func truncatedFilesAreErrorsNotCrashes() throws {
        let input = try Self.bytes("MR_small.dcm")
        for cut in [140, 400, input.count - 3] {
            #expect(throws: VolumeKitError.self) { try DICOMRawReader.read(bytes: Array(input[0..<cut]), path: "cut.dcm") }
        }
    }
}
