import Testing
import VolumeKit
@testable import Rendering

@Suite struct WindowPresetsTests {
    /// 0, 1, …, 99 HU in a 10 × 10 CT slice.
    func ramp(modality: String? = "CT", fileWindows: [WindowLevel] = [], photometric: String? = nil) -> Volume {
        TestImages.volume(width: 10, height: 10, values: (0..<100).map(Float.init), modality: modality,
                          photometric: photometric, fileWindows: fileWindows)
    }

    @Test func ctCyclesFileWindowsThenPresetsThenAutomaticThenMinMax() {
        let file = WindowLevel(center: 35, width: 90)
        let list = WindowPresets.presets(for: ramp(fileWindows: [file]))
        #expect(list.first == WindowLevel(center: 35, width: 90, name: "file"))
        #expect(list.map(\.name) == ["file", "brain", "subdural", "stroke", "lung", "mediastinum", "bone",
                                     "soft tissue", "liver", "auto", "min–max"])
    }

    @Test func otherModalitiesHaveOnlyTheAutomaticWindows() {
        let list = WindowPresets.presets(for: ramp(modality: "MR"))
        #expect(list.map(\.name) == ["auto", "min–max"])
    }

    @Test func theInitialWindowIsTheFilesThenTheModalityDefault() {
        let file = WindowLevel(center: 35, width: 90, name: "WINDOW1")
        #expect(WindowPresets.initial(for: ramp(fileWindows: [file])) == file)
        #expect(WindowPresets.initial(for: ramp()).name == "soft tissue")
        #expect(WindowPresets.initial(for: ramp(modality: "PT")).name == "auto")
        // A window of zero width from a broken header is skipped.
        #expect(WindowPresets.initial(for: ramp(fileWindows: [WindowLevel(center: 1, width: .nan)])).name == "soft tissue")
    }

    @Test func automaticIsTheFirstToNinetyNinthPercentile() {
        let auto = WindowPresets.automatic(for: ramp())
        #expect(abs(auto.lower - 1) <= 0.1)
        #expect(abs(auto.upper - 99) <= 0.1)
        let minMax = WindowPresets.minMax(for: ramp())
        #expect(minMax.lower == 0 && minMax.upper == 99)
    }

    @Test func aConstantImageStillGetsAUsableWindow() {
        let flat = TestImages.volume(width: 2, height: 2, values: [7, 7, 7, 7])
        let w = WindowPresets.automatic(for: flat)
        #expect(w.width > 0)
        #expect(w.lower <= 7 && w.upper >= 7)
    }
}
