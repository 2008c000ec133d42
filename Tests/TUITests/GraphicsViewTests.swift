import Rendering
import TestSupport
import Testing
import VolumeKit
@testable import TUI

/// The viewer's side of kitty and sixel: what the terminal's replies say, which protocol
/// `--graphics` ends up with, and the images the screen view hands to the terminal.
@Suite struct GraphicsViewTests {
    static func replies(_ bytes: String) -> [TerminalReply] {
        var decoder = InputDecoder()
        return (decoder.feed(Array(bytes.utf8)) + decoder.flush()).compactMap {
            if case .reply(let r) = $0 { return r } else { return nil }
        }
    }

    @Test func xtermAsAVT340AnswersWithSixel() {
        // xterm -ti vt340's DA1, and its cell size (CSI 16 t).
        let answers = GraphicsProbe.read(Self.replies("\u{1B}[6;13;6t\u{1B}[?63;1;2;3;4;6;9;15;16;22;29c"))
        #expect(answers == GraphicsProbe.Answers(kitty: false, sixel: true, cellPixels: SIMD2(6, 13), answered: true))
        #expect(GraphicsProbe.choose(.auto, environment: ["TERM": "xterm"], answers: answers) == .sixel)
    }

    @Test func kittyAnswersItsQuery() {
        let answers = GraphicsProbe.read(Self.replies("\u{1B}_Gi=31;OK\u{1B}\\\u{1B}[6;20;10t\u{1B}[?62;c"))
        #expect(answers.kitty && !answers.sixel && answers.answered && answers.cellPixels == SIMD2(10, 20))
        #expect(GraphicsProbe.choose(.auto, environment: ["TERM": "xterm-kitty"], answers: answers) == .kitty)
    }

    @Test func aPlainTerminalGetsHalfBlocks() {
        // DA1 without attribute 4 (a VT220-class terminal with no sixel); the 4 as class is not sixel.
        let answers = GraphicsProbe.read(Self.replies("\u{1B}[?4;1;2c"))
        #expect(answers.answered && !answers.sixel)
        #expect(GraphicsProbe.choose(.auto, environment: ["TERM": "xterm-256color"], answers: answers) == .none)
        // An error reply to the kitty query is no kitty support.
        #expect(!GraphicsProbe.read(Self.replies("\u{1B}_Gi=31;ENOTSUPPORTED:format\u{1B}\\")).kitty)
    }

