import Rendering
import TestSupport
import Testing
import VolumeKit
@testable import TUI

@Suite struct ScreenViewTests {
    @Test func statusLineShowsPlaneSliceCursorPositionValueAndWindow() {
        var state = openState(SyntheticVolume.ramp(width: 20, height: 16, depth: 12,
                                                   geometry: VolumeGeometry(origin: [10, 20, 30], spacing: [1, 1, 2])))
        press(&state, "]", "l")
        let rows = text(ScreenView().render(state))
        let status = rows[21], readout = rows[22]
        #expect(status.contains("ramp.nii"))
        #expect(status.contains("axial │ slice 8/12"))
        #expect(status.contains("zoom 1×"))
        #expect(status.contains("truecolour"))
        #expect(status.contains("annotator tester"))
        #expect(readout.contains("voxel [11, 8, 7]"))
        #expect(readout.contains("LPS (21.0, 28.0, 44.0) mm"))
        // Stored value i + 10 j + 100 k, identity rescale.
        #expect(readout.contains("│ \(11 + 80 + 700) │"))
        // A window over a thousand units wide is shown in whole units.
        #expect(readout.contains("W \(Int(state.window.width.rounded())) L \(Int(state.window.center.rounded())) auto"))
    }

    @Test func ctValuesAreInHounsfieldUnits() {
        let state = openState(DemoPhantomSmall.volume())
        let readout = text(ScreenView().render(state))[22]
        #expect(readout.contains("\(4 + 40 + 200 - 100) HU"))
    }

    @Test func imageCellsAreHalfBlocksAndOrientationLettersSitAtTheEdges() {
        let state = openState()
        let grid = ScreenView().render(state)
        let rows = text(grid)
        #expect(grid.cells.contains { $0.glyph == Cell.upperHalfBlock })
        #expect(rows[0].contains("A"))
        #expect(rows[20].contains("P"))
        #expect(rows[10].hasPrefix("R"))
        #expect(rows[10].hasSuffix("L"))
    }

    @Test func threePlaneLayoutTitlesEachPane() {
        var state = openState()
        press(&state, "t")
        let rows = text(ScreenView().render(state))
        #expect(rows[0].contains("axial 7/12"))
        #expect(rows[0].contains("coronal 9/16"))
        #expect(rows.contains { $0.contains("sagittal 11/20") })
        #expect(rows.contains { $0.contains("voxel [10, 8, 6]") })
    }

    @Test func tooSmallTerminalSaysSo() {
        var state = openState()
        _ = Reducer.reduce(&state, .input(.resize(columns: 30, rows: 8)))
        let rows = text(ScreenView().render(state))
        #expect(rows.contains { $0.contains("Terminal too small") })
        #expect(rows.contains { $0.contains("30×8, need 40×12") })
    }

    @Test func helpPanelShowsTheKeys() {
        var state = openState()
        press(&state, "?")
        let rows = text(ScreenView().render(state))
        #expect(rows.contains { $0.contains("Keys") })
        #expect(rows.contains { $0.contains("q       quit") })
    }

    @Test func metadataHidesPatientFieldsUnlessAsked() {
        let metadata = VolumeMetadata(format: .dicom, sourceFiles: [], datatypeName: "int16", fields: [
            MetadataField(key: "(0008,0060)", name: "Modality", value: "CT"),
            MetadataField(key: "(0010,0010)", name: "Patient's Name", value: "Doe^Jane", identifiesPatient: true),
        ])
        let hidden = MetadataText.lines(metadata, showPHI: false).joined(separator: "\n")
        #expect(hidden.contains("Modality"))
        #expect(!hidden.contains("Doe^Jane"))
        #expect(hidden.contains("1 patient-identifying field is hidden"))
        #expect(MetadataText.lines(metadata, showPHI: true).joined(separator: "\n").contains("Doe^Jane"))
    }

    @Test func everySizeFrom40x12UpRendersWithoutOverflow() {
        for (columns, rows) in [(40, 12), (80, 24), (81, 25), (200, 60)] {
            var state = openState(columns: columns, rows: rows)
            for keys in [["t"], ["?"], ["i"], [":"]] {
                for key in keys { press(&state, key) }
                let grid = ScreenView().render(state)
                #expect(grid.columns == columns && grid.rows == rows)
                press(&state, "Esc")
            }
        }
    }
}

@Suite struct ViewerAppTests {
    @Test func runsAScriptLoadsDrawsAndQuits() {
        let terminal = MemoryTerminal(columns: 80, rows: 24, script: [
            .waitFor("slice 49/96", timeout: 60),
            .events([.key(.character("l"))]),
            .events([.key(.character("]")), .key(.character("]")), .key(.character("]"))]),
            .events([.key(.character("q"))]),
        ])
        let state = ViewerState(keymap: KeymapLoader.defaultKeymap,
                                options: ViewerOptions(colorMode: .truecolor, annotator: "t"),
                                images: [.file(path: "", format: .demo)])
        let app = ViewerApp(state: state, backend: terminal)
        let outcome = app.run(watchSignals: false)
        #expect(outcome == .quit)
        #expect(terminal.restored)
        #expect(app.state.slice(of: .axial) == 51)
        // Moving the cursor one pixel resends the crosshair and status, not the picture.
        let loaded = terminal.frames.firstIndex { text($0).contains { $0.contains("slice 49/96") } }!
        #expect(terminal.bytesPerFrame[loaded + 1] * 4 < terminal.bytesPerFrame[loaded])
    }
}

extension ViewerAppTests {
    /// A held `]` delivers many repeats at once: they are all applied before one draft frame,
    /// and the exact frame follows when input stops, so the screen never falls behind the keys.
    @Test func queuedKeysAreCoalescedIntoOneFrame() {
        let held = [InputEvent](repeating: .key(.character("]")), count: 40)
        let terminal = MemoryTerminal(columns: 80, rows: 24, script: [
            .waitFor("slice 49/96", timeout: 60),
            .events(held),
            .events([]),
            .events([.key(.character("q"))]),
        ])
        let state = ViewerState(keymap: KeymapLoader.defaultKeymap,
                                options: ViewerOptions(colorMode: .truecolor, annotator: "t"),
                                images: [.file(path: "", format: .demo)])
        let app = ViewerApp(state: state, backend: terminal)
        #expect(app.run(watchSignals: false) == .quit)
        let loaded = terminal.frames.firstIndex { text($0).contains { $0.contains("slice 49/96") } }!
        let after = terminal.frames[(loaded + 1)...].map { text($0).first { $0.contains("slice ") } ?? "" }
        #expect(after.count == 2, "one draft frame for the 40 keys, then the exact one")
        #expect(after.allSatisfy { $0.contains("slice 89/96") })
        #expect(terminal.frames[loaded + 1] == terminal.frames[loaded + 2])
    }
}

@Suite struct RealImageScreenTests {
    /// anatomical.nii (33×41×25, 2 mm, flipped x): the panes draw only inside themselves.
    @Test func threePlanePanesStayInsideTheirRectangles() throws {
        let volume = try VolumeLoader.load(path: Fixtures.path("nibabel/anatomical.nii"))
        var state = openState(volume, columns: 100, rows: 30)
        press(&state, "t")
        let grid = ScreenView().render(state)
        let info = try #require(state.screenLayout.infoRect)
        for row in info.row..<(info.row + info.rows) {
            for column in info.column..<(info.column + info.columns) {
                let cell = grid[column, row]
                #expect(cell.glyph != Cell.upperHalfBlock && cell.glyph != "█", "image cell at \(column),\(row) in the info panel")
            }
        }
    }
}
