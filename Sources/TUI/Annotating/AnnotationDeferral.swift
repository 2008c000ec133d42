import Foundation
import VolumeKit

/// A key that waits for a sidecar to open: an annotation key pressed while the next image is
/// read (`n`, `1` typed ahead in a QA pass) or while the sidecar of the image shown is still
/// being opened, or `n`, `p`, `q` pressed behind such keys (so that they are applied and saved
/// first). `generation` is the load of the image it is for. A key pressed on the image it is
/// for keeps where the cursor was, so `r`, move, `r` typed early still draws between the two.
public struct DeferredAction: Sendable, Equatable {
    public var action: Action
    public var generation: Int
    public var cursor: SIMD3<Int>?
    public var plane: Plane?
    public var timepoint: Int?
}

/// Queues keys whose image has no open sidecar yet and replays them when it opens.
enum AnnotationDeferral {
    /// Queues an annotation action whose image's sidecar is not open; true when queued.
    static func deferIfWaiting(_ state: inout ViewerState, _ action: Action) -> Bool {
        guard action != .annotationList else { return false }
        if let loading = state.loading, loading.generation > 0 {
            enqueue(&state, DeferredAction(action: action, generation: loading.generation), waitingFor: loading.title)
            return true
        }
        if state.annotation?.opening == true {
            enqueue(&state, DeferredAction(action: action, generation: state.documentGeneration, cursor: state.cursor,
                                           plane: state.plane, timepoint: state.timepoint), waitingFor: "the sidecar")
            return true
        }
        return false
    }

    /// `n`, `p` or `q` while annotation keys wait for an image being read or for the sidecar of
    /// the image shown: queued behind them, so that `1 n 2 n 3` typed at full speed gives each
    /// image its own label instead of overtaking the load the `2` waits for. False when nothing waits.
    static func holdBehindWaitingKeys(_ state: inout ViewerState, _ action: Action) -> Bool {
        if let loading = state.loading, loading.generation > 0 {
            guard state.deferred.contains(where: { $0.generation == loading.generation }) else { return false }
            enqueue(&state, DeferredAction(action: action, generation: loading.generation), waitingFor: loading.title)
            return true
        }
        guard state.annotation?.opening == true,
              state.deferred.contains(where: { $0.generation == state.documentGeneration }) else { return false }
        enqueue(&state, DeferredAction(action: action, generation: state.documentGeneration), waitingFor: "the sidecar")
        return true
    }

    /// The image of load `generation` could not be read: its image-label keys (`1`–`9`) wait
    /// for that image's own sidecar (what QA types on a broken file, "corrupt", belongs to it);
    /// its other annotation keys are dropped, and said so (they were for that image, never for
    /// the one still on screen); `n`, `p`, `q` queued behind them still run.
    static func dropForFailedLoad(_ state: inout ViewerState, generation: Int, title: String) -> [Effect] {
        let waiting = state.deferred.filter { $0.generation == generation }
        let labels = waiting.filter { $0.action.labelNumber != nil }
        state.deferred.removeAll { $0.generation == generation && $0.action.labelNumber == nil }
        let dropped = waiting.filter { $0.action.group == .annotation && $0.action.labelNumber == nil }.count
        var effects: [Effect] = []
        if labels.isEmpty {
            for key in waiting where key.action.group != .annotation && state.isRunning {
                effects += Reducer.reduce(&state, key.action)
            }
        } else {
            // `n`, `p`, `q` behind the label keys wait with them, in order.
            state.deferred.removeAll { $0.generation == generation }
            state.deferred.insert(contentsOf: waiting.filter { $0.action.labelNumber != nil || $0.action.group != .annotation },
                                  at: 0)
        }
        if dropped > 0 {
            let name = (title as NSString).lastPathComponent
            state.message = .init(text: "\(dropped) key\(dropped == 1 ? "" : "s") typed for \(name) not applied: it could not be read (only its image labels can be set)",
                                  isError: true)
        }
        return effects
    }

    private static func enqueue(_ state: inout ViewerState, _ key: DeferredAction, waitingFor what: String) {
        state.deferred.append(key)
        let count = state.deferred.filter { $0.generation == key.generation }.count
        state.message = .init(text: "\(count) key\(count == 1 ? "" : "s") waiting for \(what)", isError: false)
    }

    /// Runs the keys waiting for the image of load `generation`, now that it (or its sidecar)
    /// is open; keys for later loads stay queued, keys for earlier ones are dropped.
    static func replay(_ state: inout ViewerState, generation: Int) -> [Effect] {
        let all = state.deferred
        state.deferred = all.filter { $0.generation > generation }
        var effects: [Effect] = []
        for (n, key) in all.enumerated() where key.generation == generation && state.isRunning {
            guard key.action.group == .annotation else {
                effects += Reducer.reduce(&state, key.action)
                if state.leaveArmed != nil {
                    // `n` or `q` asked first (work would be lost): what was typed after it was
                    // meant for the next image, so it must not land on this one.
                    let rest = all[(n + 1)...].filter { $0.generation >= generation }.count
                    state.deferred.removeAll()
                    if rest > 0, let asked = state.message?.text {
                        state.message = .init(text: asked + " (\(rest) key\(rest == 1 ? "" : "s") typed after it dropped)", isError: true)
                    }
                    break
                }
                continue
            }
            guard let cursor = key.cursor, let plane = key.plane, let timepoint = key.timepoint else {
                effects += Reducer.reduce(&state, key.action)
                continue
            }
            // Where the key was pressed; then back to where the cursor is now, unless the key
            // itself moved it (Tab, a nudge).
            let now = (state.cursor, state.plane, state.timepoint)
            (state.cursor, state.plane, state.timepoint) = (cursor, plane, timepoint)
            effects += Reducer.reduce(&state, key.action)
            if state.cursor == cursor { (state.cursor, state.plane, state.timepoint) = now }
        }
        return effects
    }
}
