import Annotations
import Foundation
import VolumeKit

/// What the run loop must do after a state change; the reducer itself never touches files,
/// threads or the terminal. Each outcome comes back as a `Message`.
public enum Effect: Equatable, Sendable {
    /// Wait for the saves under way (and write what is queued), then end the session.
    case quit
    /// Ask for a save of the image shown: the reducer turns it into `write` (see `Reducer.reduce(_:_:at:)`).
    case save
    /// Write a sidecar on the saving thread; `saved` or `saveFailed` follows.
    case write(SaveRequest)
    /// Run a label-map computation off the input thread (`LabelJob`).
    case labelJob(LabelJob)
    /// Look whether another session saved the sidecar; `externalChange` follows when it did.
    case poll(PollRequest)
    /// Find the images in the paths given (folders are scanned); `discovered` follows.
    case discover(paths: [String])
    /// Start reading `state.images[index]` on a background thread (`generation` tags its
    /// results); a read still under way for an earlier generation is cancelled.
    case load(index: Int, generation: Int)
    /// Forget what is on the terminal and send every cell again.
    case redrawAll
    /// End the session with an error: nothing could be opened.
    case fail(String)
}

/// Everything that can change the state: input from the terminal, an action from the keymap,
/// the passing of time, and what background work reports.
public enum Message: Sendable {
    case input(InputEvent)
    case action(Action)
    /// About once a second while no input arrives: time for polling.
    case tick
    /// A playing cine's next frame is due.
    case frameClock
    /// The frame of a video about to be shown does not decode (what the decoder said).
    case frameUnreadable(String)
    case loadProgress(LoadProgress, generation: Int)
    case loaded(ImageDocument, generation: Int)
    /// The whole volume of the preview shown (`ImageDocument.isPreview`): same shape, all voxels.
    case volumeCompleted(ImageDocument, generation: Int)
    /// The statistics and automatic presets of the document shown, computed after it opened.
    case statisticsReady(ImageDocument, generation: Int)
    /// The sidecar store of the document shown, opened after it (hashing a file takes time).
    case annotationsOpened(AnnotationSource, generation: Int)
    /// The loading thread read the image's label maps; sent just before `annotationsOpened`.
    case labelMapsOpened(LabelMapsFound, generation: Int)
    /// A label job (region growing, fill between slices) has reached this many voxels.
    case labelJobProgress(voxels: Int, generation: Int)
    case labelJobFinished(LabelJobResult)
    /// The image labels each image of the folder already has in its sidecar (index → names).
    case imageLabelsScanned([Int: [String]])
    case loadFailed(String, generation: Int)
    /// The images found in the paths given, and what could not be opened.
    case discovered([ImageSource], problems: [String])
    /// A `write` reached the disk: the sidecar as merged and written.
    case saved(SaveResult)
    /// A `write` failed; its audit events come back so that the next save carries them.
    case saveFailed(SaveFailure)
    /// Another session saved the sidecar of load `generation`: what is on disk now.
    case externalChange(SidecarSnapshot, generation: Int)
}

/// A save for the saving thread: the whole document (saves of one sidecar coalesce, the newest
/// document standing for the earlier ones) and the audit events not yet written.
public struct SaveRequest: Sendable, Equatable {
    public var store: AnnotationStore
    public var document: SidecarDocument
    public var audit: [AuditEvent]
    public var generation: Int
    /// Counts the saves asked for, per session: a result names the newest it includes.
    public var sequence: Int
    /// The annotator's label map, when it changed: written with the sidecar.
    public var labelMap: LabelMapSave?

    public static func == (a: SaveRequest, b: SaveRequest) -> Bool {
        a.store.sidecarPath == b.store.sidecarPath && a.generation == b.generation && a.sequence == b.sequence
            && a.document == b.document && a.audit == b.audit && a.labelMap?.revision == b.labelMap?.revision
    }
}

/// A label map to write with a save: a copy of the voxels (sharing every slice with the one
/// being painted until a stroke touches it), its table, and the sidecar record naming it.
public struct LabelMapSave: Sendable {
    public var path: String
    public var map: LabelMap
    public var table: LabelTable
    public var recordID: UUID
    public var revision: Int
}

public struct SaveResult: Sendable {
    public var snapshot: SidecarSnapshot
    public var generation: Int
    public var sequence: Int
}

public struct SaveFailure: Sendable {
    public var reason: String
    public var audit: [AuditEvent]
    public var generation: Int
    public var sequence: Int
}

public struct PollRequest: Sendable, Equatable {
    public var store: AnnotationStore
    public var seen: FileStamp?
    public var generation: Int

    public static func == (a: PollRequest, b: PollRequest) -> Bool {
        a.store.sidecarPath == b.store.sidecarPath && a.seen == b.seen && a.generation == b.generation
    }
}
