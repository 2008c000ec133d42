import TestSupport
import Testing
import VolumeKit
@testable import TUI

/// `:normalize` sets the window from the volume's own figures and names them in the status line.
@Suite struct NormalizeUnitTests {
    @Test func normalizeSetsTheWindowFromTheFigures() throws {
        var state = openState()
        let volume = state.volume!
        let initial = state.window
        // The ramp holds i + 10 j + 100 k for 20 × 16 × 12 voxels: 0 … 19 + 150 + 1100 = 1269.
        _ = type(&state, "normalize minmax")
        #expect(state.window.lower == 0 && state.window.upper == 1269)
        #expect(state.window.name == "minmax [0, 1269]")
        _ = type(&state, "normalize p1-99")
        let p = try #require(IntensityNormalization.p1to99.figures(for: volume))
        #expect(state.window.lower == p.lower && state.window.upper == p.upper)
        #expect(state.window.name.hasPrefix("p1-99 ["))
        _ = type(&state, "normalize zscore")
        let z = try #require(IntensityNormalization.zscore.figures(for: volume))
        #expect(abs(state.window.center - z.mean!) < 1e-9)
        #expect(abs(state.window.width - 6 * z.standardDeviation!) < 1e-6)
        #expect(state.window.name.contains("± 3 × SD"))
        _ = type(&state, "normalize none")
        #expect(state.window == initial)
        _ = type(&state, "normalize sideways")
        #expect(state.message?.isError == true)
        #expect(state.message?.text == "usage: :normalize none|minmax|p1-99|zscore")
    }
}
