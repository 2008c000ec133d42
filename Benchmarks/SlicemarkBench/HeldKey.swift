import Rendering
import VolumeKit

/// A slice key held down in truecolour: every step is drawn once as a plain exact diff and once
/// as a draft (what the viewer sends while keys arrive faster than the link drains); when the
/// key is released the last frame is encoded exactly. Every draft byte is replayed in a virtual
/// terminal, which must then show exactly the full-quality last frame.
struct HeldKey {
    let steps: Int
    let plainMedian: Int
    let plainMax: Int
    let draftMedian: Int
    let draftMax: Int
    let refineBytes: Int
    let stillFrameExact: Bool
    /// How far the screen is from the exact frame after each draft step (0–255 per channel).
    let draftMeanError: Double
    let draftMaxError: Int

    static func measure(volume: Volume, from start: Int, steps: Int, settings: DisplaySettings) throws -> HeldKey {
        let layout = volume.layout(.axial)
        let steps = min(steps, layout.sliceCount - 1 - start)
        guard steps > 0 else { throw BenchFailure("the volume has too few slices for a held key") }
        let renderer = SliceRenderer()
        let viewport = Viewport(layout: layout, pane: pane)
        let plain = FrameEncoder(mode: .truecolor), draft = FrameEncoder(mode: .truecolor)
        var terminal = VirtualTerminal(columns: pane.columns, rows: pane.rows)
        var grid = CellGrid(columns: pane.columns, rows: pane.rows)

        renderer.render(volume: volume, plane: .axial, slice: start, settings: settings, viewport: viewport,
                        mode: .truecolor, into: &grid)
        _ = plain.encode(grid)
        terminal.feed(draft.encode(grid))

        var plainSteps: [Int] = [], draftSteps: [Int] = []
        var errorSum = 0.0, errorMax = 0
        for step in 1...steps {
            renderer.render(volume: volume, plane: .axial, slice: start + step, settings: settings,
                            viewport: viewport, mode: .truecolor, into: &grid)
            plainSteps.append(plain.encode(grid, fidelity: .exact).count)
            let bytes = draft.encode(grid, fidelity: .draft)
            draftSteps.append(bytes.count)
            terminal.feed(bytes)
            let error = terminal.colourError(from: grid)
            errorSum += error.mean
            errorMax = max(errorMax, error.max)
        }
        let refine = draft.encode(grid, fidelity: .exact)
        terminal.feed(refine)
        let exact = terminal.unsupported.isEmpty && terminal.differences(from: grid) == 0
        return HeldKey(steps: steps, plainMedian: median(plainSteps), plainMax: plainSteps.max() ?? 0,
                       draftMedian: median(draftSteps), draftMax: draftSteps.max() ?? 0,
                       refineBytes: refine.count, stillFrameExact: exact,
                       draftMeanError: errorSum / Double(steps), draftMaxError: errorMax)
    }

    private static func median(_ values: [Int]) -> Int {
        let s = values.sorted()
        return s.isEmpty ? 0 : s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
