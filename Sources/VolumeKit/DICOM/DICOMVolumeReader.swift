// Replaced by the DICOM reader (issue 2).
public enum DICOMVolumeReader {
    public static func read(files: [String], progress: ProgressHandler?) throws -> Volume {
        throw VolumeKitError.unsupported(path: files.first ?? "", detail: "DICOM reading is not built yet")
    }
}

enum DICOMSniffer {
    static func looksLikeBareDataset(_ bytes: [UInt8]) -> Bool { false }
}

enum FolderScanner {
    static func scan(folder: String, progress: ProgressHandler?) throws -> [ImageSource] { [] }
}
