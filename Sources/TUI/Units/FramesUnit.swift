import Annotations
import VolumeKit

extension Action {
    static let playFrames = Action("frames.play")
    static let secondBack = Action("frames.second-back")
    static let secondForward = Action("frames.second-forward")
}

/// A cine's or a video's frames played at the file's rate (Frame Time, Frame Time Vector, Cine
/// Rate, Recommended Display Frame Rate), looped unless `:loop off`. The frame shown is worked
/// out from the time since play began, so a slow link or a slow frame skips frames instead of
/// queueing them; a slice key pauses and steps; Alt-Left/Alt-Right and `:seek` jump in time.
enum FramesUnit {
    static let unit = ViewerUnit(
        name: "frames",
        actions: [
            ActionSpec(.playFrames, .navigation, "play or pause the frames of a cine (at the file's frame rate, looped)",
                       keys: ["Ctrl-P"]),
            ActionSpec(.secondBack, .navigation, "one second back in a cine or video", keys: ["Alt-Left"]),
            ActionSpec(.secondForward, .navigation, "one second forward in a cine or video", keys: ["Alt-Right"]),
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
            CommandSpec(["seek"], usage: "seek T", help: "to a time (5s, 1:05), by one (+2s, -1s), to frame N") { state, args in
                guard CommandLineEditor.image(&state) != nil else { return [] }
                guard let target = args.first.flatMap({ SeekTarget($0) }) else {
                    return CommandLineEditor.fail(&state, "usage: :seek 5s (a time), :seek +2s or -2s (from here), :seek 12 (frame 12)")
                }
                return seek(&state, to: target)
            },
            CommandSpec(["loop"], usage: "loop on|off", help: "playing starts again after the last frame, or stops") { state, args in
                guard let word = args.first?.lowercased(), word == "on" || word == "off" else {
                    return CommandLineEditor.fail(&state, "usage: :loop on or :loop off")
                }
                state.playbackLoops = word == "on"
                if state.playback != nil { start(&state) }
                state.message = .init(text: state.playbackLoops ? "playing round and round" : "playing stops at the last frame", isError: false)
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
    static let defaultFrameTime = ImagePresentation.defaultFrameTime

    static func reduce(_ state: inout ViewerState, _ action: Action) -> [Effect] {
        guard let document = state.document else { return [] }
        guard document.presentation.isCine else {
            state.message = .init(text: "only a cine or video (frames in time) plays; this image has slices", isError: false)
            return []
        }
        if action == .secondBack || action == .secondForward {
            return seek(&state, to: .by(seconds: action == .secondBack ? -1 : 1))
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
        let frame = state.slice(of: state.plane)
        if let vector = document.presentation.frameTimeVector, vector.count == state.volume?.layout(state.plane).sliceCount {
            state.playback = Playback(startedAt: state.now, startFrame: frame, frameTimeVector: vector,
                                      speed: state.playbackSpeed, loops: state.playbackLoops)
        } else {
            state.playback = Playback(startedAt: state.now, startFrame: frame,
                                      interval: frameTime(document) / state.playbackSpeed, loops: state.playbackLoops)
        }
    }

    /// The clock of a playing cine: show the frame its time has reached.
    static func clock(_ state: inout ViewerState) -> [Effect] {
        guard let playback = state.playback, let volume = state.volume else { return [] }
        let count = volume.layout(state.plane).sliceCount
        let frame = playback.frame(at: state.now, of: count)
        state.cursor[volume.layout(state.plane).normal] = frame
        if !playback.loops, frame == count - 1 {
            state.playback = nil
            state.message = .init(text: "last frame: paused (:loop on plays round)", isError: false)
        }
        return []
    }

    /// Moves to a time or a frame; a playing cine carries on playing from there.
    static func seek(_ state: inout ViewerState, to target: SeekTarget) -> [Effect] {
        guard let document = state.document, let volume = state.volume else { return [] }
        guard document.presentation.isCine else {
            state.message = .init(text: "only a cine or video has times to seek to; this image has slices", isError: false)
            return []
        }
        let layout = volume.layout(state.plane)
        let count = layout.sliceCount
        let presentation = document.presentation
        let here = state.slice(of: state.plane)
        let frame: Int
        switch target {
        case .frame(let n): frame = min(max(n - 1, 0), count - 1)
        case .at(let seconds): frame = presentation.frame(atSeconds: seconds, count: count)
        case .by(let seconds):
            // From the start of the frame shown, so that a second forward and one back return.
            frame = presentation.frame(atSeconds: presentation.seconds(atFrame: here) + seconds + 1e-6, count: count)
        }
        state.cursor[layout.normal] = frame
        if state.playback != nil { start(&state) }
        state.message = .init(text: "frame \(frame + 1)/\(count) · " + Formatting.seconds(presentation.seconds(atFrame: frame)), isError: false)
        return []
    }
}

/// Where `:seek` goes: "5s" or "1:05" (a time), "+2s"/"-2s" (from here), "12" (a frame number).
enum SeekTarget: Equatable {
    case at(seconds: Double)
    case by(seconds: Double)
    case frame(Int)

    init?(_ text: String) {
        let t = text.lowercased()
        if !t.hasSuffix("s"), !t.contains(":"), !t.hasPrefix("+"), !t.hasPrefix("-") {
            guard let n = Int(t), n >= 1 else { return nil }
            self = .frame(n)
            return
        }
        var body = t.hasSuffix("s") ? String(t.dropLast()) : t
        let sign: Double? = body.hasPrefix("+") ? 1 : body.hasPrefix("-") ? -1 : nil
        if sign != nil { body.removeFirst() }
        var seconds: Double
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 2, let m = Int(parts[0]), let s = Double(parts[1]), m >= 0, s >= 0, s < 60 {
            seconds = Double(m) * 60 + s
        } else if parts.count == 1, let s = Double(body), s >= 0, s.isFinite {
            seconds = s
        } else {
            return nil
        }
        if let sign { seconds *= sign; self = .by(seconds: seconds) } else { self = .at(seconds: seconds) }
    }
}

/// A cine playing: from which frame, since when, and how long each frame stays.
public struct Playback: Sendable, Equatable {
    public var startedAt: Timestamp
    public var startFrame: Int
    /// Milliseconds a frame (after the speed).
    public var interval: Double
    /// After the last frame, the first again (else the last stays).
    public var loops = true
    /// With a Frame Time Vector, frames keep their own times: when each starts (milliseconds
    /// after the speed, frame 0 at 0), and when the last one ends. Nil: every frame `interval`.
    public var starts: [Double]?
    public var end: Double = 0

    public init(startedAt: Timestamp, startFrame: Int, interval: Double, loops: Bool = true) {
        self.startedAt = startedAt
        self.startFrame = startFrame
        self.interval = interval
        self.loops = loops
    }

    /// Frames at their own times: `vector` is the Frame Time Vector (ms from the frame before,
    /// the first 0), `speed` the playing speed.
    public init(startedAt: Timestamp, startFrame: Int, frameTimeVector vector: [Double], speed: Double, loops: Bool = true) {
        var starts: [Double] = [0]
        for gap in vector.dropFirst() { starts.append(starts[starts.count - 1] + gap / speed) }
        let gaps = vector.dropFirst().filter { $0 > 0 }
        let last = (vector.last.flatMap { $0 > 0 ? $0 : nil } ?? (gaps.isEmpty ? 40 : gaps.reduce(0, +) / Double(gaps.count))) / speed
        self.init(startedAt: startedAt, startFrame: startFrame, interval: last, loops: loops)
        self.starts = starts
        end = starts[starts.count - 1] + last
    }

    private func elapsed(_ time: Timestamp) -> Double {
        Double(max(0, time.millisecondsSince1970 - startedAt.millisecondsSince1970))
    }

    /// Where the clock is on the frames' own times (nil past the end, not looping).
    private func position(_ time: Timestamp, _ starts: [Double]) -> Double? {
        let t = starts[min(startFrame, starts.count - 1)] + elapsed(time)
        if loops { return t.truncatingRemainder(dividingBy: end) }
        return t < end ? t : nil
    }

    public func frame(at time: Timestamp, of count: Int) -> Int {
        guard count > 0 else { return 0 }
        if let starts, starts.count == count, end > 0 {
            guard let t = position(time, starts) else { return count - 1 }
            // The last frame started at or before t.
            var low = 0, high = count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if starts[middle] <= t { low = middle } else { high = middle - 1 }
            }
            return low
        }
        let frame = startFrame + Int(elapsed(time) / interval)
        return loops ? frame % count : min(frame, count - 1)
    }

    /// Milliseconds from `time` until the next frame is due.
    public func untilNextFrame(after time: Timestamp) -> Int {
        if let starts, end > 0 {
            guard let t = position(time, starts) else { return 1000 }
            let next = starts.first { $0 > t } ?? end
            return max(1, Int((next - t).rounded(.up)))
        }
        let elapsed = elapsed(time)
        let next = (elapsed / interval).rounded(.down) + 1
        return max(1, Int((next * interval - elapsed).rounded(.up)))
    }
}
