import Foundation
import VolumeKit

/// Reads images on a background thread and reports progress and the result to the mailbox.
enum ImageLoading {
    /// Finds the images in the paths given (folders are scanned), then posts them.
    static func discover(paths: [String], into mailbox: Mailbox) {
        Thread.detachNewThread {
            var found: [ImageSource] = []
            var errors: [String] = []
            for path in paths {
                do {
                    found += try VolumeLoader.sources(at: path) { progress in
                        mailbox.post(.loadProgress(progress, generation: 0))
                    }
                } catch {
                    errors.append(Self.describe(error))
                }
            }
            mailbox.post(.discovered(found, problems: errors))
        }
    }

    static func load(_ source: ImageSource, generation: Int, into mailbox: Mailbox) {
        Thread.detachNewThread {
            do {
                let volume = try VolumeLoader.load(source) { progress in
                    mailbox.post(.loadProgress(progress, generation: generation))
                }
                mailbox.post(.loadProgress(LoadProgress(phase: "statistics", completed: 0, total: 1), generation: generation))
                var document = ImageDocument(volume: volume, title: title(of: source))
                document.annotationSource = .opening
                mailbox.post(.loaded(document, generation: generation))
                mailbox.post(.annotationsOpened(AnnotationSource.open(for: volume), generation: generation))
                if document.needsStatistics {
                    mailbox.post(.statisticsReady(document.withStatistics(), generation: generation))
                }
            } catch {
                mailbox.post(.loadFailed(describe(error), generation: generation))
            }
        }
    }

    static func title(of source: ImageSource) -> String {
        switch source {
        case .file(_, .demo): return "demo phantom"
        case .file(let path, _): return path
        case .dicomSeries(let series): return series.title
        }
    }

    static func describe(_ error: Error) -> String {
        String(describing: error)
    }
}
