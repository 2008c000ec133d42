import Rendering
import TestSupport
import Testing
import VolumeKit
@testable import TUI

@Suite struct ReducerTests {
    @Test func opensOnTheAxialPlaneWithTheCursorAtTheCentreOfTheMiddleSlice() {
        let state = openState()
        #expect(state.plane == .axial)
        #expect(state.cursor == SIMD3(10, 8, 6))
        #expect(state.slice(of: .axial) == 6)
        #expect(state.layout == .single)
    }

    @Test func aSingle2DImageOpensOnItsOwnPlane() {
        let state = openState(SyntheticVolume.ramp(width: 8, height: 6, depth: 1))
        #expect(state.plane == state.volume!.nativePlane)
        #expect(state.cursor == SIMD3(4, 3, 0))
    }

    @Test func slicesMoveAndStopAtTheEnds() {
        var state = openState()
        press(&state, "]", "]", "]")
        #expect(state.slice(of: .axial) == 9)
        press(&state, "[")
        #expect(state.slice(of: .axial) == 8)
        press(&state, "}")
        #expect(state.slice(of: .axial) == 11)
        #expect(state.message == nil)
        press(&state, "]")
        #expect(state.slice(of: .axial) == 11)
        #expect(state.message?.text == "last slice")
        press(&state, "{", "{")
        #expect(state.slice(of: .axial) == 0)
        press(&state, "G")
        #expect(state.slice(of: .axial) == 11)
        press(&state, "g")
        #expect(state.slice(of: .axial) == 0)
    }

    @Test func cursorMovesOnScreenDirectionsInEachPlane() {
        var state = openState()
        // Identity direction: axial columns run along +i (R→L), rows along +j (A→P).
        press(&state, "l", "l", "j", "Right")
        #expect(state.cursor == SIMD3(13, 9, 6))
        press(&state, "H")
        #expect(state.cursor == SIMD3(3, 9, 6))
        press(&state, "K")
        #expect(state.cursor == SIMD3(3, 0, 6))
        press(&state, "J", "J")
        #expect(state.cursor == SIMD3(3, 15, 6))
        // Coronal rows run from superior to inferior: k shrinks going down.
        press(&state, "c")
        #expect(state.plane == .coronal)
        press(&state, "j")
        #expect(state.cursor == SIMD3(3, 15, 5))
        // The coronal slice is the cursor's j.
        press(&state, "[")
        #expect(state.cursor == SIMD3(3, 14, 5))
        press(&state, "s", "]")
        #expect(state.cursor == SIMD3(4, 14, 5))
    }

    @Test func threePlanesShareTheCursor() {
        var state = openState()
        press(&state, "t")
        #expect(state.layout == .threePlanes)
        #expect(state.screenLayout.panes.map(\.plane) == [.axial, .coronal, .sagittal])
        press(&state, "c", "]")
        #expect(state.layout == .threePlanes)
        #expect(state.plane == .coronal)
        #expect(state.slice(of: .coronal) == 9)
        #expect(state.slice(of: .axial) == 6)
        #expect(state.slice(of: .sagittal) == 10)
        press(&state, "t")
        #expect(state.layout == .single)
    }

    @Test func windowPresetsCycleAndAutoUsesPercentiles() {
        var state = openState(SyntheticVolume.ramp(width: 20, height: 16, depth: 12))
        let document = state.document!
        let first = state.window
        press(&state, "w")
        #expect(state.window != first || document.presets.count == 1)
        let second = state.presetIndex
        for _ in 0..<document.presets.count { press(&state, "w") }
        #expect(state.presetIndex == second, "w cycles back to where it started")
        press(&state, "W")
        // Independently: the 1st and 99th percentiles of the ramp's sorted values.
        var values: [Double] = []
        for k in 0..<12 { for j in 0..<16 { for i in 0..<20 { values.append(Double(i + 10 * j + 100 * k)) } } }
        values.sort()
        func percentile(_ p: Double) -> Double {
            let rank = p / 100 * Double(values.count - 1)
            let low = Int(rank.rounded(.down)), high = min(low + 1, values.count - 1)
            return values[low] + (values[high] - values[low]) * (rank - Double(low))
        }
        let auto = state.window
        #expect(auto.name == "auto")
        #expect(abs((auto.center - auto.width / 2) - percentile(1)) <= 2)
        #expect(abs((auto.center + auto.width / 2) - percentile(99)) <= 2)
        press(&state, ">")
        #expect(abs(state.window.width - auto.width * 1.25) < 1e-9)
        #expect(state.presetIndex == nil)
        press(&state, ".")
        #expect(state.window.center > auto.center)
    }

