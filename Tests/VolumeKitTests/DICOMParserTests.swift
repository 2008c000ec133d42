import Foundation
import Testing
import TestSupport
@testable import VolumeKit

@Suite struct DICOMParserTests {
    func header(_ bytes: [UInt8]) throws -> DICOMHeader {
        try DICOMHeader.parse(bytes: bytes, path: "test.dcm")
    }

    @Test(arguments: [true, false])
    func nestedSequencesOfDefinedAndUndefinedLength(explicitVR: Bool) throws {
        var inner = DICOMTestBytes(explicitVR: explicitVR)
        inner.text(0x0008, 0x0100, "SH", "T-04000")
        var innerSequence = DICOMTestBytes(explicitVR: explicitVR)
        innerSequence.item(inner.bytes, undefinedLength: false)
        var outerItem = DICOMTestBytes(explicitVR: explicitVR)
        outerItem.text(0x0008, 0x1150, "UI", "1.2.3")
        outerItem.element(0x0008, 0x2218, "SQ", innerSequence.bytes)  // defined length, nested
        var sequence = DICOMTestBytes(explicitVR: explicitVR)
        sequence.item(outerItem.bytes, undefinedLength: true)
        sequence.item(outerItem.bytes, undefinedLength: false)
        sequence.sequenceDelimiter()

        var d = DICOMTestBytes(explicitVR: explicitVR)
        d.text(0x0008, 0x0060, "CS", "CT")
        d.element(0x0008, 0x1140, "SQ", sequence.bytes, length: DICOMTestBytes.undefined)
        d.text(0x0010, 0x0010, "PN", "Doe^Jane")
        let h = try header(d.part10(transferSyntax: explicitVR ? "1.2.840.10008.1.2.1" : "1.2.840.10008.1.2"))
        #expect(h.transferSyntax.isExplicitVR == explicitVR)
        let items = h.dataset.items(DICOMTag(0x0008, 0x1140))
        #expect(items.count == 2)
        for item in items {
            #expect(item.string(DICOMTag(0x0008, 0x1150)) == "1.2.3")
            #expect(item.items(DICOMTag(0x0008, 0x2218)).first?.string(DICOMTag(0x0008, 0x0100)) == "T-04000")
        }
        // The element after the undefined-length sequence is found: the sequence was skipped right.
        #expect(h.dataset.string(DICOMTag(0x0010, 0x0010)) == "Doe^Jane")
    }

    @Test func privateUndefinedLengthElementIsSkippedAndPrivateBytesKept() throws {
        var item = DICOMTestBytes(explicitVR: false)  // UN of undefined length holds Implicit VR LE
        item.text(0x0029, 0x1001, "LO", "vendor")
        var sequence = DICOMTestBytes(explicitVR: false)
        sequence.item(item.bytes, undefinedLength: true)
        sequence.sequenceDelimiter()
        var d = DICOMTestBytes()
        d.text(0x0029, 0x0010, "LO", "ACME")
        d.element(0x0029, 0x1010, "UN", sequence.bytes, length: DICOMTestBytes.undefined)
        d.element(0x0029, 0x1020, "OB", [1, 2, 3, 4])
        d.text(0x0040, 0x0002, "DA", "20240101")
        let h = try header(d.part10(transferSyntax: "1.2.840.10008.1.2.1"))
        #expect(h.dataset.string(DICOMTag(0x0040, 0x0002)) == "20240101")
        let opaque = try #require(h.dataset.element(DICOMTag(0x0029, 0x1020)))
        #expect(Array(h.dataset.valueBytes(opaque)) == [1, 2, 3, 4])
        #expect(h.dataset.items(DICOMTag(0x0029, 0x1010)).first?.string(DICOMTag(0x0029, 0x1001)) == "vendor")
    }

    @Test func sequenceWrittenAsUNIsReadAsASequence() throws {
        var item = DICOMTestBytes(explicitVR: false)
        item.text(0x0008, 0x0100, "SH", "113000")
        var sequence = DICOMTestBytes(explicitVR: false)
        sequence.item(item.bytes, undefinedLength: false)
        var d = DICOMTestBytes()
        d.element(0x0008, 0x1032, "UN", sequence.bytes)  // Procedure Code Sequence, defined length
        let h = try header(d.part10(transferSyntax: "1.2.840.10008.1.2.1"))
        #expect(h.dataset.items(DICOMTag(0x0008, 0x1032)).first?.string(DICOMTag(0x0008, 0x0100)) == "113000")
    }

    @Test func standardElementsWrittenAsUNAreReadWithTheirOwnVR() throws {
        var d = DICOMTestBytes()
        d.element(0x0020, 0x0032, "UN", Array("1.5\\-2\\3 ".utf8))   // Image Position (Patient), DS
        d.element(0x0028, 0x0010, "UN", [0x00, 0x02])                   // Rows, US: 512
        let h = try header(d.part10(transferSyntax: "1.2.840.10008.1.2.1"))
        #expect(h.dataset.numbers(.imagePositionPatient) == [1.5, -2, 3])
        #expect(h.dataset.int(.rows) == 512)
    }

