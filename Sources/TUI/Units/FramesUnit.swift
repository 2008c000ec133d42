import Annotations
import VolumeKit

extension Action {
    static let playFrames = Action("frames.play")
}

/// A cine's frames played at the file's rate (Frame Time, Frame Time Vector, Cine Rate), looped.
/// The frame shown is worked out from the time since play began, so a slow link or a slow frame
/// skips frames instead of queueing them; a slice key pauses and steps.
enum FramesUnit {
    static let unit = ViewerUnit(
        name: "frames",
        actions: [
            ActionSpec(.playFrames, .navigation, "play or pause the frames of a cine (at the file's frame rate, looped)",
                       keys: ["Ctrl-P"]),
        ],
        commands: [
            CommandSpec(["play"], usage: "play", help: "play or pause a cine (Ctrl-P)") { state, _ in
                reduce(&state, .playFrames)
            },
            CommandSpec(["speed"], usage: "speed X", help: "playing speed of a cine (1 is the file's rate, 0.1–16)") { state, args in
                guard CommandLineEditor.image(&state) != nil else { return [] }
                guard let speed = args.first.flatMap(Double.init), (0.1...16).contains(speed) else {
                    return CommandLineEditor.fail(&state, "usage: :speed X (0.1 to 16; 1 is the file's rate)")
                }
                state.playbackSpeed = speed
                if state.playback != nil { start(&state) }
                state.message = .init(text: "speed ×\(Formatting.speed(speed))", isError: false)
                return []
            },
        ],
        intercept: { state, action in
            guard state.playback != nil, slicesActions.contains(action) else { return nil }
            state.playback = nil
            return nil
        },
        reduce: reduce
    )

    static let slicesActions: Set<Action> = [.nextSlice, .previousSlice, .nextSlices10, .previousSlices10, .firstSlice, .lastSlice]

    /// Frame interval when the file gives none (and it is a cine): 25 frames a second.
    static let defaultFrameTime = 40.0

    static func reduce(_ state: inout ViewerState, _ action: Action) -> [Effect] {
        guard let document = state.document else { return [] }
        guard document.presentation.isCine else {
            state.message = .init(text: "only a cine (frames in time) plays; this image has slices", isError: false)
            return []
        }
        if state.playback == nil {
            start(&state)
            let rate = 1000 / frameTime(document)
            state.message = .init(text: "playing at \(Formatting.rate(rate * state.playbackSpeed)) frames a second"
                                  + (document.presentation.frameTime == nil ? " (the file gives no rate)" : ""), isError: false)
        } else {
            state.playback = nil
            state.message = .init(text: "paused", isError: false)
        }
        return []
    }

    static func frameTime(_ document: ImageDocument) -> Double {
        document.presentation.frameTime ?? defaultFrameTime
    }

    static func start(_ state: inout ViewerState) {
        guard let document = state.document else { return }
        state.playback = Playback(startedAt: state.now, startFrame: state.slice(of: state.plane),
                                  interval: frameTime(document) / state.playbackSpeed)
    }

    /// The clock of a playing cine: show the frame its time has reached.
    static func clock(_ state: inout ViewerState) -> [Effect] {
        guard let playback = state.playback, let volume = state.volume else { return [] }
        let count = volume.layout(state.plane).sliceCount
        let frame = playback.frame(at: state.now, of: count)
        Navigation.moveSlice(&state, by: frame - state.slice(of: state.plane))
        return []
    }
}

/// A cine playing: from which frame, since when, and how long each frame stays.
public struct Playback: Sendable, Equatable {
    public var startedAt: Timestamp
    public var startFrame: Int
    /// Milliseconds a frame (after the speed).
    public var interval: Double

    public func frame(at time: Timestamp, of count: Int) -> Int {
        guard count > 0 else { return 0 }
        let elapsed = Double(max(0, time.millisecondsSince1970 - startedAt.millisecondsSince1970))
        return (startFrame + Int(elapsed / interval)) % count
    }

    /// Milliseconds from `time` until the next frame is due.
    public func untilNextFrame(after time: Timestamp) -> Int {
        let elapsed = Double(max(0, time.millisecondsSince1970 - startedAt.millisecondsSince1970))
        let next = (elapsed / interval).rounded(.down) + 1
        return max(1, Int((next * interval - elapsed).rounded(.up)))
    }
}