    @Test func zoomKeepsTheCursorAndFitResets() {
        var state = openState()
        press(&state, "+", "+")
        let view = state.paneView(.axial)
        #expect(abs(view.zoom - 2.25) < 1e-9)
        let viewport = state.viewport(.axial)!
        let cursorCell = viewport.cell(sliceColumn: Double(state.cursor.x), sliceRow: Double(state.cursor.y))
        #expect(cursorCell != nil)
        press(&state, "0")
        #expect(state.paneView(.axial).zoom == 1)
        press(&state, "+", "-", "-")
        #expect(state.paneView(.axial).zoom == 1)
    }

    @Test func commandLineRunsCommands() {
        var state = openState()
        _ = type(&state, "goto 3")
        #expect(state.slice(of: .axial) == 2)
        _ = type(&state, "goto 1 2 3")
        #expect(state.cursor == SIMD3(1, 2, 3))
        _ = type(&state, "window 100 20")
        #expect(state.window.width == 100 && state.window.center == 20)
        _ = type(&state, "goto 99")
        #expect(state.message?.isError == true)
        #expect(state.message?.text.contains("outside 1…12") == true)
        _ = type(&state, "frobnicate")
        #expect(state.message?.text.contains("unknown command :frobnicate") == true)
        #expect(type(&state, "q") == [.quit])
        #expect(state.isRunning == false)
    }

    @Test func commandLineEditsAndCancels() {
        var state = openState()
        press(&state, ":")
        #expect(state.commandLine?.text == "")
        _ = Reducer.reduce(&state, .input(.key(.character("g"))))
        _ = Reducer.reduce(&state, .input(.key(.character("x"))))
        press(&state, "Backspace")
        #expect(state.commandLine?.text == "g")
        press(&state, "Esc")
        #expect(state.commandLine == nil)
        // Keys typed on the command line never reach the keymap.
        press(&state, ":", "q")
        #expect(state.isRunning)
    }

    @Test func presetByName() {
        var state = openState(DemoPhantomSmall.volume())
        _ = type(&state, "preset lung")
        #expect(state.window.name == "lung")
        _ = type(&state, "preset nosuch")
        #expect(state.message?.text.hasPrefix("presets:") == true)
    }

    @Test func aCTOpensBeforeItsStatisticsAndGainsTheAutomaticPresetsAfter() {
        var state = openState(DemoPhantomSmall.volume())
        let quick = state.document!
        #expect(quick.needsStatistics)
        #expect(state.window.name == WindowPresets.ctDefault.name)
        #expect(!quick.presets.contains { $0.name == "auto" })
        // `W` before the statistics arrive waits for them instead of blocking.
        press(&state, "W")
        #expect(state.automaticWindowPending)
        #expect(state.window.name == WindowPresets.ctDefault.name)
        _ = Reducer.reduce(&state, .statisticsReady(quick.withStatistics(), generation: state.documentGeneration))
        #expect(!state.automaticWindowPending)
        #expect(state.window.name == "auto")
        #expect(state.document?.presets.contains { $0.name == "auto" } == true)
        #expect(state.document?.statistics != nil)
        // A volume without a named window is measured at once: its window is automatic.
        let plain = ImageDocument(volume: SyntheticVolume.ramp(), title: "ramp")
        #expect(!plain.needsStatistics && plain.initialWindow.name == "auto")
    }

