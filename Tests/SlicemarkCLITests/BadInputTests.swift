import Foundation
import Testing
import TestSupport

/// `slicemark info` on bad input of every format: one line on stderr that names the file and
/// says what is wrong, nothing on stdout, a non-zero exit, no crash, no hang.
@Suite struct BadInputTests {
    /// Damaged, cut, mislabelled and unsupported files: nibabel's and pydicom's samples, and
    /// files `scripts/expected/nifti.py` derived from nibabel's output.
    static let files: [String] = [
        "nibabel-made/bad/absurd_dims.nii",
        "nibabel-made/bad/complex64.nii",
        "nibabel-made/bad/cut_in_header.nii.gz",
        "nibabel-made/bad/damaged.nii.gz",
        "nibabel-made/bad/empty.nii",
        "nibabel-made/bad/empty_folder",
        "nibabel-made/bad/header_only.nii",
        "nibabel-made/bad/headless.img",
        "nibabel-made/bad/lonely.hdr",
        "nibabel-made/bad/negative_dim.nii",
        "nibabel-made/bad/not_gzip.nii.gz",
        "nibabel-made/bad/text.nii",
        "nibabel-made/bad/text.nii.gz",
        "nibabel-made/bad/truncated.nii",
        "nibabel-made/bad/truncated.nii.gz",
        "nibabel-made/bad/vox_offset_past_end.nii",
        "nibabel/analyze.hdr",
        "nibabel/row_major.dconn.nii",
        "nibabel/T1.PAR",
        "nibabel/tiny.mnc",
        "pydicom/MR_truncated.dcm",
        "pydicom/rtplan.dcm",
        "pydicom/zipMR.gz",
        "pydicom/crayons.icc",
    ]

    @Test(arguments: files)
    func infoSaysWhatIsWrongInOneLine(_ file: String) throws {
        let path = Fixtures.path(file)
        #expect(FileManager.default.fileExists(atPath: path), "fixture missing: \(file)")
        try expectOneLineError(for: path)
    }

    /// A DICOM file cut inside its header and one cut inside its pixels, and a folder with only
    /// a text file.
    @Test func cutDICOMFilesAndAFolderWithNoImages() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slicemark-badinput-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ct = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("pydicom/CT_small.dcm")))
        for (name, length) in [("cut_in_header.dcm", 300), ("cut_in_pixels.dcm", ct.count - 5000)] {
            let path = folder.appendingPathComponent(name).path
            try ct.prefix(length).write(to: URL(fileURLWithPath: path))
            try expectOneLineError(for: path)
        }
        let textFolder = folder.appendingPathComponent("notes")
        try FileManager.default.createDirectory(at: textFolder, withIntermediateDirectories: true)
        try Data("no images here\n".utf8).write(to: textFolder.appendingPathComponent("readme.txt"))
        try expectOneLineError(for: textFolder.path)
    }

    private func expectOneLineError(for path: String) throws {
        let started = Date()
        let result = try runProcess(Fixtures.executable, ["info", "--json", path])
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.status == 1, "exit status \(result.status)")
        #expect(result.stdout.isEmpty, "stdout: \(result.stdout)")
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        #expect(lines.count == 1, "stderr: \(result.stderr)")
        #expect(lines.first?.hasPrefix("slicemark: \(path)") == true, "stderr: \(result.stderr)")
        // The promise is well under a second; the margin is for a busy shared test machine.
        #expect(elapsed < 10, "took \(elapsed) s")
    }
}