    @Test func noAnswerFallsBackToTheEnvironment() {
        #expect(GraphicsProbe.choose(.auto, environment: ["TERM": "foot"], answers: nil) == .sixel)
        #expect(GraphicsProbe.choose(.auto, environment: ["TERM": "xterm"], answers: nil) == .none)
        // The terminal answered, and did not claim sixel: the hint does not overrule it.
        #expect(GraphicsProbe.choose(.auto, environment: ["TERM": "foot"],
                                     answers: GraphicsProbe.Answers(answered: true)) == .none)
    }

    @Test func autoTakesSixelOnlyWhenTheCellSizeIsKnown() {
        let sixel = GraphicsProbe.Answers(sixel: true, answered: true)
        #expect(GraphicsProbe.choose(.auto, environment: ["TERM": "xterm"], answers: sixel, cellPixelsKnown: false) == .none)
        #expect(GraphicsProbe.choose(.auto, environment: ["TERM": "xterm"], answers: sixel, cellPixelsKnown: true) == .sixel)
        // Kitty scales its image to the cells; asked for by name, sixel is used with the default size.
        let kitty = GraphicsProbe.Answers(kitty: true, answered: true)
        #expect(GraphicsProbe.choose(.auto, environment: [:], answers: kitty, cellPixelsKnown: false) == .kitty)
        #expect(GraphicsProbe.choose(.sixel, environment: [:], answers: nil, cellPixelsKnown: false) == .sixel)
    }

    @Test func insideTmuxAutoDoesNotAskButANamedProtocolIsTaken() {
        let tmux = ["TERM": "tmux-256color", "TMUX": "/tmp/tmux-0/default,1,0"]
        #expect(!GraphicsProbe.needsAsking(.auto, environment: tmux))
        #expect(GraphicsProbe.choose(.auto, environment: tmux,
                                     answers: GraphicsProbe.Answers(sixel: true, answered: true)) == .none)
        #expect(GraphicsProbe.needsAsking(.sixel, environment: tmux))
        #expect(GraphicsProbe.choose(.sixel, environment: tmux, answers: nil) == .sixel)
        #expect(!GraphicsProbe.needsAsking(.none, environment: ["TERM": "xterm-kitty"]))
    }

    @Test func eachPaneIsOneImageOfItsCellsInPixels() {
        var state = openState()
        state.cellPixels = SIMD2(8, 16)
        let view = ScreenView()
        let grid = view.render(state)
        let layout = state.screenLayout
        #expect(view.images.count == layout.panes.count)
        let image = view.images[0]
        #expect(image.rect == layout.panes[0].rect)
        #expect(image.canvas.width == image.rect.columns * 8 && image.canvas.height == image.rect.rows * 16)
        // The pane's cells hold no half blocks, only text (orientation letters).
        #expect(!grid.cells.contains { $0.glyph == Cell.upperHalfBlock })
        #expect(text(grid)[10].hasPrefix("R"))
        // The cursor moves voxel by voxel; the readout names the voxel the crosshair is on.
        press(&state, "l", "l", "j")
        let after = view.render(state)
        #expect(text(after)[22].contains("voxel [12, 9, 6]"))
        let moved = view.images[0].canvas
        #expect(moved != image.canvas)
        let viewport = state.viewport(state.plane, in: layout.panes[0].rect)!
        #expect(viewport.cellPixels == SIMD2(8, 16))
        let centre = viewport.screenPoint(slice: SIMD2(12, 9))
        // The crosshair runs through that voxel's centre, with a gap at the voxel itself.
        let x = Int(centre.x), y = Int(centre.y)
        func isGrey(_ p: RGB) -> Bool { p.r == p.g && p.g == p.b }
        #expect(!isGrey(moved[2, y]) && !isGrey(moved[x, 2]))
        #expect(isGrey(moved[x, y]) && isGrey(moved[2, y + 24]))
    }

    @Test func clicksAndCellsFollowTheCellsRealProportions() throws {
        // xterm's 6 × 13 cells are not two square pixels: the picture is laid out in real
        // pixels, and so are the cells a click or the cursor names.
        var state = openState()
        state.cellPixels = SIMD2(6, 13)
        let rect = state.screenLayout.panes[0].rect
        let viewport = try #require(state.viewport(state.plane, in: rect))
        let halfBlocks = viewport.withCellPixels(SIMD2(1, 2))
        #expect(viewport.scale.x / 6 != halfBlocks.scale.x)
        for (c, r) in [(5, 5), (12, 8), (19, 15)] {
            let cell = try #require(viewport.cell(sliceColumn: Double(c), sliceRow: Double(r)))
            let hit = viewport.slicePixel(column: cell.column, row: cell.row, lowerHalf: cell.lowerHalf)
            #expect(hit?.column == c && hit?.row == r, "voxel (\(c), \(r))")
        }
    }

    @Test func theStatusLineNamesTheProtocolInsteadOfTheColours() {
        var state = openState()
        let colours = state.colorMode.displayName
        #expect(StatusLine.lines(state, width: 200).0.contains(colours))
        state.cellPixels = SIMD2(6, 13)
        state.graphics = .sixel
        let line = StatusLine.lines(state, width: 200).0
        #expect(line.contains("│ sixel │") || line.contains(" sixel "), "\(line)")
        #expect(!line.contains(colours))
    }

    @Test func aPanelOverTheImageAreaShowsNoImage() {
        var state = openState()
        state.cellPixels = SIMD2(8, 16)
        let view = ScreenView()
        press(&state, "?")
        _ = view.render(state)
        #expect(view.images.isEmpty)
    }

    @Test func withoutCellPixelsThePanesAreHalfBlocks() {
        let view = ScreenView()
        let grid = view.render(openState())
        #expect(view.images.isEmpty)
        #expect(grid.cells.contains { $0.glyph == Cell.upperHalfBlock })
    }
}

/// When frames are sent, and what they do when images come, change, move and go.
@Suite struct GraphicsPresenterTests {
    static func image(_ grey: UInt8, at column: Int = 0, columns: Int = 4) -> PlacedImage {
        PlacedImage(rect: CellRect(column: column, row: 0, columns: columns, rows: 2),
                    canvas: PixelCanvas(width: columns * 2, height: 8, fill: RGB(grey: grey)))
    }