    @Test func annotationKeysReachTheAnnotationSession() {
        var state = openState()
        for key in ["m", "r", "e", "1", "9", "u", "Ctrl-R", "x", "Tab"] {
            press(&state, key)
            #expect(state.message != nil, "\(key) says what it did")
            #expect(state.message?.text.contains("not available") == false, "\(key)")
        }
    }

    @Test func quitReturnsTheQuitEffect() {
        var state = openState()
        #expect(press(&state, "q") == [.quit])
    }

    @Test func nextAndPreviousImageLoadAfterSaving() {
        var state = openState(images: 3)
        #expect(press(&state, "p").isEmpty)
        #expect(state.message?.text == "this is the first image")
        let effects = press(&state, "n")
        #expect(effects == [.load(index: 1, generation: 1)])
        #expect(state.loading?.title == "/data/image1.nii")
        // A late result of an older load is ignored.
        _ = Reducer.reduce(&state, .loaded(ImageDocument(volume: SyntheticVolume.ramp(), title: "old"), generation: 0))
        #expect(state.document?.title == "ramp.nii")
        _ = Reducer.reduce(&state, .loaded(ImageDocument(volume: SyntheticVolume.ramp(), title: "image1"), generation: 1))
        #expect(state.document?.title == "image1")
        #expect(state.loading == nil)
    }

    @Test func pickerChoosesAnImage() {
        var state = openState(images: 3)
        press(&state, "o")
        #expect(state.panel == .picker(selection: 0))
        press(&state, "Down", "Down", "Down")
        #expect(state.panel == .picker(selection: 2))
        let effects = press(&state, "Enter")
        #expect(effects == [.load(index: 2, generation: 1)])
        #expect(state.panel == .closed)
    }

    @Test func helpAndMetadataPanelsOpenScrollAndClose() {
        var state = openState()
        press(&state, "?")
        #expect(state.panel == .help(scroll: 0))
        press(&state, "j", "j")
        #expect(state.panel == .help(scroll: 2))
        press(&state, "Esc")
        #expect(state.panel == .closed)
        press(&state, "i")
        #expect(state.panel == .metadata(scroll: 0))
        press(&state, "?")
        #expect(state.panel == .help(scroll: 0))
        press(&state, "?")
        #expect(state.panel == .closed)
    }

    @Test func mouseClickSetsTheCursorAndWheelScrolls() {
        var state = openState()
        let viewport = state.viewport(.axial)!
        // The cell that shows slice pixel (2, 3) of the axial plane.
        let cell = viewport.cell(sliceColumn: 2, sliceRow: 3)!
        _ = Reducer.reduce(&state, .input(.mouse(MouseEvent(kind: .press, column: cell.column, row: cell.row))))
        let clicked = viewport.slicePixel(column: cell.column, row: cell.row)!
        #expect(abs(clicked.row - 3) <= 1)
        #expect(state.cursor.x == clicked.column && state.cursor.y == clicked.row)
        _ = Reducer.reduce(&state, .input(.mouse(MouseEvent(kind: .wheelDown, column: cell.column, row: cell.row))))
        #expect(state.slice(of: .axial) == 7)
        // Clicks on the status line do nothing.
        let before = state.cursor
        _ = Reducer.reduce(&state, .input(.mouse(MouseEvent(kind: .press, column: 3, row: 22))))
        #expect(state.cursor == before)
    }

    @Test func fourDimensionalImagesStepThroughTime() {
        var state = openState(FourD.volume())
        press(&state, ")")
        #expect(state.timepoint == 1)
        press(&state, ")", ")")
        #expect(state.timepoint == 0)
        press(&state, "(")
        #expect(state.timepoint == 2)
    }

    @Test func resizeUpdatesTheScreenAndAsksForAFullRedraw() {
        var state = openState()
        let effects = Reducer.reduce(&state, .input(.resize(columns: 120, rows: 40)))
        #expect(effects == [.redrawAll])
        #expect(state.screenLayout.panes[0].rect == CellRect(column: 0, row: 0, columns: 120, rows: 37))
    }

