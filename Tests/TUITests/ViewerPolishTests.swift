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

    @Test func helpIsTwoColumnsWideOnAWideTerminalAndOneOnANarrowOne() {
        let all = HelpText.lines(KeymapLoader.defaultKeymap)
        var wide = openState(columns: 120, rows: 40)
        press(&wide, "?")
        let screen = text(ScreenView().render(wide))
        let twoColumns = screen.filter { $0.contains(" │ ") }
        #expect(twoColumns.count > 20)
        let split = HelpText.columns(all, width: 113)
        #expect(split.count < all.count * 4 / 5, "fewer rows than one column")
        #expect(split.allSatisfy { $0.unicodeScalars.count <= 113 })
        // Every word of the help is on the screen, in order, when the columns are read one after the other.
        let left = split.map { String(String.UnicodeScalarView($0.unicodeScalars.prefix(55))) }
        let right = split.map { String(String.UnicodeScalarView($0.unicodeScalars.dropFirst(58))) }
        let words = { (lines: [String]) in lines.joined(separator: " ").split(separator: " ").filter { $0 != "│" } }
        #expect(words(left + right) == words(all))
        var narrow = openState(columns: 100, rows: 40)
        press(&narrow, "?")
        let helpRows = text(ScreenView().render(narrow)).prefix(narrow.screenLayout.imageArea.rows)
        #expect(!helpRows.contains { $0.contains(" │ ") })
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

extension ViewerPolishTests {
    @Test func aCTStoredAsNIfTIGetsTheCTPresets() {
        var volume = SyntheticVolume.ramp(width: 20, height: 16, depth: 16, rescale: Rescale(slope: 1, intercept: -1024))
        volume.metadata = VolumeMetadata(format: .nifti, sourceFiles: [], datatypeName: "int16")
        let document = ImageDocument(volume: volume, title: "ct.nii.gz")
        #expect(document.volume.metadata.modality == "CT")
        #expect(document.presets.contains { $0.name == "lung" })
        #expect(document.volume.metadata.warnings.contains { $0.contains("taken as CT") })
        // An MR (no negative values) is left alone.
        var mr = SyntheticVolume.ramp(width: 20, height: 16, depth: 12)
        mr.metadata = VolumeMetadata(format: .nifti, sourceFiles: [], datatypeName: "int16")
        #expect(ImageDocument(volume: mr, title: "t1.nii").volume.metadata.modality == nil)
    }

    @Test func theHintRowSaysWhatTheLabelKeysMean() {
        let state = openState(columns: 160)
        let row = text(ScreenView().render(state))[state.screenLayout.statusRow + 2]
        #expect(row.contains("1 pass · 2 fail · 3 unsure"), "\(row)")
    }
}

extension ViewerPolishTests {
    @Test func thePickerNamesOneFileSeriesByTheirFile() {
        let one = DICOMSeriesSource(folder: "/data/us", seriesInstanceUID: "1.2.3", files: ["/data/us/US1_UNCR.dcm"],
                                    title: "US series 1 · 1 file · /data/us")
        let many = DICOMSeriesSource(folder: "/data/ct", seriesInstanceUID: "1.2.4", files: ["/data/ct/a", "/data/ct/b"],
                                     title: "CT series 2 · 2 files · /data/ct")
        #expect(PickerPanel.name(of: .dicomSeries(one)).hasPrefix("US1_UNCR.dcm · US series 1"))
        #expect(PickerPanel.name(of: .dicomSeries(many)) == "CT series 2 · 2 files · /data/ct")
    }
}

extension ViewerPolishTests {
    @Test func windowValuesHaveThePrecisionTheWindowShows() {
        #expect(Formatting.windowValue(45.12, width: 400) == "45")
        #expect(Formatting.windowValue(2.25, width: 4) == "2.2" || Formatting.windowValue(2.25, width: 4) == "2.3")
        #expect(Formatting.windowValue(3, width: 4) == "3")
        #expect(Formatting.windowValue(0.0125, width: 0.05) == Formatting.value(0.0125))
    }
}
