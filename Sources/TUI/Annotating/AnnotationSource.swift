import Annotations
import Foundation
import VolumeKit

/// What the loading thread found about an image's sidecar: opening a store hashes NIfTI files
/// and reads the sidecar, so it happens there, never in the reducer.
public enum AnnotationSource: Sendable {
    /// Nothing was looked up (an image document made in a test): annotations are kept in
    /// memory only.
    case memoryOnly
    /// The loading thread is finding and reading the sidecar; `Message.annotationsOpened`
    /// follows. Annotation keys wait for it.
    case opening
    /// The sidecar store and what it held (an empty document when there is no sidecar yet).
    case store(AnnotationStore, SidecarSnapshot)
    /// No sidecar can be used: the demo volume, or a sidecar that was refused (other image,
    /// invalid, unreadable). Annotations can be made but are not saved; `reason` says why.
    case unsaved(reason: String, isError: Bool)

    /// Finds and reads the sidecar of `volume` (in `sidecarDirectory` when given, else beside
    /// the image). Never throws: a refusal becomes `.unsaved`.
    public static func open(for volume: Volume, sidecarDirectory: String? = nil) -> AnnotationSource {
        if volume.metadata.format == .demo {
            return .unsaved(reason: "demo volume: annotations are not saved", isError: false)
        }
        let store: AnnotationStore
        do {
            store = try AnnotationStore(volume: volume, sidecarDirectory: sidecarDirectory)
        } catch {
            return .unsaved(reason: "\(error)", isError: true)
        }
        do {
            return .store(store, try store.load())
        } catch {
            // The sidecar sits beside the image: its name is enough on a status row.
            let name = (store.sidecarPath as NSString).lastPathComponent
            return .unsaved(reason: "\(error)".replacingOccurrences(of: store.sidecarPath, with: name), isError: true)
        }
    }

    /// The sidecar of an image that could not be read (see `AnnotationStore(unreadable:)`).
    public static func open(unreadable source: ImageSource, reason: String, sidecarDirectory: String? = nil) -> AnnotationSource {
        do {
            let store = try AnnotationStore(unreadable: source, reason: reason, sidecarDirectory: sidecarDirectory)
            return .store(store, try store.load())
        } catch {
            return .unsaved(reason: "\(error)", isError: true)
        }
    }
}
