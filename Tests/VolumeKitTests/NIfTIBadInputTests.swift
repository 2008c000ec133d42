import Foundation
import Testing
import TestSupport
import VolumeKit

/// Damaged and odd files (written by `scripts/expected/nifti.py` from nibabel's output, or
/// nibabel's own samples) fail with the error that says what is wrong, naming the file.
@Suite struct NIfTIBadInputTests {
    struct Case: Sendable, CustomStringConvertible {
        var file: String
        /// The `VolumeKitError` case expected.
        var kind: String
        /// Words the message must contain.
        var says: String
        var description: String { file }
    }

    static let cases: [Case] = [
        Case(file: "nibabel-made/bad/absurd_dims.nii", kind: "truncated", says: "30000 × 30000 × 30000 int16 voxels"),
        Case(file: "nibabel-made/bad/complex64.nii", kind: "unsupported", says: "complex64"),
        Case(file: "nibabel-made/bad/cut_in_header.nii.gz", kind: "truncated", says: "inside the image header"),
        Case(file: "nibabel-made/bad/damaged.nii.gz", kind: "malformed", says: "gzip data is damaged"),
        Case(file: "nibabel-made/bad/empty.nii", kind: "emptyFile", says: "empty"),
        Case(file: "nibabel-made/bad/header_only.nii", kind: "truncated", says: "less than a NIfTI or Analyze header"),
        Case(file: "nibabel-made/bad/headless.img", kind: "malformed", says: "headless.hdr"),
        Case(file: "nibabel-made/bad/lonely.hdr", kind: "malformed", says: "lonely.img"),
        Case(file: "nibabel-made/bad/negative_dim.nii", kind: "malformed", says: "dim[1] is negative"),
        Case(file: "nibabel-made/bad/not_gzip.nii.gz", kind: "malformed", says: "not gzip-compressed"),
        Case(file: "nibabel-made/bad/text.nii", kind: "notAnImage", says: "not a DICOM, NIfTI or Analyze image"),
        Case(file: "nibabel-made/bad/text.nii.gz", kind: "notAnImage", says: "not a DICOM, NIfTI or Analyze image"),
        Case(file: "nibabel-made/bad/truncated.nii", kind: "truncated", says: "the file holds 33649"),
        Case(file: "nibabel-made/bad/truncated.nii.gz", kind: "truncated", says: "compressed data ends"),
        Case(file: "nibabel-made/bad/vox_offset_past_end.nii", kind: "malformed", says: "past the end of the file"),
        Case(file: "nibabel-made/bad/empty_folder", kind: "noImagesFound", says: "no DICOM, NIfTI or Analyze images"),
        Case(file: "nibabel/analyze.hdr", kind: "malformed", says: "analyze.img"),
        Case(file: "nibabel/nifti1.hdr", kind: "malformed", says: "nifti1.img"),
        Case(file: "nibabel/nifti2.hdr", kind: "malformed", says: "nifti2.img"),
        Case(file: "nibabel/row_major.dconn.nii", kind: "unsupported", says: "CIFTI-2"),
    ]

    @Test(arguments: cases)
    func failsWithAClearError(_ c: Case) {
        let path = Fixtures.path(c.file)
        #expect(FileManager.default.fileExists(atPath: path), "fixture missing: \(c.file)")
        do {
            let volume = try VolumeLoader.load(path: path)
            Issue.record("\(c.file) opened as \(volume.dimensions), expected an error")
        } catch let error as VolumeKitError {
            #expect(kind(of: error) == c.kind, "\(error)")
            #expect(error.path == path)
            #expect(error.description.hasPrefix(path))
            #expect(error.description.contains(c.says), "\(error)")
            #expect(!error.description.contains("\n"))
        } catch {
            Issue.record("not a VolumeKitError: \(error)")
        }
    }

    private func kind(of error: VolumeKitError) -> String {
        switch error {
        case .fileNotFound: return "fileNotFound"
        case .unreadable: return "unreadable"
        case .emptyFile: return "emptyFile"
        case .notAnImage: return "notAnImage"
        case .truncated: return "truncated"
        case .malformed: return "malformed"
        case .unsupported: return "unsupported"
        case .noImagesFound: return "noImagesFound"
        case .cancelled: return "cancelled"
        }
    }
}
