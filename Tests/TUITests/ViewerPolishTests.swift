import Annotations
import Testing
import TestSupport
import VolumeKit
@testable import TUI

/// Small things users noticed: what the help calls the label keys, paging, the crosshair,
/// preset names, the list's wording.
@Suite struct ViewerPolishTests {
    @Test func helpNamesTheLabelsTheDigitKeysToggle() {
        let lines = HelpText.lines(KeymapLoader.defaultKeymap, labelSet: DefaultLabelSet.qa)
        #expect(lines.contains { $0.contains("label \"pass\" of qa") })
        #expect(lines.contains { $0.contains("label \"unsure\" of qa") })
        #expect(!lines.contains { $0.contains("toggle label 4") }, "keys with no label in the set are left out")
    }

    @Test func pageDownMovesTheHelpByAPage() {
        var state = openState(rows: 40)
        press(&state, "?", "PageDown")
        guard case .help(let scroll) = state.panel else { Issue.record("help is not open"); return }
        #expect(scroll == state.screenLayout.imageArea.rows - 4)
        #expect(scroll > 10)
    }

    @Test func theCrosshairCanBeHidden() {
        var state = openState()
        let view = ScreenView()
        let shown = view.render(state)
        press(&state, "#")
        #expect(!state.showsCrosshair)
        let hidden = view.render(state)
        #expect(shown != hidden)
        press(&state, "#")
        state.message = nil
        #expect(view.render(state) == shown)
    }

    @Test func noTwoPresetsShareAName() {
        let document = ImageDocument(volume: DemoPhantom.volume(), title: "demo")
        let names = document.presets.map(\.name)
        #expect(Set(names).count == names.count, "\(names)")
        #expect(names.first == "soft tissue")
        #expect(names.contains("soft tissue (preset)"))
    }

    @Test func theListSaysOneAnnotationAndNamesTheKindOnce() {
        var state = openState()
        press(&state, "e", "l", "l", "j", "e")
        let lines = AnnotationListPanel.lines(state).lines
        #expect(lines.contains("1 annotation (Tab selects):"))
        #expect(lines.contains { $0.hasPrefix("1. \"ellipse 1\"") }, "\(lines)")
    }
}
