import Foundation
import VolumeKit

extension AnnotationStore {
    /// The store of an image that could not be read (a truncated file, a damaged series), so
    /// that what QA types there ("corrupt", a note) is kept with that image and no other: the
    /// sidecar it would have (`<file>.annotations.json`, or `<SeriesInstanceUID>.annotations.json`
    /// for a series found by its UIDs), identified by its files' SHA-256 and no grid
    /// (`SidecarGeometry.unreadable`, saying why).
    public init(unreadable source: ImageSource, reason: String, sidecarDirectory: String? = nil) throws(AnnotationError) {
        let files: [String], format: ImageFormat, series: String?
        switch source {
        case .file(let path, let f):
            files = [path]
            format = f == .demo ? .nifti : f
            series = nil
        case .dicomSeries(let s):
            files = s.files
            format = .dicom
            series = s.seriesInstanceUID.isEmpty ? nil : s.seriesInstanceUID
        }
        guard let first = files.first else { throw AnnotationError.noImageFile }
        var hashes: [SidecarImage.FileHash] = []
        for path in files {
            hashes.append(.init(name: (path as NSString).lastPathComponent, sha256: try ContentHash.hex(ofFile: path)))
        }
        let image = SidecarImage(format: format, seriesInstanceUID: series, files: hashes)
        let path = SidecarLocation.sidecarPath(forFiles: files, seriesInstanceUID: series, first: first, directory: sidecarDirectory)
        self.init(sidecarPath: path, image: image, geometry: .unreadable(reason))
    }
}
