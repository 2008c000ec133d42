import VolumeKit

/// In-process figures for the benchmark suite (issue 7): how long one frame takes from a loaded
/// volume (slice, window, resample, pack, diff, encode) and how many bytes it costs, for a full
/// frame and for each step of a held slice key.
public struct RenderMeasurement: Sendable, Equatable {
    public var columns: Int
    public var rows: Int
    public var mode: ColorMode
    public var frames: Int
    /// Median and fastest time of one whole frame (next slice, diffed against the previous).
    public var medianMilliseconds: Double
    public var fastestMilliseconds: Double
    /// Bytes of the first frame on an unknown screen.
    public var fullFrameBytes: Int
    /// Median bytes per next-slice step, exact and as draft frames.
    public var medianStepBytes: Int
    public var medianDraftStepBytes: Int
    /// Bytes that turn the last draft frame into the exact one once the key is released.
    public var refineBytes: Int

    /// Renders `frames` consecutive slices of `plane` from `slice` on (wrapping around).
    public static func run(volume: Volume, plane: Plane, slice: Int, settings: DisplaySettings,
                           columns: Int, rows: Int, mode: ColorMode, frames: Int,
                           draft: Fidelity = .draft) -> RenderMeasurement {
        let count = max(frames, 2)
        let layout = volume.layout(plane)
        var grid = CellGrid(columns: columns, rows: rows)
        let viewport = Viewport(layout: layout, pane: grid.bounds)
        let renderer = SliceRenderer()
        let exact = FrameEncoder(mode: mode), drafting = FrameEncoder(mode: mode)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(columns * rows * 40)
        var times: [Double] = [], steps: [Int] = [], draftSteps: [Int] = []
        times.reserveCapacity(count)
        steps.reserveCapacity(count)
        draftSteps.reserveCapacity(count)
        var full = 0
        let clock = ContinuousClock()
        for n in 0..<count {
            let s = (slice + n) % layout.sliceCount
            bytes.removeAll(keepingCapacity: true)
            let elapsed = clock.measure {
                renderer.render(volume: volume, plane: plane, slice: s, settings: settings, viewport: viewport,
                                mode: mode, into: &grid)
                exact.encode(grid, into: &bytes)
            }
            if n == 0 { full = bytes.count } else { steps.append(bytes.count) }
            times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
            bytes.removeAll(keepingCapacity: true)
            drafting.encode(grid, fidelity: n == 0 ? .exact : draft, into: &bytes)
            if n > 0 { draftSteps.append(bytes.count) }
        }
        bytes.removeAll(keepingCapacity: true)
        drafting.encode(grid, fidelity: .exact, into: &bytes)
        func median<T: Comparable>(_ list: [T]) -> T { list.sorted()[list.count / 2] }
        // The first frame also pays for growing buffers; it is not a steady-state frame.
        let steady = Array(times.dropFirst())
        return RenderMeasurement(columns: columns, rows: rows, mode: mode, frames: count,
                                 medianMilliseconds: median(steady), fastestMilliseconds: steady.min() ?? 0,
                                 fullFrameBytes: full, medianStepBytes: median(steps),
                                 medianDraftStepBytes: median(draftSteps), refineBytes: bytes.count)
    }
}
