@testable import Dataset
import Foundation
import Testing
import TestSupport
import VolumeKit

/// The action table generated from PS3.15 Table E.1-1, checked against rows of the standard
/// and, where the two agree on what an action means, against dicom-anonymizer's own table.
@Suite struct DeidTableTests {
    func action(_ group: UInt16, _ element: UInt16, _ options: Set<DeidOption> = []) -> DeidAction? {
        DeidActionTable.rule(for: DICOMTag(group, element))?.action(with: options)
    }

    @Test func rowsOfTheStandard() {
        #expect(action(0x0010, 0x0010) == .empty)          // Patient's Name: Z
        #expect(action(0x0010, 0x0030) == .empty)          // Patient's Birth Date: Z
        #expect(action(0x0020, 0x000D) == .replaceUID)     // Study Instance UID: U
        #expect(action(0x0008, 0x1155) == .replaceUID)     // Referenced SOP Instance UID: U
        #expect(action(0x0020, 0x000D, [.retainUIDs]) == .keep)
        #expect(action(0x0010, 0x1010) == .remove)         // Patient's Age: X
        #expect(action(0x0010, 0x1010, [.retainPatientCharacteristics]) == .keep)
        #expect(action(0x0008, 0x0080) == .empty)          // Institution Name: X/Z/D, Type 3 → Z
        #expect(action(0x0008, 0x0080, [.retainInstitutionIdentity]) == .keep)
        #expect(action(0x0018, 0x1000) == .dummy)          // Device Serial Number: X/Z/D, Type 1 in Enhanced General Equipment
        #expect(action(0x0018, 0x1000, [.retainDeviceIdentity]) == .keep)
        #expect(action(0x0008, 0x0022) == .empty)          // Acquisition Date: X/Z
        #expect(action(0x0008, 0x0022, [.retainModifiedDates]) == .clean)
        #expect(action(0x0008, 0x0022, [.retainFullDates]) == .keep)
        #expect(action(0x0008, 0x1030) == .remove)         // Study Description: X
        #expect(action(0x0008, 0x1030, [.cleanDescriptors]) == .clean)
        #expect(action(0x0400, 0x0561) == .remove)         // Original Attributes Sequence: X
        #expect(action(0x0008, 0x1140) == .replaceUID)     // Referenced Image Sequence: X/Z/U*
        #expect(action(0x0002, 0x0003) == .replaceUID)     // Media Storage SOP Instance UID
        #expect(action(0x0008, 0x0016) == nil)             // SOP Class UID: not in the table, kept
    }

    @Test func repeatingGroups() {
        #expect(action(0x5010, 0x3000) == .remove)         // Curve Data (50xx,xxxx)
        #expect(action(0x6002, 0x4000) == .remove)         // Overlay Comments (60xx,4000)
        #expect(action(0x6000, 0x3000) == .remove)         // Overlay Data (60xx,3000)
        #expect(action(0x6000, 0x0010) == nil)             // Overlay Rows: kept
        #expect(action(0x6000, 0x4000, [.cleanGraphics]) == .clean)
    }

    /// The generated file names its source.
    @Test func generatedFileNamesItsSource() throws {
        let path = Fixtures.repositoryRoot.appendingPathComponent("Sources/Dataset/Deid/DeidActionTable.swift").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("innolitics/dicom-standard"))
        #expect(text.contains("commit 7f4749d09ed3ef2fa70637d376d423a4b13523cd"))
        #expect(DeidActionTable.rules.count > 600)
    }

    /// dicom-anonymizer (PyPI) lists the UIDs it replaces; every one that the standard's table
    /// also lists must be U (or the sequence form) there too.
    @Test func uidsAgreeWithDicomAnonymizer() throws {
        let result = try PythonCheck.run("scripts/reference/deid_peer.py", "uids", [:])
        let tags = try #require(result["tags"] as? [Int])
        #expect(tags.count > 20)
        var disagree: [String] = []
        for raw in tags {
            let tag = DICOMTag(rawValue: UInt32(raw))
            guard let rule = DeidActionTable.rule(for: tag) else { continue }
            if rule.basic != .replaceUID { disagree.append("\(tag) \(rule.name): \(rule.code)") }
        }
        #expect(disagree.isEmpty, "\(disagree)")
    }
}