    @Test func realUNSequenceFileReads() throws {
        let h = try DICOMHeader.read(path: Fixtures.path("pydicom/UN_sequence.dcm"))
        #expect(!h.dataset.elements.isEmpty)
    }

    @Test func latin1AndUTF8Text() throws {
        var latin = DICOMTestBytes()
        latin.text(0x0008, 0x0005, "CS", "ISO_IR 100")
        latin.latin1(0x0010, 0x0010, "PN", "Müller^Zoë")
        #expect(try header(latin.part10(transferSyntax: "1.2.840.10008.1.2.1")).dataset.string(DICOMTag(0x0010, 0x0010)) == "Müller^Zoë")

        var utf8 = DICOMTestBytes()
        utf8.text(0x0008, 0x0005, "CS", "ISO_IR 192")
        utf8.text(0x0010, 0x0010, "PN", "Łukasz^Ørsted")
        #expect(try header(utf8.part10(transferSyntax: "1.2.840.10008.1.2.1")).dataset.string(DICOMTag(0x0010, 0x0010)) == "Łukasz^Ørsted")

        // Items inherit the character set of the dataset around them. "Ã©" in Latin-1 is the
        // byte pair C3 A9, which would read as "é" if the item fell back to UTF-8.
        var item = DICOMTestBytes()
        item.latin1(0x0040, 0xA123, "PN", "JosÃ©^Kurt")
        var sequence = DICOMTestBytes()
        sequence.item(item.bytes, undefinedLength: false)
        var nested = DICOMTestBytes()
        nested.text(0x0008, 0x0005, "CS", "ISO_IR 100")
        nested.element(0x0040, 0xA730, "SQ", sequence.bytes)
        let h = try header(nested.part10(transferSyntax: "1.2.840.10008.1.2.1"))
        #expect(h.dataset.items(DICOMTag(0x0040, 0xA730)).first?.string(DICOMTag(0x0040, 0xA123)) == "JosÃ©^Kurt")

        var plain = DICOMTestBytes()
        plain.text(0x0010, 0x0010, "PN", "Smith^John")
        #expect(try header(plain.part10(transferSyntax: "1.2.840.10008.1.2.1")).dataset.string(DICOMTag(0x0010, 0x0010)) == "Smith^John")
    }

    @Test func headerPhaseStopsAtPixelData() throws {
        let image = DICOMTestBytes.image(columns: 4, rows: 3)
        let bytes = image.part10(transferSyntax: "1.2.840.10008.1.2.1")
        let h = try header(bytes)
        let pixels = try #require(h.pixelData)
        #expect(pixels.tag == .pixelData)
        #expect(pixels.length == 24)
        #expect(pixels.offset == bytes.count - 24)
        #expect(!h.dataset.contains(.pixelData))
    }

    @Test func partTenWithoutPreambleAndBareDatasets() throws {
        let image = DICOMTestBytes.image(columns: 4, rows: 3)
        let noPreamble = try header(image.part10(transferSyntax: "1.2.840.10008.1.2.1", preamble: false))
        #expect(noPreamble.pixelData?.length == 24)

        let bare = DICOMTestBytes.image(columns: 4, rows: 3, explicitVR: false)
        #expect(DICOMSniffer.looksLikeBareDataset(bare.bytes))
        let h = try header(bare.bytes)
        #expect(h.meta == nil)
        #expect(h.transferSyntax == .implicitLittle)
        #expect(h.dataset.int(.rows) == 3)
    }

    @Test func snifferRejectsOtherFiles() {
        #expect(!DICOMSniffer.looksLikeBareDataset(Array("hello, this is a text file\n".utf8)))
        #expect(!DICOMSniffer.looksLikeBareDataset([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]))  // PNG
        #expect(!DICOMSniffer.looksLikeBareDataset([UInt8](repeating: 0, count: 64)))
    }

    @Test func explicitBigEndianValues() throws {
        var d = DICOMTestBytes(explicitVR: true, bigEndian: true)
        d.us(0x0028, 0x0010, 0x0102)
        d.text(0x0028, 0x0030, "DS", "0.5\\0.25")
        let h = try header(d.part10(transferSyntax: "1.2.840.10008.1.2.2"))
        #expect(h.dataset.int(.rows) == 0x0102)
        #expect(h.dataset.numbers(.pixelSpacing) == [0.5, 0.25])
    }

    @Test func dictionaryKnowsNamesAndVRs() {
        #expect(DICOMDictionary.name(for: DICOMTag(0x0010, 0x0010)) == "Patient's Name")
        #expect(DICOMDictionary.entry(for: DICOMTag(0x0028, 0x0010))?.vr == .US)
        #expect(DICOMDictionary.name(for: DICOMTag(0x6002, 0x3000)) == "Overlay Data")
        #expect(DICOMDictionary.name(for: DICOMTag(0x0029, 0x1010)) == "Private Tag")
        #expect(DICOMDictionary.entries.count > 4000)
    }
}
