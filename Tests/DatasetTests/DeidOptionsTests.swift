@testable import Dataset
import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// The Clean Structured Content, Clean Graphics and Retain Safe Private options, and what the
/// basic profile does inside the sequences they concern.
@Suite struct DeidOptionsTests {
    static func sequence(_ group: UInt16, _ element: UInt16, _ items: [[DICOMRawElement]]) -> DICOMRawElement {
        DICOMRawElement(tag: DICOMTag(group, element), vr: DICOMValueRepresentation.named("SQ")!,
                        value: .sequence(items.map { DICOMRawItem(elements: $0, undefinedLength: true) }, undefinedLength: true))
    }

    static func text(_ group: UInt16, _ element: UInt16, _ vr: String, _ value: String) -> DICOMRawElement {
        .text(DICOMTag(group, element), DICOMValueRepresentation.named(vr)!, value)
    }

    /// An SR-like content tree two levels deep and a graphic annotation with a text object,
    /// both holding the patient's name, ID and a date.
    static func withContentAndGraphics(_ raw: inout DICOMRawFile) {
        DeidDICOMTests.set(&raw, 0x0010, 0x0010, "PN", "Doezinski^Johanna")
        DeidDICOMTests.set(&raw, 0x0010, 0x0020, "LO", "PHIID48213")
        let inner = [text(0x0040, 0xA040, "CS", "TEXT"), text(0x0040, 0xA160, "UT", "Seen by Doezinski PHIID48213 on 2019-03-14, lesion stable")]
        let content = sequence(0x0040, 0xA730, [[text(0x0040, 0xA010, "CS", "CONTAINS"), text(0x0040, 0xA040, "CS", "CONTAINER"),
                                                  sequence(0x0040, 0xA730, [inner])]])
        let textObject = sequence(0x0070, 0x0008, [[text(0x0070, 0x0006, "ST", "Doezinski left arm 2019-03-14")]])
        let graphic = sequence(0x0070, 0x0001, [[text(0x0070, 0x0002, "CS", "LAYER1"), textObject]])
        raw.dataset.append(contentsOf: [content, graphic])
        raw.dataset.sort { $0.tag < $1.tag }
    }

    static func textValue(_ header: DICOMHeader) -> String? {
        header.dataset.items(DICOMTag(0x0040, 0xA730)).first?.items(DICOMTag(0x0040, 0xA730)).first?.string(DICOMTag(0x0040, 0xA160))
    }

    static func graphicText(_ header: DICOMHeader) -> String? {
        header.dataset.items(DICOMTag(0x0070, 0x0001)).first?.items(DICOMTag(0x0070, 0x0008)).first?.string(DICOMTag(0x0070, 0x0006))
    }