    @Test func loadFailureOfTheOnlyImageEndsTheSession() {
        var state = ViewerState(keymap: KeymapLoader.defaultKeymap,
                                options: ViewerOptions(colorMode: .truecolor, annotator: "t"),
                                images: [.file(path: "/x/broken.nii", format: .nifti)])
        let load = Reducer.startLoading(&state, index: 0)
        #expect(load == [.load(index: 0, generation: 1)])
        #expect(Reducer.reduce(&state, .loadFailed("broken.nii: truncated", generation: 1)) == [.fail("broken.nii: truncated")])
    }
}

/// A CT-like volume small enough for tests: modality CT so the CT presets apply.
enum DemoPhantomSmall {
    static func volume() -> Volume {
        var v = SyntheticVolume.ramp(width: 8, height: 8, depth: 4, rescale: Rescale(slope: 1, intercept: -100))
        v.metadata.modality = "CT"
        return v
    }
}

/// A 4×3×2 volume with three timepoints.
enum FourD {
    static func volume() -> Volume {
        let count = 4 * 3 * 2 * 3
        let buffer = VoxelBuffer(zeroedByteCount: count * 2)
        let p = buffer.mutableBytes.assumingMemoryBound(to: Int16.self)
        for n in 0..<count { p[n] = Int16(n) }
        return Volume(width: 4, height: 3, depth: 2, timepoints: 3, voxelType: .int16, geometry: VolumeGeometry(),
                      buffer: buffer, metadata: VolumeMetadata(format: .nifti, sourceFiles: [], datatypeName: "int16"))
    }
}

@Suite struct AskBeforeLosingWorkTests {
    @Test func quittingWithAnnotationsThatCannotBeSavedAsksFirst() {
        var state = openState()
        #expect(state.annotation?.notSavedReason != nil)
        press(&state, "m")
        #expect(press(&state, "q").isEmpty)
        #expect(state.isRunning)
        #expect(state.message?.text.contains("1 annotation will not be saved") == true)
        #expect(state.message?.text.hasPrefix("q again to quit anyway") == true)
        press(&state, "]")
        #expect(press(&state, "q").isEmpty, "another key disarms: q asks again")
        #expect(press(&state, "q") == [.quit])
        #expect(!state.isRunning)
    }

    @Test func anUnfinishedShapeIsNotDroppedWithoutAWord() {
        var state = openState()
        press(&state, "r", "l", "l")
        #expect(press(&state, "q").isEmpty)
        #expect(state.message?.text.contains("rectangle being drawn is not finished") == true)
        press(&state, "Esc")
        #expect(state.annotation?.session.pending == nil)
        #expect(press(&state, "q") == [.quit], "nothing left to lose: q quits at once")
    }

    @Test func leavingAnImageWhoseWorkCannotBeSavedAsksAndQBangDoesNot() {
        var state = openState(images: 2)
        press(&state, "1")
        #expect(press(&state, "n").isEmpty)
        #expect(state.message?.text.contains("again to leave this image") == true)
        #expect(press(&state, "n") == [.load(index: 1, generation: 1)])
        var other = openState()
        press(&other, "m")
        #expect(type(&other, "q!") == [.quit])
    }

    @Test func keysTypedAfterAnAskingNAreDroppedNotAppliedHere() {
        var state = annotatingState()
        state.images.append(.file(path: "/data/image1.nii", format: .nifti))
        var document = ImageDocument(volume: SyntheticVolume.ramp(width: 20, height: 16, depth: 12), title: "ct.nii")
        document.annotationSource = .opening
        Reducer.open(&state, document)
        press(&state, "m", "n", "2")
        _ = Reducer.reduce(&state, .annotationsOpened(.unsaved(reason: "read-only", isError: false),
                                                      generation: state.documentGeneration))
        #expect(state.annotation?.session.document.annotations.count == 1)
        #expect(state.annotation?.session.activeLabels() == [], "the 2 was for the next image")
        #expect(state.message?.text.contains("1 key typed after it dropped") == true)
        #expect(state.deferred.isEmpty)
    }

    @Test func nothingToLoseQuitsAtOnce() {
        var state = openState()
        press(&state, "]", "c")
        #expect(press(&state, "q") == [.quit])
    }
}