    @Test func theDecisionRule() {
        #expect(GraphicsPresenter.decide(changed: false, drafting: false, sinceLastSend: 9, draftInterval: 0.1) == .unchanged)
        #expect(GraphicsPresenter.decide(changed: true, drafting: false, sinceLastSend: 0, draftInterval: 0.1) == .send)
        #expect(GraphicsPresenter.decide(changed: true, drafting: true, sinceLastSend: 0.05, draftInterval: 0.1) == .held)
        #expect(GraphicsPresenter.decide(changed: true, drafting: true, sinceLastSend: 0.2, draftInterval: 0.1) == .send)
    }

    @Test func anUnchangedPictureIsNotSentAgain() {
        let p = GraphicsPresenter(graphics: .sixel)
        #expect(!p.frame([Self.image(10)], drafting: false, now: 0).bytes.isEmpty)
        #expect(p.frame([Self.image(10)], drafting: false, now: 1) == GraphicsPresenter.Frame())
        p.invalidate()
        #expect(!p.frame([Self.image(10)], drafting: false, now: 2).bytes.isEmpty)
    }

    @Test func aHeldKeyDropsFramesAndTheLastIsSentWhenItStops() {
        let p = GraphicsPresenter(graphics: .kitty, draftInterval: 0.1)
        _ = p.frame([Self.image(1)], drafting: true, now: 0)
        // Three slices go by within 0.1 s: none is sent (dropped, not queued)…
        for (n, t) in [0.02, 0.04, 0.06].enumerated() {
            #expect(p.frame([Self.image(UInt8(2 + n))], drafting: true, now: t).bytes.isEmpty)
        }
        // …the key is let go: the exact frame sends the picture now shown.
        let last = p.frame([Self.image(4)], drafting: false, now: 0.07)
        #expect(String(decoding: last.bytes, as: UTF8.self).contains("i=1,p=1"))
        // Held on, a frame goes once the interval has passed.
        #expect(!p.frame([Self.image(5)], drafting: true, now: 0.2).bytes.isEmpty)
    }

    @Test func kittyReplacesByIdAndDeletesWhatGoes() {
        let p = GraphicsPresenter(graphics: .kitty)
        let two = String(decoding: p.frame([Self.image(1), Self.image(2, at: 5)], drafting: false, now: 0).bytes, as: UTF8.self)
        #expect(two.contains("i=1,p=1") && two.contains("i=2,p=1"))
        #expect(two.contains("\u{1B}7\u{1B}[1;1H\u{1B}_G") && two.contains("\u{1B}7\u{1B}[1;6H\u{1B}_G"))
        // Only the second changed: only it is sent, under its id (replacing, not stacking).
        let one = String(decoding: p.frame([Self.image(1), Self.image(3, at: 5)], drafting: false, now: 1).bytes, as: UTF8.self)
        #expect(!one.contains("i=1,") && one.contains("i=2,p=1"))
        // A panel covers the area: both are deleted.
        let none = p.frame([], drafting: false, now: 2)
        #expect(String(decoding: none.bytes, as: UTF8.self) == "\u{1B}_Ga=d,d=I,i=1,q=2\u{1B}\\\u{1B}_Ga=d,d=I,i=2,q=2\u{1B}\\")
        #expect(!none.clearsScreen)
    }

    @Test func sixelClearsTheScreenWhenAnImageGoesOrMoves() {
        let p = GraphicsPresenter(graphics: .sixel)
        let first = p.frame([Self.image(1)], drafting: false, now: 0)
        #expect(!first.clearsScreen && first.textOver == [Self.image(1).rect])
        #expect(String(decoding: first.bytes, as: UTF8.self).hasPrefix("\u{1B}7\u{1B}[1;1H\u{1B}P"))
        // Same place, new picture: drawn over the old, no clearing.
        #expect(!p.frame([Self.image(2)], drafting: false, now: 1).clearsScreen)
        // Moved: the old pixels must go.
        let moved = p.frame([Self.image(2, at: 3)], drafting: false, now: 2)
        #expect(moved.clearsScreen && !moved.bytes.isEmpty)
        // Gone (a panel): cleared, nothing drawn.
        let gone = p.frame([], drafting: false, now: 3)
        #expect(gone.clearsScreen && gone.bytes.isEmpty)
    }
}
