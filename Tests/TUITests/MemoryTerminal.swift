import Foundation
import Rendering
import TUI

/// A terminal in memory: input comes from a script, frames are kept for inspection, and the
/// bytes a real terminal would receive are counted.
public final class MemoryTerminal: TerminalBackend {
    public enum Step: Sendable {
        /// Delivered together, as keys queued while the viewer was busy.
        case events([InputEvent])
        /// No input until the last frame shows this text (e.g. after loading); gives up after
        /// `timeout` seconds so a broken viewer cannot hang a test.
        case waitFor(String, timeout: Double)
    }

    public var size: (columns: Int, rows: Int)
    public private(set) var frames: [CellGrid] = []
    public private(set) var bytesPerFrame: [Int] = []
    public private(set) var restored = false
    private var script: [Step]
    private var waitStarted: Date?
    private let encoder = FrameEncoder(mode: .truecolor)

    public init(columns: Int, rows: Int, script: [Step]) {
        self.size = (columns, rows)
        self.script = script
    }

    public func readEvents(timeoutMilliseconds: Int) -> [InputEvent] {
        guard let step = script.first else { return [.key(.character("q"))] }
        switch step {
        case .events(let batch):
            script.removeFirst()
            for event in batch {
                if case .resize(let c, let r) = event { size = (c, r) }
            }
            return batch
        case .waitFor(let text, let timeout):
            let started = waitStarted ?? Date()
            waitStarted = started
            if lastScreenText.contains(where: { $0.contains(text) }) || Date().timeIntervalSince(started) > timeout {
                script.removeFirst()
                waitStarted = nil
            } else {
                Thread.sleep(forTimeInterval: Double(min(timeoutMilliseconds, 10)) / 1000)
            }
            return []
        }
    }

    public func present(_ grid: CellGrid, mode: ColorMode, fidelity: Fidelity) {
        encoder.mode = mode
        bytesPerFrame.append(encoder.encode(grid, fidelity: fidelity).count)
        frames.append(grid)
    }

    public func invalidate() { encoder.invalidate() }

    public func restore() { restored = true }

    public func abandon() { restored = true }

    public var hasHungUp: Bool { false }

    /// The text of the last frame, one string per row (for assertions on the status line).
    public var lastScreenText: [String] {
        guard let grid = frames.last else { return [] }
        return (0..<grid.rows).map { row in
            String(String.UnicodeScalarView((0..<grid.columns).map { grid[$0, row].glyph }))
        }
    }
}
