import Dataset
import Foundation
import Testing
import TestSupport

/// Each dataset built from real sample files has one known defect; `check` must find it with
/// its code and path, and find no error on the clean one.
@Suite("check: each defect found", .serialized)
struct CheckTests {
    static func report(_ name: String) throws -> (CheckDatasets.Built, CheckReport) {
        let built = try CheckDatasets.get()
        return (built, try DatasetCheck.run(paths: [built.folder(name)]))
    }

    static func expect(_ report: CheckReport, _ code: CheckCode, at path: String, _ severity: CheckFinding.Severity = .error,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        let found = report.findings.contains { $0.code == code && $0.path == path && $0.severity == severity }
        #expect(found, "expected \(severity) \(code.rawValue) at \(path); found:\n\(report.findings.map(\.line).joined(separator: "\n"))",
                sourceLocation: sourceLocation)
    }

    @Test func cleanDatasetHasNoError() throws {
        let (built, report) = try Self.report("clean")
        #expect(!report.hasErrors, "\(report.findings.map(\.line).joined(separator: "\n"))")
        #expect(report.summary.dicomSeries == 1)
        #expect(report.summary.dicomFiles == 6)
        #expect(report.summary.niftiImages == 1)
        #expect(report.summary.sidecars == 2)
        #expect(report.summary.labelMaps == 1)
        // Both images carry annotations: nothing is unannotated.
        #expect(!report.findings.contains { $0.code == .unannotated }, "\(report.findings.map(\.line))")
        // CT_small.dcm keeps its (sample) patient name: reported, as a warning.
        Self.expect(report, .phiPresent, at: built.folder("clean") + "/series", .warning)
    }

    /// nibabel's `anatomical.nii` carries SPM's `descrip`; `standard.nii.gz` none.
    @Test func aNIfTIHeadersFreeTextIsAWarning() throws {
        let folder = NSTemporaryDirectory() + "check-nifti-text-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["anatomical.nii", "standard.nii.gz"] {
            try FileManager.default.copyItem(atPath: Fixtures.path("nibabel/" + name), toPath: folder + "/" + name)
        }
        let report = try DatasetCheck.run(paths: [folder])
        let phi = report.findings.filter { $0.code == .phiPresent }
        #expect(phi.map(\.path) == [folder + "/anatomical.nii"], "\(report.findings.map(\.line))")
        #expect(phi.first?.message.contains("descrip") == true)
        #expect(phi.first?.severity == .warning)
        #expect(phi.first?.message.contains("spm") == false, "the text itself is not shown")
    }

    @Test func missingSlice() throws {
        let (built, report) = try Self.report("missing-slice")
        Self.expect(report, .missingSlice, at: built.defect("missing-slice"))
        let finding = report.findings.first { $0.code == .missingSlice }!
        // Slices 2.5 mm apart; the one at 7.5 mm from the first is gone: ct_002 → ct_004, 5 mm.
        #expect(finding.message.contains("1 slice missing"))
        #expect(finding.message.contains("ct_002.dcm") && finding.message.contains("ct_004.dcm"))
        #expect(finding.message.contains("gap of 5 mm") && finding.message.contains("2.5 mm apart"))
        #expect(report.findings.filter(\.isError).count == 1, "\(report.findings.map(\.line))")
    }

    @Test func fileCopiedUnderAnotherName() throws {
        let (built, report) = try Self.report("copied-file")
        Self.expect(report, .duplicateSOPInstanceUID, at: built.defect("copied-file"))
        Self.expect(report, .duplicateImage, at: built.defect("copied-file"))
        #expect(!report.findings.contains { $0.code == .missingSlice || $0.code == .unevenSpacing })
    }

    @Test func samePixelsUnderANewUID() throws {
        let (built, report) = try Self.report("new-uid")
        Self.expect(report, .duplicateImage, at: built.defect("new-uid"))
        #expect(!report.findings.contains { $0.code == .duplicateSOPInstanceUID })
        let finding = report.findings.first { $0.code == .duplicateImage }!
        #expect(finding.message.contains(built.defects["new-uid"]!["original"]!))
    }

    @Test func oneSliceInAnotherOrientation() throws {
        let (built, report) = try Self.report("orientation")
        Self.expect(report, .mixedOrientation, at: built.defect("orientation"))
        #expect(report.findings.filter { $0.code == .mixedOrientation }.count == 1)
    }

    @Test func truncatedFile() throws {
        let (built, report) = try Self.report("truncated")
        Self.expect(report, .unreadable, at: built.defect("truncated"))
        #expect(report.findings.first { $0.code == .unreadable }!.message.contains("end of the file"))
    }

    @Test func sidecarWhoseImageWasReplaced() throws {
        let (built, report) = try Self.report("replaced-image")
        Self.expect(report, .sidecarImageMismatch, at: built.defect("replaced-image"))
    }

    @Test func sidecarWithNoImage() throws {
        let (built, report) = try Self.report("orphan-sidecar")
        Self.expect(report, .orphanSidecar, at: built.defect("orphan-sidecar"))
    }

    @Test func labelMapOnAnotherGrid() throws {
        let (built, report) = try Self.report("label-map-grid")
        Self.expect(report, .labelMapGrid, at: built.defect("label-map-grid"))
        #expect(report.findings.first { $0.code == .labelMapGrid }!.message.contains("dimensions"))
    }

    @Test func labelMapWithNoImage() throws {
        let (built, report) = try Self.report("orphan-label-map")
        Self.expect(report, .orphanLabelMap, at: built.defect("orphan-label-map"))
    }

    @Test func unevenSpacing() throws {
        let (built, report) = try Self.report("uneven-spacing")
        Self.expect(report, .unevenSpacing, at: built.defect("uneven-spacing"), .warning)
        let finding = report.findings.first { $0.code == .unevenSpacing }!
        // ct_003 moved 1 mm up: gaps 3.5 mm before it and 1.5 mm after.
        #expect(finding.message.contains("3.5 mm between ct_002.dcm") && finding.message.contains("1.5 mm between ct_003.dcm"))
        #expect(!report.findings.contains { $0.code == .missingSlice })
    }

    @Test func missingPixelSpacing() throws {
        let (built, report) = try Self.report("missing-attribute")
        Self.expect(report, .missingAttribute, at: built.defect("missing-attribute"))
        #expect(report.findings.first { $0.code == .missingAttribute }!.message.contains("PixelSpacing"))
        #expect(report.findings.first { $0.code == .missingAttribute }!.message.contains("CT Image IOD"))
    }

    @Test func patientDiffersWithinSeries() throws {
        let (built, report) = try Self.report("inconsistent-series")
        Self.expect(report, .inconsistentSeries, at: built.defect("inconsistent-series"))
        #expect(report.findings.first { $0.code == .inconsistentSeries }!.message.contains("PatientID"))
    }

    @Test func realTruncatedSampleIsUnreadable() throws {
        let folder = NSTemporaryDirectory() + "slicemark-check-real-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["MR_truncated.dcm", "rtplan_truncated.dcm", "CT_small.dcm"] {
            try FileManager.default.copyItem(atPath: Fixtures.path("pydicom/" + name), toPath: folder + "/" + name)
        }
        let report = try DatasetCheck.run(paths: [folder])
        Self.expect(report, .unreadable, at: folder + "/MR_truncated.dcm")
        Self.expect(report, .unreadable, at: folder + "/rtplan_truncated.dcm")
        #expect(!report.findings.contains { $0.path == folder + "/CT_small.dcm" && $0.severity == .error })
    }

    @Test func harmonisationNamesTheThickSeries() throws {
        let (built, report) = try Self.report("harmonisation")
        let outliers = report.harmonisation.outliers.filter { $0.path == built.defect("harmonisation") }
        #expect(Set(outliers.map(\.parameter)) == ["sliceThickness", "spacingZ"], "\(report.harmonisation.outliers)")
        #expect(report.harmonisation.outliers.count == 2)
        let thickness = try #require(report.harmonisation.ranges["sliceThickness"])
        #expect(thickness.images == 4 && thickness.min == 1 && thickness.median == 1 && thickness.max == 5)
        #expect(report.harmonisation.scanners == ["GE MEDICAL SYSTEMS " + (report.harmonisation.images[0].model ?? "unknown model"): 4])
        #expect(report.text.contains("outliers (rule:"))
    }

    /// Every code of DESIGN.md is found somewhere in the built datasets.
    @Test func everyCodeIsFound() throws {
        let built = try CheckDatasets.get()
        let report = try DatasetCheck.run(paths: [built.root])
        let codes = Set(report.findings.map(\.code))
        #expect(codes == Set(CheckCode.allCases), "missing: \(Set(CheckCode.allCases).subtracting(codes))")
    }
}

extension CheckFinding {
    var isError: Bool { severity == .error }
}
