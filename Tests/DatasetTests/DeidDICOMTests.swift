@testable import Dataset
import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// The profile applied to pydicom's sample files in memory: options, cleaning, markers.
@Suite struct DeidDICOMTests {
    static let keys = DeidKeys(secret: Array(repeating: 42, count: 32))

    static func read(_ name: String) throws -> DICOMRawFile {
        let path = Fixtures.path("pydicom/" + name)
        return try DICOMRawReader.read(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))), path: path)
    }

    static func deid(_ name: String, _ options: Set<DeidOption> = [], edit: (inout DICOMRawFile) -> Void = { _ in },
                     pixels: [PixelRectangle] = []) throws -> (DeidDICOMResult, DICOMHeader) {
        var raw = try read(name)
        edit(&raw)
        let result = try DeidDICOM(keys: keys, settings: DeidSettings(options: options, cleanPixels: pixels)).run(raw, path: name)
        return (result, try DICOMHeader.parse(bytes: result.bytes, path: name))
    }

    static func set(_ raw: inout DICOMRawFile, _ group: UInt16, _ element: UInt16, _ vr: String, _ text: String) {
        let tag = DICOMTag(group, element)
        raw.dataset.removeAll { $0.tag == tag }
        raw.dataset.append(.text(tag, DICOMValueRepresentation.named(vr)!, text))
        raw.dataset.sort { $0.tag < $1.tag }
    }

    @Test func basicProfileAndMarkers() throws {
        let original = try DICOMHeader.parse(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("pydicom/CT_small.dcm")))), path: "in")
        let (result, header) = try Self.deid("CT_small.dcm")
        let d = header.dataset
        #expect(d.string(DICOMTag(0x0010, 0x0010)) == result.pseudonym)
        #expect(d.string(DICOMTag(0x0010, 0x0020)) == result.pseudonym)
        #expect(d.string(.sopInstanceUID) == Self.keys.uid(for: original.dataset.string(.sopInstanceUID)!))
        #expect(header.meta?.string(DICOMTag(0x0002, 0x0003)) == d.string(.sopInstanceUID))
        #expect(d.string(.sopClassUID) == original.dataset.string(.sopClassUID))
        #expect(d.string(DICOMTag(0x0012, 0x0062)) == "YES")
        #expect(d.strings(DICOMTag(0x0012, 0x0063)) == ["Basic Application Confidentiality Profile"])
        #expect(d.items(DICOMTag(0x0012, 0x0064)).first?.string(DICOMTag(0x0008, 0x0100)) == "113100")
        #expect(d.string(DICOMTag(0x0028, 0x0303)) == "REMOVED")
        #expect(!d.elements.contains { $0.tag.isPrivate })
        #expect(d.string(DICOMTag(0x0008, 0x0080)) == nil)   // Institution Name emptied
        #expect(d.elements.map(\.tag) == d.elements.map(\.tag).sorted())
        // Geometry untouched.
        #expect(d.strings(.imagePositionPatient) == original.dataset.strings(.imagePositionPatient))
        #expect(d.strings(.pixelSpacing) == original.dataset.strings(.pixelSpacing))
    }

    @Test func optionsKeepWhatTheyName() throws {
        let (_, plain) = try Self.deid("CT_small.dcm") { Self.set(&$0, 0x0008, 0x1010, "SH", "STATION9") }
        #expect(plain.dataset.string(DICOMTag(0x0008, 0x1010)) == nil)
        let (_, device) = try Self.deid("CT_small.dcm", [.retainDeviceIdentity]) { Self.set(&$0, 0x0008, 0x1010, "SH", "STATION9") }
        #expect(device.dataset.string(DICOMTag(0x0008, 0x1010)) == "STATION9")
        let original = try Self.read("CT_small.dcm")
        let study = original.dataset.first { $0.tag == .studyInstanceUID }.map { DeidDICOM.Run.text($0.bytes) }
        let (_, uids) = try Self.deid("CT_small.dcm", [.retainUIDs])
        #expect(uids.dataset.string(.studyInstanceUID) == study)
        #expect(uids.dataset.strings(DICOMTag(0x0012, 0x0063)).contains("Retain UIDs Option"))
        let (_, chars) = try Self.deid("CT_small.dcm", [.retainPatientCharacteristics]) { Self.set(&$0, 0x0010, 0x1010, "AS", "042Y") }
        #expect(chars.dataset.string(DICOMTag(0x0010, 0x1010)) == "042Y")
        let (_, full) = try Self.deid("CT_small.dcm", [.retainFullDates]) { Self.set(&$0, 0x0008, 0x0020, "DA", "20190314") }
        #expect(full.dataset.string(DICOMTag(0x0008, 0x0020)) == "20190314")
        #expect(full.dataset.string(DICOMTag(0x0028, 0x0303)) == "UNMODIFIED")
    }

    @Test func cleanDescriptorsTakesOutThePatientsOwnValues() throws {
        let (_, header) = try Self.deid("CT_small.dcm", [.cleanDescriptors]) {
            Self.set(&$0, 0x0010, 0x0010, "PN", "Doezinski^Johanna")
            Self.set(&$0, 0x0010, 0x0020, "LO", "PHIID48213")
            Self.set(&$0, 0x0008, 0x1030, "LO", "CT head Doezinski PHIID48213 2019-03-14")
        }
        #expect(header.dataset.string(DICOMTag(0x0008, 0x1030)) == "CT head")
    }

    @Test func cleanPixelsBlanksNativePixelsOnly() throws {
        let (result, header) = try Self.deid("CT_small.dcm", pixels: [PixelRectangle(x: 40, y: 40, width: 4, height: 2)])
        func pixels(_ raw: DICOMRawFile) -> [UInt8] { Array(raw.dataset.first { $0.tag == .pixelData }!.bytes) }
        let before = pixels(try Self.read("CT_small.dcm"))
        let after = pixels(try DICOMRawReader.read(bytes: result.bytes, path: "out"))
        let columns = header.dataset.int(.columns)!
        #expect(after.count == before.count)
        #expect(before[(40 * columns + 40) * 2] != 0 || before[(40 * columns + 40) * 2 + 1] != 0, "the test region is not already black")
        for y in 39..<43 {
            for x in 38..<46 {
                let at = (y * columns + x) * 2
                let inside = (40..<44).contains(x) && (40..<42).contains(y)
                #expect(Array(after[at..<(at + 2)]) == (inside ? [0, 0] : Array(before[at..<(at + 2)])), "pixel \(x),\(y)")
            }
        }
        #expect(result.notes.contains { $0.contains("blanked") })
        #expect(header.dataset.items(DICOMTag(0x0012, 0x0064)).contains { $0.string(DICOMTag(0x0008, 0x0100)) == "113101" })
        let (compressed, _) = try Self.deid("JPEG-lossy.dcm", pixels: [PixelRectangle(x: 0, y: 0, width: 4, height: 2)])
        #expect(compressed.notes.contains { $0.contains("compressed") })
        #expect(compressed.burnedInRisks.contains("secondary capture"))
    }
}
