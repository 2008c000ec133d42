import Foundation
import Rendering
import VolumeKit

/// The run loop: reads input, feeds the reducer, performs effects, draws only after the
/// queued input is handled (so a held key never queues frames), and always restores the
/// terminal.
public final class ViewerApp {
    /// How the session ended.
    public enum Outcome: Equatable, Sendable {
        case quit
        case signal(Int32)
        case failed(String)
    }

    /// Called before every exit (quit, signal) and on `:w`, after the annotations are saved
    /// through their store: for embedding programs that keep more state.
    public var saveHook: ((ViewerState) throws -> Void)?

    public private(set) var state: ViewerState
    private let backend: TerminalBackend
    private let view = ScreenView()
    private let mailbox = Mailbox()
    /// When the sidecar was last checked for other sessions' saves.
    private var lastPoll = Date()

    public init(state: ViewerState, backend: TerminalBackend) {
        self.state = state
        self.backend = backend
    }

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
        if state.images.isEmpty {
            Reducer.startDiscovery(&state)
            ImageLoading.discover(paths: state.options.paths, into: mailbox)
        } else {
            if state.images.count > 1 { state.panel = .picker(selection: 0) }
            if let outcome = perform(Reducer.startLoading(&state, index: 0)) { return outcome }
        }
        var dirty = true
        var draft = false
        while true {
            if let signal = SignalWatch.stopSignal {
                save()
                return .signal(signal)
            }
            if backend.hasHungUp {
                save()
                terminalGone = true
                return .signal(SIGHUP)
            }
            if SignalWatch.takeContinue() {
                backend.invalidate()
                dirty = true
            }
            if dirty {
                backend.present(view.render(state), mode: state.colorMode, fidelity: draft ? .draft : .exact)
                dirty = false
            }
            let waiting = state.loading != nil || draft
            let events = backend.readEvents(timeoutMilliseconds: waiting ? 40 : 250)
            var messages = mailbox.take()
            messages += events.map(Message.input)
            if messages.isEmpty {
                // Input stopped: replace the draft frame of a held key with the exact one.
                if draft { draft = false; dirty = true }
                if Date().timeIntervalSince(lastPoll) >= 1 {
                    lastPoll = Date()
                    if AnnotationSaving.takeExternalChanges(&state) { dirty = true }
                }
                continue
            }
            // Several slice keys in one batch means a key is held: draw a cheaper frame.
            draft = events.count > 1
            for message in messages {
                let effects = Reducer.reduce(&state, message)
                if let outcome = perform(effects) { return outcome }
            }
            dirty = true
        }
    }

    /// Performs effects; returns an outcome when the session must end.
    private func perform(_ effects: [Effect]) -> Outcome? {
        for effect in effects {
            switch effect {
            case .quit:
                save()
                return .quit
            case .save:
                save()
            case .load(let index, let generation):
                ImageLoading.load(state.images[index], generation: generation, into: mailbox)
            case .redrawAll:
                backend.invalidate()
            case .fail(let reason):
                return .failed(reason)
            }
        }
        return nil
    }

    private func save() {
        AnnotationSaving.save(&state)
        guard let saveHook else { return }
        do {
            try saveHook(state)
        } catch {
            state.message = .init(text: "could not save: \(error)", isError: true)
        }
    }
}
