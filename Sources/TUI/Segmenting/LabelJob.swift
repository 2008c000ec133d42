import Annotations
import Foundation
import VolumeKit

/// A label-map computation too long for the reducer (region growing, fill between slices): run
/// on a thread of its own on a copy of the map, with progress, and cancellable with Esc. The
/// result is applied only to the map it was computed from: strokes wait while it runs.
public struct LabelJob: Sendable, Equatable {
    public enum Kind: Sendable {
        case grow(seed: SIMD3<Int>, range: ClosedRange<Double>, brush: LabelBrush, timepoint: Int, limit: Int)
        case interpolate(label: UInt16, normalAxis: Int)

        /// What the status line says while it runs.
        var doing: String {
            switch self {
            case .grow: return "growing"
            case .interpolate: return "filling between slices"
            }
        }
    }

    public var kind: Kind
    public var map: LabelMap
    public var volume: Volume
    public var generation: Int
    public var revision: Int
    public let cancellation: LoadCancellation

    /// One job is one start: the same cancellation.
    public static func == (a: LabelJob, b: LabelJob) -> Bool { a.cancellation === b.cancellation }

    /// Runs the job: `progress` hears of the voxels reached and returns false to stop.
    public func run(progress: (Int) -> Bool = { _ in true }) -> Result<LabelEdit, LabelJobFailure> {
        var copy = map
        do {
            let edit: LabelEdit
            switch kind {
            case .grow(let seed, let range, let brush, let t, let limit):
                edit = try LabelPainting.grow(&copy, from: seed, range: range, brush: brush, image: volume, timepoint: t,
                                              limit: limit, progress: { n in !cancellation.isCancelled && progress(n) })
            case .interpolate(let label, let axis):
                edit = try LabelPainting.interpolate(copy, label: label, normalAxis: axis)
            }
            return cancellation.isCancelled ? .failure(LabelJobFailure(text: "cancelled")) : .success(edit)
        } catch {
            return .failure(LabelJobFailure(text: cancellation.isCancelled ? "cancelled" : "\(error)"))
        }
    }
}

public struct LabelJobFailure: Error, Sendable, Equatable {
    public var text: String
}

/// What a job came to.
public struct LabelJobResult: Sendable {
    public var kind: LabelJob.Kind
    public var outcome: Result<LabelEdit, LabelJobFailure>
    public var generation: Int
    public var revision: Int
}

/// A job under way, as the state keeps it.
public struct RunningLabelJob: Sendable {
    public var doing: String
    public var voxels = 0
    public let cancellation: LoadCancellation
}