    @Test func theBasicProfileLeavesNoFreeTextInContentOrGraphics() throws {
        let (result, header) = try DeidDICOMTests.deid("CT_small.dcm", edit: Self.withContentAndGraphics)
        #expect(Self.textValue(header) == "ANONYMIZED")
        #expect(Self.graphicText(header) == "ANONYMIZED")
        // Coded strings keep their meaning: the tree stays a tree.
        #expect(header.dataset.items(DICOMTag(0x0040, 0xA730)).first?.string(DICOMTag(0x0040, 0xA040)) == "CONTAINER")
        let bytes = String(decoding: result.bytes, as: UTF8.self)
        for phi in ["Doezinski", "PHIID48213", "2019-03-14"] { #expect(!bytes.contains(phi), "\(phi)") }
    }

    @Test func cleanStructuredContentKeepsTheTextWithoutTheIdentifyingValues() throws {
        let (result, header) = try DeidDICOMTests.deid("CT_small.dcm", [.cleanStructuredContent], edit: Self.withContentAndGraphics)
        #expect(Self.textValue(header) == "Seen by on , lesion stable")
        #expect(Self.graphicText(header) == "ANONYMIZED")
        #expect(header.dataset.strings(DICOMTag(0x0012, 0x0063)).contains("Clean Structured Content Option"))
        #expect(header.dataset.items(DICOMTag(0x0012, 0x0064)).contains { $0.string(DICOMTag(0x0008, 0x0100)) == "113104" })
        #expect(!String(decoding: result.bytes, as: UTF8.self).contains("Doezinski"))
    }

    @Test func cleanGraphicsKeepsTheAnnotationTextWithoutTheIdentifyingValues() throws {
        let (_, header) = try DeidDICOMTests.deid("CT_small.dcm", [.cleanGraphics], edit: Self.withContentAndGraphics)
        #expect(Self.graphicText(header) == "left arm")
        #expect(Self.textValue(header) == "ANONYMIZED")
        #expect(header.dataset.items(DICOMTag(0x0012, 0x0064)).contains { $0.string(DICOMTag(0x0008, 0x0100)) == "113103" })
    }

    @Test func retainSafePrivateKeepsOnlyTheListedElementsAndTheirCreators() throws {
        let list = try SafePrivateList.parse("""
            # GE's acquisition block: what the list names stays
            0019,GEMS_ACQU_01,xx23,Table Speed
            0019, GEMS_ACQU_01 ,1B,Last scan loc
            """, path: "safe.csv")
        var raw = try DeidDICOMTests.read("CT_small.dcm")
        let original = raw
        // The block number of a file is its own: move GEMS_ACQU_01 to block 0x42.
        raw.dataset = raw.dataset.map { e in
            guard e.tag.group == 0x0019 else { return e }
            let element: UInt16 = e.tag.element == 0x0010 ? 0x0042 : (e.tag.element >= 0x1000 ? 0x4200 | (e.tag.element & 0xFF) : e.tag.element)
            return DICOMRawElement(tag: DICOMTag(0x0019, element), vr: e.vr, value: e.value)
        }.sorted { $0.tag < $1.tag }
        let settings = DeidSettings(options: [.retainSafePrivate], safePrivate: list)
        let result = try DeidDICOM(keys: DeidDICOMTests.keys, settings: settings).run(raw, path: "CT_small.dcm")
        let out = try DICOMRawReader.read(bytes: result.bytes, path: "out")
        let kept = out.dataset.filter { $0.tag.group & 1 == 1 }.map(\.tag)
        #expect(kept == [DICOMTag(0x0019, 0x0042), DICOMTag(0x0019, 0x421B), DICOMTag(0x0019, 0x4223)])
        func value(_ file: DICOMRawFile, _ tag: DICOMTag) -> ArraySlice<UInt8>? { file.dataset.first { $0.tag == tag }?.bytes }
        #expect(value(out, DICOMTag(0x0019, 0x4223)) == value(original, DICOMTag(0x0019, 0x1023)))
        #expect(result.privateKept == 2)
        #expect(result.privateRemoved == original.dataset.filter { $0.tag.group & 1 == 1 }.count - 3)
        let header = try DICOMHeader.parse(bytes: result.bytes, path: "out")
        #expect(header.dataset.strings(DICOMTag(0x0012, 0x0063)).contains("Retain Safe Private Option"))
        // Without the option the list is ignored: every private element goes.
        let plain = try DeidDICOM(keys: DeidDICOMTests.keys, settings: DeidSettings(options: [], safePrivate: list)).run(raw, path: "x")
        #expect(try DICOMRawReader.read(bytes: plain.bytes, path: "out").dataset.allSatisfy { $0.tag.group & 1 == 0 })
    }

    @Test func aSafePrivateListThatIsWrongSaysWhere() {
        #expect(throws: DeidError.self) { try SafePrivateList.parse("0018,SIEMENS,10", path: "l") }
        #expect(throws: DeidError.self) { try SafePrivateList.parse("0029,SIEMENS CSA HEADER,1010", path: "l") }
        #expect(throws: DeidError.self) { try SafePrivateList.parse("# nothing\n", path: "l") }
        do {
            _ = try SafePrivateList.parse("0029,SIEMENS CSA HEADER,10\n0029,,10", path: "list.csv")
            Issue.record("an empty creator was taken")
        } catch {
            #expect(error.description.hasPrefix("list.csv line 2: "))
        }
    }
}
