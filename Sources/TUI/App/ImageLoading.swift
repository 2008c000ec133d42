import Annotations
import Foundation
import VolumeKit

/// Reads images on background threads and reports progress and the result to the mailbox.
/// A load overtaken by a newer one (`n n n`) is cancelled: a DICOM read stops between files and
/// frames, and no load reports anything once overtaken (no statistics, no sidecar hashing).
final class ImageLoading: @unchecked Sendable {
    private let mailbox: Mailbox
    private let lock = NSLock()
    private var latest = 0
    private var running: LoadCancellation?

    init(mailbox: Mailbox) { self.mailbox = mailbox }

    /// Finds the images in the paths given (folders are scanned), then posts them.
    /// With `labelsBy` (a blind read) only that annotator's image labels count as done.
    func discover(paths: [String], sidecarDirectory: String? = nil, labelsBy annotator: String? = nil) {
        let mailbox = self.mailbox
        Thread.detachNewThread {
            var found: [ImageSource] = []
            var errors: [String] = []
            for path in paths {
                do {
                    let sources = try VolumeLoader.sources(at: path) { progress in
                        mailbox.post(.loadProgress(progress, generation: 0))
                    }
                    var isFolder: ObjCBool = false
                    let scanned = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
                    found += scanned ? sources.filter { !SidecarLocation.isLabelMapBesideItsImage($0) } : sources
                } catch {
                    errors.append(String(describing: error))
                }
            }
            let images = Self.attachingSegmentations(found)
            mailbox.post(.discovered(images, problems: errors))
            if images.count > 1 {
                mailbox.post(.imageLabelsScanned(ImageLabelScan.labels(of: images, sidecarDirectory: sidecarDirectory, by: annotator)))
            }
        }
    }

    func load(_ source: ImageSource, generation: Int, options: ViewerOptions) {
        let modality = options.modality, sidecarDirectory = options.sidecarDirectory
        let cancellation = LoadCancellation()
        lock.lock()
        latest = max(latest, generation)
        running?.cancel()
        running = cancellation
        lock.unlock()
        let mailbox = self.mailbox
        let title = Self.title(of: source)
        Thread.detachNewThread { [self] in
            do {
                // A gzipped NIfTI's middle slice first, with its window, while the rest is read.
                let previewShown = PreviewFlag()
                let preview: PreviewHandler = { [self] preview in
                    guard isCurrent(generation) else { return }
                    var document = ImageDocument(preview: Self.withModality(preview, modality), title: title)
                    document.annotationSource = .opening
                    previewShown.set()
                    mailbox.post(.loaded(document, generation: generation))
                    mailbox.post(.loadProgress(LoadProgress(phase: "inflating", completed: 0, total: 2), generation: generation))
                }
                var volume = try VolumeLoader.load(source, progress: { [self] progress in
                    if isCurrent(generation) { mailbox.post(.loadProgress(progress, generation: generation)) }
                }, cancellation: cancellation, preview: preview)
                if volume.metadata.modality == nil, let modality { volume.metadata.modality = modality }
                if let labels = SegmentationImage.volume(replacing: volume) { volume = labels }
                guard isCurrent(generation) else { return }
                mailbox.post(.loadProgress(LoadProgress(phase: "statistics", completed: previewShown.isSet ? 1 : 0,
                                                        total: previewShown.isSet ? 2 : 1), generation: generation))
                var document = ImageDocument(volume: volume, title: title)
                document.annotationSource = .opening
                mailbox.post(previewShown.isSet ? .volumeCompleted(document, generation: generation)
                                                : .loaded(document, generation: generation))
                guard isCurrent(generation) else { return }
                let annotations = AnnotationSource.open(for: volume, sidecarDirectory: sidecarDirectory)
                // Before the sidecar, so that the label maps are there when its keys replay.
                mailbox.post(.labelMapsOpened(LabelMapReading.find(volume: volume, image: source, source: annotations, options: options),
                                              generation: generation))
                mailbox.post(.annotationsOpened(annotations, generation: generation))
                if document.needsStatistics, isCurrent(generation) {
                    mailbox.post(.statisticsReady(document.withStatistics(), generation: generation))
                }
            } catch {
                guard isCurrent(generation) else { return }
                let reason = String(describing: error)
                mailbox.post(.loadFailed(reason, generation: generation))
                // What QA types on it ("corrupt") is kept in the broken image's own sidecar.
                guard isCurrent(generation) else { return }
                mailbox.post(.annotationsOpened(AnnotationSource.open(unreadable: source, reason: reason, sidecarDirectory: sidecarDirectory),
                                                generation: generation))
            }
        }
    }

    private static func withModality(_ preview: VolumePreview, _ modality: String?) -> VolumePreview {
        guard preview.volume.metadata.modality == nil, let modality else { return preview }
        return preview.withModality(modality)
    }

    /// Set once on the preview thread, read on the loading thread after the load returns.
    private final class PreviewFlag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.lock(); value = true; lock.unlock() }
        var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    }

    /// DICOM Segmentations of a series found with it are drawn over it rather than listed as
    /// images of their own; one whose series is not there stays an image (shown as labels).
    static func attachingSegmentations(_ found: [ImageSource]) -> [ImageSource] {
        let pairs = DICOMSegmentationPairing.split(found).segmentations
        let attached = Set(pairs.filter { $0.series != nil }.map(\.summary.path))
        return found.compactMap { source in
            switch source {
            case .file(let path, _):
                return attached.contains(path) ? nil : source
            case .dicomSeries(var series):
                if series.files.allSatisfy(attached.contains) { return nil }
                series.segmentations = pairs.filter { $0.series?.seriesInstanceUID == series.seriesInstanceUID }.map(\.summary.path)
                return .dicomSeries(series)
            }
        }
    }

    private func isCurrent(_ generation: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return generation == latest
    }

    static func title(of source: ImageSource) -> String {
        switch source {
        case .file(_, .demo): return "demo phantom"
        case .file(let path, _): return path
        case .dicomSeries(let series): return series.title
        }
    }
}
