import Annotations
import Foundation
import Rendering
import VolumeKit

/// The run loop: reads input, stamps each message with the time, feeds the reducer, performs
/// the effects it returns (loads and saves on background threads whose results come back as
/// messages), draws only after the queued input is handled (so a held key never queues
/// frames), and always restores the terminal. It never changes the state itself.
public final class ViewerApp {
    /// How the session ended.
    public enum Outcome: Equatable, Sendable {
        case quit
        case signal(Int32)
        case failed(String)
    }

    public private(set) var state: ViewerState
    /// Saves that failed while quitting, for the caller to report once the terminal is back.
    public private(set) var unsavedOnExit: [String] = []
    /// Annotations of the image shown that were never saved anywhere (read-only folder, refused
    /// sidecar, demo), said once the terminal is back.
    public private(set) var notSavedOnExit: String?
    /// Every message handled, with its time, when recording (`startRecording`): a session
    /// replays from it (`Reducer.reduce(_:_:at:)`) to the same state.
    public private(set) var recording: [(Message, Timestamp)]?
    private let backend: TerminalBackend
    private let view = ScreenView()
    private let mailbox = Mailbox()
    private let loader: ImageLoading
    private let saver: SaveWorker
    private let jobs: LabelJobRunner
    private var lastTick = Date()
    /// The video frame that failed to decode last, reported once.
    private var unreadableFrame: Int?
    /// How image panes reach the terminal (`.none`: half blocks); set before `run`.
    public var graphics: GraphicsProtocol = .none

    public init(state: ViewerState, backend: TerminalBackend) {
        self.state = state
        self.backend = backend
        self.loader = ImageLoading(mailbox: mailbox)
        self.saver = SaveWorker(mailbox: mailbox)
        self.jobs = LabelJobRunner(mailbox: mailbox)
    }

    public func startRecording() { recording = [] }

    /// Runs until quit, a stop signal or a fatal error; the terminal is restored on return.
    public func run(watchSignals: Bool = true) -> Outcome {
        if watchSignals { SignalWatch.install() }
        var terminalGone = false
        defer {
            // After SIGHUP the terminal is gone: writing to it could block or fail.
            if SignalWatch.stopSignal == SIGHUP || terminalGone { backend.abandon() } else { backend.restore() }
        }
        let size = backend.size
        state.screenColumns = size.columns
        state.screenRows = size.rows
        state.cellPixels = graphics == .none ? nil : backend.cellPixels ?? GraphicsProbe.defaultCellPixels
        state.graphics = graphics
        if let outcome = perform(Reducer.start(&state)) { return outcome }
        var dirty = true
        var draft = false
        while true {
            if let signal = SignalWatch.stopSignal {
                finish()
                return .signal(signal)
            }
            if backend.hasHungUp {
                finish()
                terminalGone = true
                return .signal(SIGHUP)
            }
            if SignalWatch.takeContinue() {
                backend.invalidate()
                dirty = true
            }
            if dirty {
                loadShownFrame()
                backend.present(view.render(state), mode: state.colorMode, fidelity: draft ? .draft : .exact,
                                images: view.images)
                dirty = false
            }
            let waiting = state.loading != nil || draft || state.annotation?.hasUnsavedWork == true
            var timeout = waiting ? 40 : 250
            if let playback = state.playback { timeout = min(timeout, playback.untilNextFrame(after: Timestamp.now())) }
            let events = backend.readEvents(timeoutMilliseconds: timeout)
            var messages = mailbox.take()
            messages += events.map(Message.input)
            // A playing cine's frame follows the clock: one message however late it comes.
            if let playback = state.playback, playback.untilNextFrame(after: Timestamp.now()) <= 1 || events.isEmpty {
                messages.append(.frameClock)
            }
            if messages.isEmpty {
                // Input stopped: replace the draft frame of a held key with the exact one.
                if draft { draft = false; dirty = true }
                if Date().timeIntervalSince(lastTick) >= 1 {
                    lastTick = Date()
                    messages = [.tick]
                } else {
                    continue
                }
            }
            // Several slice keys in one batch means a key is held, and a playing cine moves on
            // by itself: draw cheaper frames (the still frame is made exact once it stops).
            draft = events.count > 1 || state.playback != nil
            for message in messages {
                if let outcome = handle(message) { return outcome }
                // The tick only starts a poll: nothing on screen changed.
                if case .tick = message { continue }
                dirty = true
            }
        }
    }

    /// A video's frames are decoded when shown: the one about to be drawn is decoded now
    /// (from the read-ahead's frames, usually already there), and a failure comes back as a message.
    private func loadShownFrame() {
        guard let frames = state.document?.volume.frames else { return }
        let frame = state.slice(of: state.plane)
        do {
            try frames.load(frame)
            unreadableFrame = nil
        } catch {
            guard unreadableFrame != frame else { return }
            unreadableFrame = frame
            mailbox.post(.frameUnreadable(String(describing: error)))
        }
    }

    private func handle(_ message: Message) -> Outcome? {
        let time = Timestamp.now()
        recording?.append((message, time))
        return perform(Reducer.reduce(&state, message, at: time))
    }

    /// Performs effects; returns an outcome when the session must end.
    private func perform(_ effects: [Effect]) -> Outcome? {
        for effect in effects {
            switch effect {
            case .quit:
                saver.flush()
                collectFailures()
                return .quit
            case .save:
                // `Reducer` turns every `.save` into a `write`; nothing is left to do here.
                break
            case .write(let request):
                saver.submit(request)
            case .poll(let request):
                saver.poll(request)
            case .labelJob(let job):
                jobs.start(job)
            case .discover(let paths):
                loader.discover(paths: paths, sidecarDirectory: state.options.sidecarDirectory,
                                labelsBy: state.options.blind ? state.options.annotator : nil)
            case .load(let index, let generation):
                loader.load(state.images[index], generation: generation, options: state.options)
            case .redrawAll:
                backend.invalidate()
            case .fail(let reason):
                return .failed(reason)
            }
        }
        return nil
    }

    /// Before any exit: asks the reducer for the last save, writes it and waits for every save
    /// under way; what failed is kept in `unsavedOnExit`.
    private func finish() {
        _ = handle(.action(.save))
        saver.flush()
        collectFailures()
    }

    private func collectFailures() {
        if let context = state.annotation, !context.isSaving, let reason = context.notSavedReason {
            let document = context.session.document
            let work = document.annotations.count + document.labels.count + document.notes.count
            if work > 0 { notSavedOnExit = "\(work) annotation\(work == 1 ? " was" : "s were") not saved: \(reason)" }
        }
        for message in mailbox.take() {
            if case .saveFailed(let failure) = message { unsavedOnExit.append(failure.reason) }
            _ = handle(message)
        }
    }
}
