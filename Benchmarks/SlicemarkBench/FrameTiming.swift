#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Rendering
import VolumeKit

/// Milliseconds per frame over a run of frames: median and 90th percentile.
struct FrameTimes {
    let count: Int
    let median: Double
    let p90: Double

    init(_ samples: [Double]) {
        let sorted = samples.sorted()
        count = sorted.count
        median = sorted.isEmpty ? 0 : sorted.count % 2 == 1 ? sorted[sorted.count / 2]
            : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        p90 = sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.9).rounded(.up)) - 1)]
    }
}

enum FrameTiming {
    /// Renders and encodes consecutive slices of a plane the way the viewer does while a slice
    /// key is held, timing each frame (wall clock and thread CPU): slice extraction, window,
    /// resampling, cell packing, diff against the previous frame, ANSI encoding into a reused
    /// buffer.
    static func measure(volume: Volume, plane: Plane, settings: DisplaySettings, pane: CellRect,
                        frames: Int, labels: [LabelLayer] = []) -> (wall: FrameTimes, cpu: FrameTimes) {
        let layout = volume.layout(plane)
        let renderer = SliceRenderer()
        let viewport = Viewport(layout: layout, pane: pane)
        let encoder = FrameEncoder(mode: .truecolor)
        var grid = CellGrid(columns: pane.columns, rows: pane.rows)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(pane.columns * pane.rows * 40)
        let warmups = 5
        let first = max(0, layout.sliceCount / 2 - (frames + warmups) / 2)
        var samples: [Double] = [], cpu: [Double] = []
        samples.reserveCapacity(frames)
        cpu.reserveCapacity(frames)
        var checksum = 0
        for n in 0..<(frames + warmups) {
            let slice = (first + n) % layout.sliceCount
            let start = now(), startCPU = threadCPU()
            renderer.render(volume: volume, plane: plane, slice: slice, settings: settings, viewport: viewport,
                            labels: labels, mode: .truecolor, into: &grid)
            bytes.removeAll(keepingCapacity: true)
            encoder.encode(grid, fidelity: .exact, into: &bytes)
            let elapsed = now() - start, elapsedCPU = threadCPU() - startCPU
            checksum &+= bytes.count
            if n >= warmups {
                samples.append(elapsed)
                cpu.append(elapsedCPU)
            }
        }
        precondition(checksum > 0, "the encoder wrote nothing")
        return (FrameTimes(samples), FrameTimes(cpu))
    }

    /// Monotonic time in milliseconds.
    static func now() -> Double { milliseconds(CLOCK_MONOTONIC) }

    /// CPU time of this thread in milliseconds: on a shared machine, the part of a frame's
    /// time that other processes cannot inflate (only cache and frequency effects remain).
    static func threadCPU() -> Double { milliseconds(CLOCK_THREAD_CPUTIME_ID) }

    private static func milliseconds(_ clock: clockid_t) -> Double {
        var t = timespec()
        clock_gettime(clock, &t)
        return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
    }
}
