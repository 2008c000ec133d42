import VolumeKit

/// What the run loop must do after a state change; the reducer itself never touches files,
/// threads or the terminal.
public enum Effect: Equatable, Sendable {
    /// Save annotations, then end the session.
    case quit
    /// Save annotations now.
    case save
    /// Start reading `state.images[index]` on a background thread (`generation` tags its results).
    case load(index: Int, generation: Int)
    /// Forget what is on the terminal and send every cell again.
    case redrawAll
    /// End the session with an error: nothing could be opened.
    case fail(String)
}

/// Everything that can change the state: input from the terminal, an action from the keymap,
/// and results from the loading thread.
public enum Message: Sendable {
    case input(InputEvent)
    case action(Action)
    case loadProgress(LoadProgress, generation: Int)
    case loaded(ImageDocument, generation: Int)
    /// The statistics and automatic presets of the document shown, computed after it opened.
    case statisticsReady(ImageDocument, generation: Int)
    /// The sidecar store of the document shown, opened after it (hashing a file takes time).
    case annotationsOpened(AnnotationSource, generation: Int)
    case loadFailed(String, generation: Int)
    /// The images found in the paths given, and what could not be opened.
    case discovered([ImageSource], problems: [String])
}
