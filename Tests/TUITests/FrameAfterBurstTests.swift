import Rendering
import TestSupport
import Testing
import VolumeKit
@testable import TUI

/// A burst of keys is drawn as a draft frame, then exactly: the screen must end as the last
/// grid, whatever the draft skipped (here leaving the three-plane view, which changes nearly
/// every cell).
@Suite struct FrameAfterBurstTests {
    @Test func leavingThreePlanesInABurstLeavesNothingOfThem() throws {
        var state = openState(DemoPhantom.volume(), columns: 120, rows: 40)
        let view = ScreenView()
        let encoder = FrameEncoder(mode: .truecolor)
        var screen = ANSIScreen(columns: 120, rows: 40)
        press(&state, "t")
        try screen.feed(encoder.encode(view.render(state), fidelity: .exact))
        press(&state, "t", "j")
        let last = view.render(state)
        try screen.feed(encoder.encode(last, fidelity: .draft))
        try screen.feed(encoder.encode(last, fidelity: .exact))
        var wrong: [String] = []
        for row in 0..<40 {
            for column in 0..<120 {
                let cell = last[column, row]
                if let h = screen.halves(column: column, row: row), cell.glyph == Cell.upperHalfBlock || cell.glyph == " " {
                    let top = cell.glyph == " " ? cell.background : cell.foreground, bottom = cell.background
                    if h.top != ANSIScreen.Color(top.r, top.g, top.b) || h.bottom != ANSIScreen.Color(bottom.r, bottom.g, bottom.b) {
                        wrong.append("(\(column), \(row)) \(String(describing: h)) for \(top) \(bottom)")
                    }
                } else if screen[column, row]?.glyph != cell.glyph {
                    wrong.append("(\(column), \(row)) glyph")
                }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.count) cells: \(wrong.prefix(8))")
    }
}
