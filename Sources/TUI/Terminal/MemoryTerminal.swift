import Rendering

/// A terminal in memory: events come from a script, frames are kept for inspection, and the
/// bytes a real terminal would receive are counted.
public final class MemoryTerminal: TerminalBackend {
    public var size: (columns: Int, rows: Int)
    public private(set) var frames: [CellGrid] = []
    public private(set) var bytesSent = 0
    public private(set) var restored = false
    private var script: [[InputEvent]]
    private let encoder = FrameEncoder(mode: .truecolor)

    /// `script` is a list of batches: each `readEvents` call returns the next batch.
    public init(columns: Int, rows: Int, script: [[InputEvent]]) {
        self.size = (columns, rows)
        self.script = script
    }

    public func readEvents(timeoutMilliseconds: Int) -> [InputEvent] {
        guard !script.isEmpty else { return [.key(.character("q"))] }
        let batch = script.removeFirst()
        for event in batch {
            if case .resize(let c, let r) = event { size = (c, r) }
        }
        return batch
    }

    public func present(_ grid: CellGrid, mode: ColorMode, fidelity: Fidelity) {
        encoder.mode = mode
        bytesSent += encoder.encode(grid, fidelity: fidelity).count
        frames.append(grid)
    }

    public func invalidate() { encoder.invalidate() }

    public func restore() { restored = true }

    /// The text of the last frame, one string per row (for assertions on the status line).
    public var lastScreenText: [String] {
        guard let grid = frames.last else { return [] }
        return (0..<grid.rows).map { row in
            String(String.UnicodeScalarView((0..<grid.columns).map { grid[$0, row].glyph }))
        }
    }
}
